from portal import roles
from tests.security.matrix import OFFICE, expect

ROWS = {
    # the world's application is a firm's: no CV behind it, so office roles get 404 (tests/ambassadors: the 200)
    "ambassadors:application_cv": (
        lambda pw: {"pk": pw.application.pk},
        expect(set(), other=403, overrides=dict.fromkeys(OFFICE, 404)),
    ),
    "ambassadors:mentor_home": (None, expect({roles.MENTOR})),
    "ambassadors:profile": (None, expect({roles.AMBASSADOR})),
    "ambassadors:profile_list": (None, expect(OFFICE)),
    "ambassadors:mentoring_list": (None, expect(OFFICE)),
    # an empty form: back to the list with a message
    "ambassadors:mentor_assign": (None, expect({roles.STAFF}, ok_status=302, method="post")),
    # staff, the mentor, the mentee
    "ambassadors:assignment_detail": (
        lambda pw: {"pk": pw.assignment.pk},
        expect(OFFICE | {roles.MENTOR, roles.AMBASSADOR}),
    ),
    # she has a mentor: straight to her mentoring page
    "ambassadors:my_mentoring": (None, expect({roles.AMBASSADOR}, ok_status=302)),
}
