from portal import roles
from tests.security.matrix import expect

ROWS = {
    "ambassadors:mentor_home": (None, expect({roles.MENTOR})),
}
