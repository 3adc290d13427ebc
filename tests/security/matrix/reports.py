from portal import roles
from tests.security.matrix import expect

ROWS = {
    "reports:me_home": (None, expect({roles.ME})),
    "reports:stakeholder_home": (None, expect({roles.STAKEHOLDER})),
}
