"""National-scale data for the benchmarks: the context every app's scale seeder gets (`seed_scale`).

Each app registers `portal.registry.scale_seeders.register("<app label>", <app>.scale.seed)` in its providers;
`seed(ctx)` reads what earlier apps made (through `ctx.ids(...)`/the scoped managers: the command runs inside
the program's scope) and bulk-fills its own tables. Seeders run in INSTALLED_APPS order, all in one
transaction: a failure leaves nothing behind.

Two ways to insert, both assign primary keys up front so a seeder can refer to the rows it just made:

- `ctx.bulk(Model, objs)`: model instances (convenient; fine up to some 100,000 rows);
- `ctx.rows(Model, ["id", "session_id", ...], iterable_of_tuples)`: plain tuples, streamed (for millions of
  rows). Columns left out get the field's default (`auto_now`/`auto_now_add`: `ctx.now`); `program_id` is
  filled in. Values are Python values (datetimes, Decimals, plain text for encrypted fields).

On PostgreSQL both use COPY (psycopg2 `copy_expert`, CSV); on SQLite `executemany` in large batches.
Determinism: everything random comes from `ctx.rng` (seeded), dates from `ctx.today`.
"""

from __future__ import annotations

import csv
import io
import json
import random
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.apps import apps
from django.db import connection, models
from django.utils import timezone

from portal.pii import EncryptedTextField

# Sizes of one preset. Seeders read what they need with ctx.size("name", default) so later apps can add keys.
NATIONAL = {
    "firms": 10_000,
    "trainees": 50_000,
    # ambassadors : operators among trainees
    "ambassador_share": 0.4,
    "cohort_size": 25,
    # sessions a cohort meets (each gives every enrolled trainee an attendance mark): 50,000 × 100 = 5,000,000
    "attendance_per_trainee": 100,
    "trainers": 400,
    "assessors": 60,
    "reviewers": 20,
    # firm applications per selected firm (the rest were not selected)
    "applications_per_firm": 1.5,
    "workforce_snapshots_per_firm": 3,
    # share of firms with a published SIRI (and COSIRI) assessment
    "assessed_share": 0.6,
    "roadmap_items": 6,
    # later apps (stipends, matching): targets they read
    "ledger_entries": 1_000_000,
    "candidates": 2_000,
    "matching_firms": 1_000,
}
PILOT = {
    **NATIONAL,
    "firms": 100,
    "trainees": 500,
    "trainers": 8,
    "assessors": 4,
    "reviewers": 4,
    "ledger_entries": 10_000,
    "candidates": 100,
    "matching_firms": 50,
}
TINY = {
    **NATIONAL,
    "firms": 12,
    "trainees": 60,
    "cohort_size": 15,
    "attendance_per_trainee": 12,
    "trainers": 3,
    "assessors": 2,
    "reviewers": 2,
    "ledger_entries": 1_000,
    "candidates": 20,
    "matching_firms": 10,
}
PRESETS = {"tiny": TINY, "pilot": PILOT, "national": NATIONAL}

SCALE_DOMAIN = "scale.kadinimalat.test"
# The password of every seeded login (load test, benchmarks). Seeded accounts never hold an office role that
# requires a second factor unless `mfa=True` is asked for.
SCALE_PASSWORD = "Olcek-Parola-2026"

# Field types whose Python values go to the database as they are (no conversion per value).
_PLAIN = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "CharField",
    "SlugField",
    "EmailField",
    "URLField",
    "TextField",
    "BooleanField",
    "ForeignKey",
    "OneToOneField",
}


