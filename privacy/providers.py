from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.personal_data import RetentionRule
from portal.registry import job_kinds, retention_rules, selectors, task_providers
from privacy import waiting as _waiting_module  # noqa: F401  (registers the request-deadline notification kind)


def _export(job, progress):
    from privacy.export import export_job

    return export_job(job, progress)


def _retain_exports(**kwargs):
    from privacy.export import retain_exports

    return retain_exports(**kwargs)


job_kinds.register("privacy.export", _export)
retention_rules.register(
    "privacy.exports",
    RetentionRule(
        "documents",
        gettext_lazy("Data downloads people asked for"),
        lambda policy: _("after the days set for downloads"),
        _retain_exports,
        order=5,
    ),
)


def _inventory(*, program_id):
    from privacy.selectors import inventory_list
    from privacy.services import inventory_ensure

    inventory_ensure(program_id=program_id)
    return inventory_list(program_id=program_id)


# the privacy notice (in the core) shows the processing inventory
selectors.register("privacy_inventory", _inventory)


def _waiting(audience):
    from privacy.waiting import waiting

    return waiting(audience)


# data-subject requests by their legal deadline on the handlers' homes (and the kind that reminds them)
task_providers.register("privacy", _waiting)
