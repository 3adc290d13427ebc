"""Role codes. The roles themselves are rows (portal.Role); code refers to them by these codes."""

STAFF = "staff"
FINANCE = "finance"
# approves payment runs prepared by a finance officer (four eyes); not part of ALL: the test world and the demo
# logins stay one per core role, and stipends' tests give this role to its own users.
FINANCE_APPROVER = "finance_approver"
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
