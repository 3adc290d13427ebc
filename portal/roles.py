"""Role codes. The roles themselves are rows (portal.Role); code refers to them by these codes."""

STAFF = "staff"
FINANCE = "finance"
ME = "me"
ASSESSOR = "assessor"
TRAINER = "trainer"
MENTOR = "mentor"
FIRM = "firm"
AMBASSADOR = "ambassador"
OPERATOR = "operator"
STAKEHOLDER = "stakeholder"

ALL = (STAFF, FINANCE, ME, ASSESSOR, TRAINER, MENTOR, FIRM, AMBASSADOR, OPERATOR, STAKEHOLDER)
# Roles that run the program and see all of its records.
PROGRAM_OFFICE = frozenset({STAFF, FINANCE, ME})
# Roles whose users may invite others into the program.
INVITERS = frozenset({STAFF})
