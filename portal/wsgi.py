import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

from portal.checks import refuse_development_secrets  # noqa: E402  (needs the apps loaded above)

refuse_development_secrets()

# embedded mode (no broker): jobs run in a thread of this serving process, off the request (JOBS_EMBEDDED_WORKER)
from portal.services.jobs_embedded import start_if_enabled  # noqa: E402

start_if_enabled()
