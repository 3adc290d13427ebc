from portal import roles
from portal.demo import demo_extensions
from portal.registry import role_homes

role_homes.register(roles.TRAINER, "training:trainer_home")
# Both tracks land on their training until their own profiles (ambassadors, operators) take over.
role_homes.register(roles.AMBASSADOR, "training:my_training")
role_homes.register(roles.OPERATOR, "training:my_training")


def demo_trainees(program, users):
    from portal.models import Province
    from training.models import Trainee

    for role, track, plate in (
        (roles.AMBASSADOR, Trainee.Track.AMBASSADOR, 34),
        (roles.OPERATOR, Trainee.Track.OPERATOR, 41),
    ):
        Trainee.objects.get_or_create(
            program=program,
            user=users[role],
            defaults={"track": track, "province": Province.objects.get(plate=plate), "status": Trainee.Status.ACTIVE},
        )


demo_extensions.register("training", demo_trainees)