@dataclass
class ScaleContext:
    program: object
    rng: random.Random
    sizes: dict
    seed: int = 42
    today: date = field(default_factory=timezone.localdate)
    verbose: bool = True
    out: object = None
    timings: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    # filled by the portal seeder: role code -> list of user ids ("logins": role -> one email to log in with)
    people: dict = field(default_factory=dict)
    # what one seeder leaves for the next (e.g. "calls": group -> call id); prefer reading the database
    shared: dict = field(default_factory=dict)

    def __post_init__(self):
        self.now = timezone.make_aware(datetime.combine(self.today, datetime.min.time().replace(hour=12)))
        self.vendor = connection.vendor
        self._t0 = time.perf_counter()
        self._password_hash = None

    # --- reading -------------------------------------------------------------------------------------------

    def size(self, name: str, default=None):
        return self.sizes.get(name, default)

    def ids(self, model, *, order_by="pk", **filters) -> list[int]:
        """Primary keys of this program's rows of a model (what an earlier seeder made), in pk order."""
        return list(
            model.objects.filter(program_id=self.program.pk, **filters).order_by(order_by).values_list("pk", flat=True)
        )

    @property
    def actor_id(self) -> int:
        """The program-office user seeded rows are 'made by'."""
        return self.people["staff"][0]

    @property
    def password_hash(self) -> str:
        """One hash of SCALE_PASSWORD shared by all seeded logins (hashing 60,000 passwords would take hours)."""
        if self._password_hash is None:
            from django.contrib.auth.hashers import make_password

            self._password_hash = make_password(SCALE_PASSWORD)
        return self._password_hash

    def email(self, kind: str, n: int) -> str:
        return f"{kind}{n}.{self.program.code}@{SCALE_DOMAIN}"

    # --- logging and timing --------------------------------------------------------------------------------

    def log(self, msg: str) -> None:
        if self.verbose:
            stream = self.out or sys.stdout
            stream.write(f"[{time.perf_counter() - self._t0:7.1f}s] {msg}\n")
            stream.flush()

    @contextmanager
    def timer(self, label: str):
        t = time.perf_counter()
        yield
        self.timings[label] = round(time.perf_counter() - t, 2)
        self.log(f"{label}: {self.timings[label]} s")

    # --- writing -------------------------------------------------------------------------------------------

    def reserve_ids(self, model, n: int) -> range:
        """n fresh primary keys for `model` (taken from the sequence on PostgreSQL)."""
        if n <= 0:
            return range(0)
        table = model._meta.db_table
        pk = model._meta.pk.column
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [connection.ops.quote_name(table), pk])
                seq = cursor.fetchone()[0]
                cursor.execute("SELECT nextval(%s)", [seq])
                first = cursor.fetchone()[0]
                cursor.execute("SELECT setval(%s, %s)", [seq, first + n - 1])
            else:
                cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                first = cursor.fetchone()[0] + 1
                used = getattr(self, "_sqlite_reserved", {})
                first = max(first, used.get(table, 0))
                used[table] = first + n
                self._sqlite_reserved = used
        return range(first, first + n)

    def bulk(self, model, objs, batch_size: int = 5000) -> list:
        """Insert model instances (primary keys assigned first, so `obj.pk` is set afterwards)."""
        objs = list(objs)
        if not objs:
            return objs
        missing = [o for o in objs if o.pk is None]
        for obj, pk in zip(missing, self.reserve_ids(model, len(missing)), strict=True):
            obj.pk = pk
        fields = list(model._meta.concrete_fields)
        for obj in objs:
            if hasattr(obj, "program_id") and obj.program_id is None:
                obj.program_id = self.program.pk
        names = [f.attname for f in fields]
        self.rows(
            model,
            names,
            ([f.pre_save(obj, True) for f in fields] for obj in objs),
            batch_size=max(batch_size, 1000),
            _count=len(objs),
        )
        return objs

    def rows(self, model, columns: list[str], rows, batch_size: int = 100_000, _count=None) -> int:
        """Stream tuples into `model`'s table; `columns` are attnames (`trainee_id`). Returns the row count."""
        meta = model._meta
        by_attname = {f.attname: f for f in meta.concrete_fields}
        unknown = [c for c in columns if c not in by_attname]
        if unknown:
            raise ValueError(f"{meta.label}: no columns {unknown}")
        constants = {}
        for f in meta.concrete_fields:
            if f.attname in columns or f.primary_key:
                continue
            if f.attname == "program_id":
                constants[f.attname] = self.program.pk
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                constants[f.attname] = self.now if isinstance(f, models.DateTimeField) else self.today
            elif f.has_default():
                constants[f.attname] = f.get_default()
            elif f.null:
                constants[f.attname] = None
            elif f.blank and isinstance(f, (models.CharField, models.TextField)):
                constants[f.attname] = ""
            else:
                raise ValueError(f"{meta.label}.{f.attname} has no default: give a value")
        all_columns = list(columns) + list(constants)
        fields = [by_attname[c] for c in all_columns]
        convert = [(i, self._converter(f)) for i, f in enumerate(fields)]
        convert = [(i, c) for i, c in convert if c is not None]
        tail = [constants[c] for c in constants]
        if tail:
            tail_converted = list(tail)
            for i, c in convert:
                if i >= len(columns):
                    tail_converted[i - len(columns)] = c(tail[i - len(columns)])
            convert = [(i, c) for i, c in convert if i < len(columns)]
            tail = tail_converted

        def prepared():
            for row in rows:
                row = list(row)
                for i, c in convert:
                    row[i] = c(row[i])
                if tail:
                    row.extend(tail)
                yield row

        table = meta.db_table
        n = self._copy(table, [f.column for f in fields], prepared(), batch_size)
        self.counts[meta.label] = self.counts.get(meta.label, 0) + n
        return n

    def _converter(self, f):
        """How one column's Python value becomes what COPY / sqlite3 takes (None: as it is)."""
        internal = f.get_internal_type()
        if isinstance(f, models.FileField):  # a FieldFile (from model instances) or a name
            none = r"\N" if self.vendor == "postgresql" else None
            return lambda v: none if v is None else (getattr(v, "name", v) or "")
        if self.vendor == "postgresql":
            if isinstance(f, EncryptedTextField):
                return lambda v: r"\N" if v is None else f.get_prep_value(v)
            if isinstance(f, models.JSONField):
                return lambda v: r"\N" if v is None else json.dumps(v, cls=f.encoder)
            if f.null:
                if isinstance(f, models.BooleanField):
                    return lambda v: r"\N" if v is None else ("t" if v else "f")
                return lambda v: r"\N" if v is None else v
            if isinstance(f, models.BooleanField):
                return lambda v: "t" if v else "f"
            return None
        if internal in _PLAIN and not isinstance(f, EncryptedTextField):
            return None
        return lambda v: None if v is None else f.get_db_prep_save(v, connection)

    def _copy(self, table: str, columns: list[str], rows, batch_size: int) -> int:
        qn = connection.ops.quote_name
        n = 0
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                sql = f"COPY {qn(table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
                raw = cursor.cursor
                buffer = io.StringIO()
                writer = csv.writer(buffer, lineterminator="\n")
                pending = 0
                for row in rows:
                    writer.writerow(row)
                    pending += 1
                    if pending >= batch_size:
                        buffer.seek(0)
                        raw.copy_expert(sql, buffer)
                        n += pending
                        pending = 0
                        buffer = io.StringIO()
                        writer = csv.writer(buffer, lineterminator="\n")
                if pending:
                    buffer.seek(0)
                    raw.copy_expert(sql, buffer)
                    n += pending
            else:
                names, marks = ", ".join(qn(c) for c in columns), ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {qn(table)} ({names}) VALUES ({marks})"  # noqa: S608 — names from the model
                batch = []
                for row in rows:
                    batch.append(row)
                    if len(batch) >= min(batch_size, 20_000):
                        cursor.executemany(sql, batch)
                        n += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    n += len(batch)
        return n

    # --- people --------------------------------------------------------------------------------------------

    def make_users(self, kind: str, count: int, role_code: str, *, names=None, firm_ids=None, login=False) -> list:
        """`count` users with a membership in `role_code` (and a firm, when firm_ids is given); returns their
        ids. Emails are `<kind><n>.<program code>@scale.kadinimalat.test`; with login=True they can log in
        with SCALE_PASSWORD, otherwise their password is unusable."""
        from portal.models import Membership, Role, User

        if count <= 0:
            return []
        ids = self.reserve_ids(User, count)
        password = self.password_hash if login else "!"
        names = names or _names(self.rng, count)
        self.rows(
            User,
            ["id", "email", "full_name", "password", "is_staff", "is_active", "date_joined", "is_superuser"],
            (
                (pk, self.email(kind, i + 1), names[i], password, False, True, self.now, False)
                for i, pk in enumerate(ids)
            ),
        )
        role_id = Role.objects.get(code=role_code).pk
        self.rows(
            Membership,
            ["user_id", "role_id", "firm_id", "is_active", "created_at"],
            ((pk, role_id, firm_ids[i] if firm_ids else None, True, self.now) for i, pk in enumerate(ids)),
        )
        return list(ids)

    def date_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max((end - start).days, 0)))


