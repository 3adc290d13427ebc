from portal import roles
from tests.security.matrix import OFFICE, expect

ROWS = {
    "firms:home": (None, expect({roles.FIRM})),
    "firms:firm_list": (None, expect(OFFICE)),
    "firms:firm_detail": (lambda pw: {"pk": pw.firms[0].pk}, expect(OFFICE | {roles.FIRM}, other=404)),
}
