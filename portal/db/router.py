"""Reads that may go to the read replica (`DATABASE_REPLICA_URL`): only inside `replica_reads()`.

Report and export jobs read a lot and write little, and what they read is seconds or days old (a closed period, a
list as of now), so a replica's lag does not matter to them; pages and services stay on the primary, where a
person always reads what she has just written. `portal.services.jobs` opens `replica_reads()` around the
handlers of the kinds listed in `DATABASE_REPLICA_JOB_KINDS`. Writes always go to the primary, and the replica
is never migrated (it copies the primary).
"""

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"

_reading_replica = contextvars.ContextVar("replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def replica_reads(enabled: bool = True):
    """Within this block, ORM reads go to the replica when one is configured (a no-op otherwise)."""
    token = _reading_replica.set(bool(enabled))
    try:
        yield
    finally:
        _reading_replica.reset(token)


def reading_replica() -> bool:
    return _reading_replica.get() and replica_configured()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if reading_replica():
            return REPLICA
        return None  # the primary ("default")

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # the replica holds the same rows as the primary: objects read from either may be related
        return {obj1._state.db, obj2._state.db} <= {"default", REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
