from portal import roles
from tests.security.matrix import EVERYONE, OFFICE, expect

STAFF = {roles.STAFF}
PUBLIC = expect(EVERYONE, anon=200, public=True)

ROWS = {
    "public_events:event_list": (lambda pw: {"program_code": pw.program.code}, PUBLIC),
    "public_events:event_detail": (lambda pw: {"program_code": pw.program.code, "pk": pw.event.pk}, PUBLIC),
    "public_events:event_ics": (lambda pw: {"program_code": pw.program.code, "pk": pw.event.pk}, PUBLIC),
    "public_events:registration": (
        lambda pw: {"program_code": pw.program.code, "token": pw.registration.token},
        PUBLIC,
    ),
    "outreach:event_list": (None, expect(EVERYONE)),
    "outreach:event_detail": (lambda pw: {"pk": pw.event.pk}, expect(EVERYONE)),
    "outreach:event_new": (None, expect(STAFF)),
    "outreach:event_edit": (lambda pw: {"pk": pw.event.pk}, expect(STAFF)),
    "outreach:event_attendance": (lambda pw: {"pk": pw.event.pk}, expect(STAFF)),
    "outreach:attendance_toggle": (
        lambda pw: {"pk": pw.event.pk, "registration_pk": pw.registration.pk},
        expect(STAFF, ok_status=302, method="post"),
    ),
    "outreach:organisation_list": (None, expect(OFFICE)),
}
