"""What matching plugs into portal.registry: cross-app reads for lower apps, the firm's progress steps, demo and
scale data."""

from django.utils.translation import gettext_lazy as _

from matching import notifications  # noqa: F401  (registers matching's notification kinds)
from portal.demo import demo_extensions
from portal.registry import firm_progress, scale_seeders, selectors, task_providers


def _checkin_days(program_id):
    from matching.selectors import matching_settings

    return matching_settings(program_id=program_id).mentoring_checkin_days


def _firms_hosting_ambassadors(audience):
    """For an ambassador's preferences: the firms with an ambassador position (names only are shown)."""
    from firms.models import Firm
    from matching.models import Position
    from training.models import Track

    hosting = Position.objects.filter(program_id=audience.program_id, track=Track.AMBASSADOR)
    return Firm.objects.filter(program_id=audience.program_id, pk__in=hosting.values("firm_id")).order_by("name")


selectors.register("mentoring_checkin_days", _checkin_days)
selectors.register("firms_hosting_ambassadors", _firms_hosting_ambassadors)


def _step_positions(firm):
    from matching.models import Position

    return (40, _("Positions for ambassadors and operators stated"), Position.objects.filter(firm=firm).exists())


def _step_employment(firm):
    from matching.models import Employment

    return (45, _("An ambassador or operator employed"), Employment.objects.filter(firm=firm).exists())


firm_progress.register("positions", _step_positions)
firm_progress.register("employment", _step_employment)


def _demo(program, users):
    from matching.demo import demo_matching

    demo_matching(program, users)


def _scale(ctx):
    from matching.scale import seed

    seed(ctx)


demo_extensions.register("matching", _demo)
scale_seeders.register("matching", _scale)


def _register_api():
    from matching.api import routes
    from portal.api.router import register

    for name, route in routes().items():
        register(name, route)


_register_api()


def _waiting(audience):
    from matching.waiting import waiting

    return waiting(audience)


task_providers.register("matching", _waiting)


def _register_personal_data():
    from matching import personal_data as provided
    from portal.registry import personal_data

    personal_data.register("matching", provided.provider)


_register_personal_data()
