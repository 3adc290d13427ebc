from portal import roles
from tests.security.matrix import EVERYONE, expect

STAFF = {roles.STAFF}
HER = {roles.AMBASSADOR}

ROWS = {
    "privacy:my_data": (None, expect(EVERYONE)),
    # force_login is not a recent authentication: allauth asks for the password again first
    "privacy:my_identifier_reveal": (None, expect(EVERYONE, ok_status=302, method="post")),
    "privacy:my_export_request": (None, expect(EVERYONE, ok_status=302, method="post")),
    # her download: hers alone, not even the staff's
    "privacy:my_export_download": (lambda pw: {"pk": pw.export_job.pk}, expect(HER, other=404)),
    "privacy:my_request_new": (None, expect(EVERYONE)),
    # nobody but her and the staff who handle requests sees her request
    "privacy:request_detail": (lambda pw: {"pk": pw.data_request.pk}, expect(HER | STAFF, other=404)),
    "privacy:request_act": (
        lambda pw: {"pk": pw.data_request.pk, "action": "note"},
        expect(STAFF, ok_status=400, method="post"),
    ),
    "privacy:request_queue": (None, expect(STAFF)),
    "privacy:request_on_behalf": (None, expect(STAFF)),
    "privacy:inventory": (None, expect(STAFF)),
    "privacy:inventory_new": (None, expect(STAFF)),
    "privacy:inventory_edit": (lambda pw: {"pk": pw.inventory_row.pk}, expect(STAFF)),
    "privacy:inventory_export": (None, expect(STAFF)),
    "privacy:settings": (None, expect(STAFF)),
    "privacy:retention": (None, expect(STAFF)),
}