FIRST_NAMES = [
    "Ayşe", "Fatma", "Zeynep", "Elif", "Merve", "Hülya", "Selin", "Büşra", "Gül", "Derya", "Emine", "Hatice",
    "Esra", "Özlem", "Sevgi", "Gizem", "Tuğba", "Burcu", "Nur", "Ebru", "Şeyma", "İrem", "Çiğdem", "Dilek",
]  # fmt: skip
LAST_NAMES = [
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Arslan", "Öztürk", "Aydın", "Koç", "Kurt", "Özdemir", "Doğan",
    "Kılıç", "Aslan", "Çetin", "Kara", "Koçak", "Yıldız", "Yıldırım", "Erdoğan", "Güneş", "Aktaş", "Bulut", "Işık",
]  # fmt: skip


def _names(rng: random.Random, count: int) -> list[str]:
    return [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(count)]


def seeders_in_order():
    """The registered seeders, in INSTALLED_APPS order of their keys (unknown keys last, as registered)."""
    from portal.registry import scale_seeders

    order = {cfg.label: i for i, cfg in enumerate(apps.get_app_configs())}
    items = list(scale_seeders.items())
    return sorted(items, key=lambda kv: order.get(kv[0], len(order) + items.index(kv)))


@contextmanager
def fast_load():
    """PostgreSQL: skip per-row foreign-key triggers while loading (the seeders write consistent data) and
    do not wait for the WAL flush. Needs a superuser; without one it loads with the triggers, only slower."""
    if connection.vendor != "postgresql":
        yield False
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO off")
        try:
            cursor.execute("SAVEPOINT scale_replica")
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("RELEASE SAVEPOINT scale_replica")
            replica = True
        except Exception:
            cursor.execute("ROLLBACK TO SAVEPOINT scale_replica")
            replica = False
    yield replica  # SET LOCAL: both settings end with the transaction, committed or rolled back
