"""Where higher apps plug into the core without the core importing them (DESIGN.md, dependency direction).

Apps register in their `AppConfig.ready()` (each app's `providers.py`); the core looks things up here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured


class Registry:
    def __init__(self, name: str):
        self.name = name
        self._items: dict = {}

    def register(self, key, value):
        if key in self._items and self._items[key] != value:
            raise ImproperlyConfigured(f"{self.name}: {key!r} is already registered")
        self._items[key] = value
        return value

    def get(self, key, default=None):
        return self._items.get(key, default)

    def __getitem__(self, key):
        return self._items[key]

    def __contains__(self, key):
        return key in self._items

    def items(self):
        return self._items.items()


# role code -> URL name of that role's home page
role_homes = Registry("role home pages")
# job kind -> callable(job) -> JobResult; runs inside the job's program scope
job_kinds = Registry("background job kinds")
# name -> callable(audience) -> queryset; reads the core needs from higher apps (e.g. "firms_for_audience")
selectors = Registry("cross-app selectors")
# step name -> callable(firm) -> (order, label, done: bool); the firm home shows where the firm is in the
# program. firms registers the first steps; assessments, matching and stipends add theirs.
firm_progress = Registry("firm progress steps")
# name -> callable(ctx) that bulk-fills one app's tables for `seed_scale` (national-size data for the benchmarks);
# ctx is a portal.scale.ScaleContext. Apps register in their providers; seeders run in INSTALLED_APPS order.
scale_seeders = Registry("scale data seeders")
# name -> callable(employment) called by matching inside the transaction that ends an employment early, so
# stipends can stop claims and raise a clawback without matching importing stipends (DESIGN.md layers).
employment_ended = Registry("employment ended hooks")


@dataclass(frozen=True)
class Export:
    """Where a person gets an Excel file: its URL name, the method and the query or form values that ask for the
    file. A POST that starts a job leads to the job's download. `sample` (text -> bytes) writes the file from
    given text instead, for files whose page needs state a test world does not keep (a bank file is written once)."""

    url_name: str | None = None
    method: str = "get"
    params: dict = field(default_factory=dict)
    sample: Callable[[str], bytes] | None = None


# name -> Export; every Excel file the portal hands out, written through portal/xlsx.py. A test feeds hostile names
# through each one and reads the files back (tests/security/test_exports.py).
exports = Registry("Excel exports")
# name -> portal.api.router.Route (a viewset under a prefix) or a django.urls path(): the API's endpoints, each
# app's `api.py` registered from its providers; portal.api.urls assembles /api/v1/ from them.
api_routes = Registry("API routes")
# event code -> label: what webhooks can be told (portal.api.webhooks); apps register the events they emit.
webhook_events = Registry("webhook events")
# name -> callable(employment, old_start) called by matching inside the transaction that moves an employment's start,
# so stipends can decide the months in between again (the stipend gives way to salary support from the new start).
employment_start_changed = Registry("employment start changed hooks")
# kind key ("matching.offer_made") -> portal.notifications.kinds.Kind; each app declares its own in notifications.py
notification_kinds = Registry("notification kinds")
# name -> callable(audience) -> list[portal.notifications.tasks.Task]: the open actions "waiting for you" on every
# home page, derived from state; each provider takes a fixed number of queries whatever the data size
task_providers = Registry("waiting-for-you task providers")
# app name -> portal.personal_data.PersonalDataProvider: what the app holds about a person, her documents, what
# legally holds it, and how to erase or pseudonymise it. "My data", the data export and erasure read only these.
personal_data = Registry("personal-data providers")
# rule code -> portal.personal_data.RetentionRule: one period of the retention schedule (which rows or files,
# after how long, destroyed or pseudonymised). The retention job runs them; apps own their rules.
retention_rules = Registry("retention rules")
# name -> callable(user, program_id, purpose) -> list[str]: what an app stops doing when a person withdraws a
# consent (e.g. hides her story or photo), called in the withdrawal's transaction; the effects are recorded with it.
consent_withdrawn = Registry("consent withdrawal effects")
