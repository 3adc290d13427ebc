"""Where higher apps plug into the core without the core importing them (DESIGN.md, dependency direction).

Apps register in their `AppConfig.ready()` (each app's `providers.py`); the core looks things up here.
"""

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
