from portal import roles
from tests.security.matrix import OFFICE, expect

ROWS = {
    "ambassadors:application_cv": (lambda pw: {"pk": pw.application.pk}, expect(OFFICE, other=403, overrides={})),
    "ambassadors:mentor_home": (None, expect({roles.MENTOR})),
}
