from portal import roles
from portal.demo import demo_extensions
from portal.registry import Export, exports, job_kinds, role_homes, scale_seeders, task_providers
from portal.services.jobs import JobResult
from training import (
    notifications,  # noqa: F401  (registers training's notification kinds)
    waiting,
)
from training.services import CERTIFICATE_JOB, EXPORT_JOB

role_homes.register(roles.TRAINER, "training:trainer_home")
# Both tracks land on their training until their own profiles (ambassadors, operators) take over.
role_homes.register(roles.AMBASSADOR, "training:my_training")
role_homes.register(roles.OPERATOR, "training:my_training")
task_providers.register("training", waiting.waiting)


def certificate_job(job, progress) -> None:
    """Builds the certificate's PDF and keeps it with the certificate (the job itself keeps no file)."""
    from training.services import certificate_build

    certificate_build(certificate_id=job.params["certificate_id"])


def cohort_export_job(job, progress) -> JobResult:
    from training.services import cohort_export_build

    filename, content = cohort_export_build(cohort_id=job.params["cohort_id"], progress=progress)
    return JobResult(filename=filename, content=content)


job_kinds.register(CERTIFICATE_JOB, certificate_job)
job_kinds.register(EXPORT_JOB, cohort_export_job)


def demo_trainees(program, users):
    from portal.models import Province
    from training import demo
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
    demo.seed(program, users)


demo_extensions.register("training", demo_trainees)


def _scale_seed(ctx):
    from training import scale

    scale.seed(ctx)


scale_seeders.register("training", _scale_seed)

exports.register("cohort_roster", Export("training:cohort_export", method="post"))
exports.register("grade_sheet", Export("training:cohort_grades_template"))


def _register_api():
    from portal.api.router import register
    from training.api import routes

    for name, route in routes().items():
        register(name, route)


_register_api()


def _register_personal_data():
    from portal.registry import personal_data
    from training import personal_data as provided

    personal_data.register("training", provided.provider)


_register_personal_data()
