"""What surveys plugs into portal.registry: notification kinds, "waiting for you", the Excel export, demo data."""

from portal.demo import demo_extensions
from portal.registry import Export, exports, task_providers
from surveys import notifications  # noqa: F401  (registers the survey notification kinds)


def _waiting(audience):
    from surveys.waiting import waiting

    return waiting(audience)


task_providers.register("surveys", _waiting)


def _demo(program, users):
    from surveys.demo import seed

    seed(program, users)


demo_extensions.register("surveys", _demo)
exports.register("survey_results", Export("surveys:campaign_export", params={}))
