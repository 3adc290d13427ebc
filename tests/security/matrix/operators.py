from portal import roles
from tests.security.matrix import OFFICE, expect

ROWS = {
    "operators:employer_confirmations": (None, expect({roles.FIRM})),
    "operators:employer_confirm": (
        lambda pw: {"pk": pw.operator_application.pk},
        expect({roles.FIRM}, ok_status=302, method="post"),
    ),
    "operators:profile": (None, expect({roles.OPERATOR})),
    "operators:profile_list": (None, expect(OFFICE)),
}
