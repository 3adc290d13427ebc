from portal import roles
from tests.security.matrix import OFFICE, expect

ROWS = {
    "training:my_training": (None, expect({roles.AMBASSADOR, roles.OPERATOR})),
    "training:trainer_home": (None, expect({roles.TRAINER})),
    "training:trainee_list": (None, expect(OFFICE)),
    "training:trainee_detail": (
        lambda pw: {"pk": pw.trainees[roles.AMBASSADOR].pk},
        expect(OFFICE | {roles.AMBASSADOR}, other=404),
    ),
}
