from portal import roles
from tests.security.matrix import expect

ROWS = {
    "stipends:finance_home": (None, expect({roles.FINANCE})),
}
