"""Fill a fresh program with national-size data for the benchmarks and the load test (portal.scale).

    python manage.py seed_scale --preset national --seed 42          # 10,000 firms, 50,000 trainees, 5M marks
    python manage.py seed_scale --preset pilot --code scale-pilot
    python manage.py seed_scale --firms 2000 --trainees 8000 --seed 7
    python manage.py seed_scale --preset tiny --json                 # logins and counts as JSON

Creates its own Program (`--code`, default `scale-<preset>`) next to whatever else is in the database, opens
that program's scope and runs every registered scale seeder (portal.registry.scale_seeders) in INSTALLED_APPS
order inside one transaction. Refuses to fill a program code that exists already (`--replace` drops nothing:
use a new code or a fresh database).
"""

import json
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from portal.models import Program, Province
from portal.scale import PRESETS, SCALE_PASSWORD, ScaleContext, fast_load, seeders_in_order
from portal.tenancy import program_scope


class Command(BaseCommand):
    help = "Fill a new program with realistic national-size data (firms, trainees, attendance, ledger …)."

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=sorted(PRESETS), default="national")
        parser.add_argument("--firms", type=int, help="number of firms (overrides the preset)")
        parser.add_argument("--trainees", type=int, help="number of trainees (overrides the preset)")
        parser.add_argument(
            "--attendance-per-trainee", type=int, help="sessions per cohort, i.e. marks per trainee (overrides)"
        )
        parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="any other size")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--code", help="program code (default scale-<preset>)")
        parser.add_argument("--only", help="comma-separated seeder names to run (default: all)")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, **options):
        sizes = dict(PRESETS[options["preset"]])
        for key in ("firms", "trainees", "attendance_per_trainee"):
            if options.get(key) is not None:
                if options[key] < 1:
                    raise CommandError(f"--{key.replace('_', '-')} must be at least 1")
                sizes[key] = options[key]
        for item in options["set"]:
            name, _, value = item.partition("=")
            try:
                sizes[name] = float(value) if "." in value else int(value)
            except ValueError:
                raise CommandError(f"--set {item!r}: expected NAME=NUMBER") from None
        code = options["code"] or f"scale-{options['preset']}"
        if Program.objects.filter(code=code).exists():
            raise CommandError(f"program {code!r} exists already: choose another --code or use a fresh database")
        seeders = seeders_in_order()
        if options["only"]:
            wanted = set(options["only"].split(","))
            seeders = [(name, fn) for name, fn in seeders if name in wanted]
        started = time.perf_counter()
        with transaction.atomic(), fast_load() as replica:
            program = Program.objects.create(
                code=code,
                name_tr=f"Ölçek testi programı ({options['preset']}, tohum {options['seed']})",
                name_en=f"Scale test programme ({options['preset']}, seed {options['seed']})",
            )
            program.pilot_provinces.set(Province.objects.all())
            program.case_by_case_provinces.set(Province.objects.filter(earthquake_2023=True))
            ctx = ScaleContext(
                program=program,
                rng=random.Random(options["seed"]),  # noqa: S311 — test data, not a secret
                sizes=sizes,
                seed=options["seed"],
                verbose=not options["json"],
                out=self.stdout,
            )
            ctx.log(
                f"program {code} on {connection.vendor}; firms {sizes['firms']}, trainees {sizes['trainees']}"
                + ("; foreign-key triggers off while loading" if replica else "")
            )
            with program_scope(program.pk):
                for name, seed in seeders:
                    with ctx.timer(f"seeder {name}"):
                        seed(ctx)
        total = round(time.perf_counter() - started, 1)
        if connection.vendor == "postgresql":
            # statistics for the planner and the visibility map for index-only counts, as autovacuum would leave
            # them after a while in production
            with ctx.timer("vacuum analyze"), connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        result = {
            "program": code,
            "database": connection.vendor,
            "sizes": sizes,
            "seconds": total,
            "timings": ctx.timings,
            "rows": ctx.counts,
            "password": SCALE_PASSWORD,
            "logins": ctx.people.get("logins", {}),
            "totp_secret": ctx.people.get("totp_secret", ""),
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(self.style.SUCCESS(f"Filled {code} in {total} s ({sum(ctx.counts.values()):,} rows)."))
        for label, n in sorted(ctx.counts.items()):
            self.stdout.write(f"  {label:<32} {n:>12,}")
        self.stdout.write(
            f"Logins (password {SCALE_PASSWORD}; staff, finance, M&E and assessors: TOTP secret "
            f"{ctx.people.get('totp_secret', '')}, e.g. python manage.py totp_code EMAIL):"
        )
        for role, email in result["logins"].items():
            self.stdout.write(f"  {role:<12} {email}")
