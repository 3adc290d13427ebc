import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
@signals.beat_init.connect
def _refuse_development_secrets(**kwargs):
    """A worker or beat started outside DEBUG with the repository's development keys stops here."""
    from portal.checks import refuse_development_secrets

    refuse_development_secrets()


@signals.after_setup_logger.connect
@signals.after_setup_task_logger.connect
def _structured_logs(logger, **kwargs):
    """The worker's own handlers get the portal's format and the request/job ids (portal/logs.py)."""
    from portal.logs import configure_celery_handlers

    configure_celery_handlers(logger)
