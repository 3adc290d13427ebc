from portal import roles
from tests.security.matrix import EVERYONE, OFFICE, expect

ROWS = {
    "landing": (None, expect(EVERYONE, ok_status=302, anon=200)),
    "home": (None, expect(EVERYONE, ok_status=302)),
    "healthz": (None, expect(EVERYONE, anon=200)),
    "healthz_live": (None, expect(EVERYONE, anon=200)),
    "program_switch": (None, expect(EVERYONE, ok_status=302, method="post")),
    "staff_home": (None, expect(OFFICE)),
    "member_list": (None, expect(OFFICE)),
    "members_export": (None, expect({roles.STAFF, roles.ME}, ok_status=302, method="post")),
    "invitation_new": (None, expect({roles.STAFF})),
    "invitation_revoke": (lambda pw: {"pk": pw.invitation.pk}, expect({roles.STAFF}, ok_status=302, method="post")),
    "invitation_accept": (
        lambda pw: {"program_code": pw.program.code, "token": "not-a-real-token"},
        expect(set(), other=404, anon=404, public=True),
    ),
    "privacy": (None, expect(EVERYONE)),
    "job_detail": (lambda pw: {"pk": pw.job.pk}, expect({roles.STAFF}, other=404)),
    "job_progress": (lambda pw: {"pk": pw.job.pk}, expect({roles.STAFF}, other=404)),
    "job_download": (lambda pw: {"pk": pw.job.pk}, expect(set(), other=404)),  # no result file yet: 404 for all
}
