from portal import roles
from tests.security.matrix import expect

ROWS = {
    "assessments:assessor_home": (None, expect({roles.ASSESSOR})),
}
