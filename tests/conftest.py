import pytest
from django.core.cache import cache

from tests.world import World, build_program


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth remembers used TOTP codes and rate limits in the cache; each test starts clean.
    cache.clear()
    yield


def ensure_reference_data():
    """Transactional tests flush the database, data migrations included: put the shared rows back."""
    from portal.models import Province, Role, Sector
    from portal.reference_data import load_reference_data

    if not Role.objects.exists():
        load_reference_data(Province, Sector, Role)


@pytest.fixture
def world(db) -> World:
    ensure_reference_data()
    return World(a=build_program("a"), b=build_program("b"))


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing is tested by logging in; building the test world must not take seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _turkish_first():
    """Every test starts in the portal's default language, whatever an earlier request left active."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _jobs_run_in_process(request):
    """Background jobs run in the test's own process and transaction, except in tests marked `worker`, which
    (with REDIS_URL set, as in CI's second pass) hand them to the real Celery worker over the real broker."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    from portal.celery import app

    eager, propagates = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = eager, propagates


@pytest.fixture(autouse=True)
def _no_embedded_job_worker(settings):
    """Jobs run deterministically in the test's process; a test that wants the embedded worker thread starts it
    (portal.services.jobs_embedded.start) and this stops it afterwards."""
    from portal.services import jobs_embedded

    settings.JOBS_EMBEDDED_WORKER = False
    yield
    if jobs_embedded.is_running():
        jobs_embedded.stop()
