from portal import roles
from tests.security.matrix import EVERYONE, OFFICE, expect

STAFF = {roles.STAFF}

ROWS = {
    "call_list_public": (lambda pw: {"program_code": pw.program.code}, expect(EVERYONE, anon=200, public=True)),
    "call_apply": (
        lambda pw: {"program_code": pw.program.code, "pk": pw.call.pk},
        expect(EVERYONE, anon=200, public=True),
    ),
    "application_edit": (
        lambda pw: {"program_code": pw.program.code, "token": pw.application_token},
        expect(EVERYONE, anon=200, public=True),
    ),
    "call_list": (None, expect(OFFICE)),
    "call_new": (None, expect(STAFF)),
    "call_detail": (lambda pw: {"pk": pw.call.pk}, expect(OFFICE)),
    "applications_bulk": (lambda pw: {"pk": pw.call.pk}, expect(STAFF, ok_status=302, method="post")),
    "call_quotas": (lambda pw: {"pk": pw.call.pk}, expect(STAFF, ok_status=302, method="post")),
    "applications_export": (
        lambda pw: {"pk": pw.call.pk},
        expect({roles.STAFF, roles.ME}, ok_status=302, method="post"),
    ),
    "application_detail": (lambda pw: {"pk": pw.application.pk}, expect(OFFICE, other=404)),
    "application_transition": (lambda pw: {"pk": pw.application.pk}, expect(STAFF, ok_status=302, method="post")),
    "review_assign": (lambda pw: {"pk": pw.application.pk}, expect(STAFF, ok_status=302, method="post")),
    "interview_new": (lambda pw: {"pk": pw.application.pk}, expect(STAFF, ok_status=302, method="post")),
    "review_list": (None, expect({roles.STAFF, roles.ASSESSOR})),
    "review_edit": (lambda pw: {"pk": pw.review.pk}, expect(STAFF, overrides={roles.ASSESSOR: 404})),
}
