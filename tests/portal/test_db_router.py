"""The read replica (DATABASE_REPLICA_URL): only report and export jobs read there, inside `replica_reads()`;
pages, services and every write stay on the primary."""

import subprocess
import sys

from django.conf import settings

from portal.db import router as replica_router
from portal.db.router import ReplicaRouter, reading_replica, replica_reads
from portal.models import Job, User
from portal.services import jobs as job_services
from portal.tenancy import program_scope


def test_reads_go_to_the_replica_only_inside_replica_reads(monkeypatch):
    monkeypatch.setattr(replica_router, "replica_configured", lambda: True)
    router = ReplicaRouter()
    assert router.db_for_read(User) is None  # the primary
    with replica_reads():
        assert router.db_for_read(User) == "replica"
        assert router.db_for_write(User) == "default"
        with replica_reads(False):
            assert router.db_for_read(User) is None
        assert router.db_for_read(Job) == "replica"
    assert router.db_for_read(User) is None
    assert router.allow_migrate("replica", "portal") is False
    assert router.allow_migrate("default", "portal") is True


def test_without_a_replica_the_block_changes_nothing():
    assert "replica" not in settings.DATABASES
    with replica_reads():
        assert not reading_replica()
        assert ReplicaRouter().db_for_read(User) is None


def test_report_job_kinds_run_inside_replica_reads(world, monkeypatch, settings):
    from portal.registry import job_kinds

    monkeypatch.setattr(replica_router, "replica_configured", lambda: True)
    seen = []

    def handler(job, progress):
        seen.append(reading_replica())

    monkeypatch.setitem(job_kinds._items, "members_export", handler)
    settings.DATABASE_REPLICA_JOB_KINDS = ["members_export"]
    with program_scope(world.a.program.pk):
        job_services.job_run(job_id=world.a.job.pk)
    settings.DATABASE_REPLICA_JOB_KINDS = []
    with program_scope(world.a.program.pk):
        Job.objects.filter(pk=world.a.job.pk).update(status=Job.Status.QUEUED)
        job_services.job_run(job_id=world.a.job.pk)
    assert seen == [True, False]


def test_settings_add_the_replica_and_its_router_from_the_environment():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.DATABASES['replica']['HOST'], s.DATABASES['replica']['TEST']['MIRROR'], s.DATABASE_ROUTERS)"
    )
    env = {"DATABASE_REPLICA_URL": "postgres://reader@replica.internal:5432/portal", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == [
        "replica.internal",
        "default",
        "['portal.db.router.ReplicaRouter']",
    ]
