from portal import roles
from tests.security.matrix import OFFICE, expect

ROWS = {
    # the world's application is a firm's: no CV behind it, so office roles get 404 (tests/ambassadors: the 200)
    "ambassadors:application_cv": (
        lambda pw: {"pk": pw.application.pk},
        expect(set(), other=403, overrides=dict.fromkeys(OFFICE, 404)),
    ),
    "ambassadors:mentor_home": (None, expect({roles.MENTOR})),
}
