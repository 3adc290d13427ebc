"""What the health URL checks (django-health-check): database, cache, broker, a worker, file storage, disk.

In the embedded mode (no REDIS_URL) there is no broker and no separate worker: tasks run in the web process,
so those two checks say so and pass. With a real broker, a broker that is down fails its check (and the worker
ping) while every page keeps serving; jobs wait in the database for the sweep.
"""

import dataclasses
import datetime
import os
import shutil

import celery
from django.conf import settings
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.contrib.celery import Ping
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


def _celery_app():
    from portal.celery import app

    return app


def _embedded() -> bool:
    from portal.celery import app

    return bool(app.conf.task_always_eager)


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection (Redis in a deployment)."""

    timeout: datetime.timedelta = dataclasses.field(default=datetime.timedelta(seconds=3), repr=False)

    def run(self):
        if _embedded():
            return
        from portal.celery import app

        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=self.timeout.total_seconds())
        except Exception as exc:  # kombu raises several types for an unreachable broker
            raise ServiceUnavailable("broker unreachable") from exc


@dataclasses.dataclass
class Worker(Ping):
    """A Celery worker answers a ping and consumes the portal's queue."""

    app: celery.Celery = dataclasses.field(default_factory=lambda: _celery_app(), repr=False)

    def run(self):
        if _embedded():
            return
        try:
            super().run()
        except ServiceUnavailable:
            raise
        except Exception as exc:  # a broker that is down makes the ping itself fail
            raise ServiceUnavailable("no worker reachable") from exc


@dataclasses.dataclass
class Disk(HealthCheck):
    """The disk that holds uploaded and generated files has room left."""

    def run(self):
        usage = shutil.disk_usage(settings.MEDIA_ROOT if os.path.isdir(settings.MEDIA_ROOT) else settings.BASE_DIR)
        free_mb = usage.free // (1024 * 1024)
        if free_mb < settings.HEALTH_DISK_MIN_FREE_MB:
            raise ServiceUnavailable(f"{free_mb} MB free")


class PortalHealthView(HealthCheckView):
    checks = (Database, Cache, Broker, Worker, Storage, Disk)
