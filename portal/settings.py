"""One settings module; every deploy-time value comes from the environment.

With no environment set the portal runs embedded: SQLite, eager Celery, console
email, media in a local folder. `.env.example` lists every variable.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-secret-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "portal",
    "firms",
    "assessments",
    "training",
    "ambassadors",
    "operators",
    "knowledge",
    "outreach",
    "matching",
    "stipends",
    "surveys",
    "reports",
    "privacy",
]
if DEBUG:
    # development helpers (e.g. `manage.py totp_code`, which prints a second factor) never exist in production
    INSTALLED_APPS.append("portal.devtools")

MIDDLEWARE = [
    "portal.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.locale.TurkishFirstLocaleMiddleware",
    "portal.request_limits.RequestSizeLimitMiddleware",  # before anything reads the body (CSRF reads the POST)
    "portal.request_limits.NulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # a personal access token on /api/ becomes the request's user and program before tenancy is resolved
    "portal.api.middleware.ApiTokenMiddleware",
    "portal.middleware.TenancyMiddleware",
    "portal.middleware.RequireMfaMiddleware",
    "portal.notifications.links.RequestBaseUrlMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
AUTH_USER_MODEL = "portal.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
if env("DATABASE_TEST_NAME", default=""):
    # CI points a real Celery worker at the test database, so its name must be known up front.
    DATABASES["default"]["TEST"] = {"NAME": env("DATABASE_TEST_NAME")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # the same backend, plus the Turkish collation PostgreSQL has from ICU (portal/db/sqlite3)
    DATABASES["default"]["ENGINE"] = "portal.db.sqlite3"
    # tests keep Django's in-memory SQLite database; said explicitly because pytest-django recognises SQLite by
    # the stock engine name only, and would otherwise name a test file per xdist worker after db.sqlite3's path
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded worker thread (portal/services/jobs_embedded.py) writes while requests read and write: WAL lets
    # readers go on beside one writer, and a writer waits up to 20 s for another instead of failing "locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": env.int("SQLITE_BUSY_TIMEOUT_SECONDS", default=20), "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # covering indexes (INCLUDE) are a PostgreSQL optimisation; SQLite builds the plain index and says so each time
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
# A read replica (PostgreSQL streaming replica) for report and export reads: only code inside
# `portal.db.router.replica_reads()` reads there (background jobs whose kind is in DATABASE_REPLICA_JOB_KINDS);
# everything else, and every write, stays on the primary, so nobody reads her own write from a lagging copy.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
DATABASE_REPLICA_JOB_KINDS = env.list(
    "DATABASE_REPLICA_JOB_KINDS", default=["reports.monitoring_report", "reports.policy_export"]
)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests have one database; the replica is its mirror
    DATABASE_ROUTERS = ["portal.db.router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery ----------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
# The cache may use its own Redis database (CACHE_URL), so clearing it never touches the broker's queues.
CACHE_URL = env("CACHE_URL", default=REDIS_URL)
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions live in the database (shared by every web process) and, when the cache is shared too (Redis), are read
# through it. A per-process cache (the embedded default) would let a process keep a session another one ended.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if CACHE_URL else "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="portal")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request must never hang on a dead broker: fail fast, the job sweep re-sends later.
# A message a dead worker had taken (acks_late) goes back to the queue once it has been out this long; kombu looks
# every `unacked_restore_interval` seconds. Jobs are guarded by their lease, so an early re-delivery of a job that
# is still running only reschedules itself. Tasks that can run longer than this must be idempotent (all ours are).
BROKER_VISIBILITY_TIMEOUT = env.int("BROKER_VISIBILITY_TIMEOUT", default=90)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TIMEZONE = "Europe/Istanbul"
# the M&E dashboards read stored figures, recomputed in the background this often (reports.tasks)
REPORTS_FIGURES_REFRESH_MINUTES = env.int("REPORTS_FIGURES_REFRESH_MINUTES", default=10)
CELERY_BEAT_SCHEDULE = {
    "jobs-resend-stale": {"task": "portal.tasks.jobs_resend_stale", "schedule": 30.0},
    # webhook deliveries whose backoff has passed and whose retry message was lost (or never sent: eager mode)
    "webhooks-retry-due": {"task": "portal.tasks.webhooks_retry_due", "schedule": 60.0},
    "api-housekeeping": {"task": "portal.tasks.api_housekeeping", "schedule": 3600.0},
    "notifications-resend-stale": {"task": "portal.tasks.deliveries_resend_stale", "schedule": 120.0},
    # the daily digest of low-urgency notifications, at 08:00 Istanbul time
    "notifications-digest": {
        "task": "portal.tasks.notification_digests_all",
        "schedule": crontab(hour=8, minute=0),
    },
    "firms-workforce-reminders": {"task": "firms.tasks.workforce_reminders_all", "schedule": 24 * 3600.0},
    # month-end stipend run (the task itself decides whether today is a month's last evening or the 1st)
    "stipends-month-end": {"task": "stipends.tasks.stipend_runs_month_end", "schedule": 3 * 3600.0},
    # hourly, not daily, so an offer expires within the hour of its deadline
    "matching-daily": {"task": "matching.tasks.matching_daily_all", "schedule": 3600.0},
    # self-assessments due soon: the firm is reminded once (assessments.services.self_assessments_remind)
    "assessments-daily": {"task": "assessments.tasks.assessments_daily_all", "schedule": 24 * 3600.0},
    # a period that has ended gets its monitoring report (reports.services.monitoring_reports_schedule)
    "reports-monitoring-due": {"task": "reports.tasks.monitoring_reports_due", "schedule": 6 * 3600.0},
    # the retention schedule: daily check, each program runs when its own interval (privacy settings) has passed
    "privacy-retention": {"task": "privacy.tasks.retention_due", "schedule": 24 * 3600.0},
    # handlers reminded before a data-subject request's legal deadline and when it has passed (privacy.waiting)
    "privacy-request-deadlines": {"task": "privacy.tasks.request_deadlines_due", "schedule": 24 * 3600.0},
    "reports-figures-refresh": {
        "task": "reports.tasks.figures_refresh_all",
        "schedule": 60.0 * REPORTS_FIGURES_REFRESH_MINUTES,
    },
}
# Embedded mode (no broker): a thread in each web process runs queued jobs off the request, so the page returns at
# once and its progress bar works as with Celery (portal/services/jobs_embedded.py). It starts only where the WSGI
# application is loaded (runserver, gunicorn); commands and the tests keep running jobs eagerly in-process.
# Ignored when a broker is configured (Celery workers run the jobs).
JOBS_EMBEDDED_WORKER = env.bool("JOBS_EMBEDDED_WORKER", default=CELERY_TASK_ALWAYS_EAGER)
JOB_RESEND_AFTER_SECONDS = env.int("JOB_RESEND_AFTER_SECONDS", default=120)
# Job lease (portal/services/jobs.py): a running job's worker refreshes its heartbeat this often, and loses the
# job when it has been silent for JOB_LEASE_SECONDS. With the 30 s sweep, a job whose worker was killed runs
# again within about 75 s of another worker being free (at once when the broker re-delivers to the same host).
JOB_HEARTBEAT_SECONDS = env.int("JOB_HEARTBEAT_SECONDS", default=10)
JOB_LEASE_SECONDS = env.int("JOB_LEASE_SECONDS", default=45)
# a job that has killed its worker this many times is failed rather than fed more workers
JOB_MAX_RUNS = env.int("JOB_MAX_RUNS", default=5)
JOB_TIME_LIMIT_SECONDS = env.int("JOB_TIME_LIMIT_SECONDS", default=3600)
# the health URL's disk check fails below this much free space where files are kept
HEALTH_DISK_MIN_FREE_MB = env.int("HEALTH_DISK_MIN_FREE_MB", default=500)

# --- Auth, allauth, MFA -----------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Kadın İmalat Portalı")
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"
PASSWORD_HASHERS = env.list(
    "DJANGO_PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
    ],
)
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)

# --- Language, time -----------------------------------------------------------------------------
LANGUAGE_CODE = "tr"
LANGUAGES = [("tr", _("Turkish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Istanbul"
USE_I18N = True
USE_TZ = True

# --- Static, media ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "var" / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Files shared by several web and worker machines: an S3-compatible bucket (AWS S3, MinIO, Ceph) when
# AWS_STORAGE_BUCKET_NAME is set, the local MEDIA_ROOT otherwise. The bucket stays private: objects are written
# with the "private" ACL, never overwritten, and the portal never links to them (every file is streamed by a view
# that checks who asks and logs the download; files with identifiers are encrypted before they reach it).
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,  # MinIO: http://minio:9000
            "region_name": env("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env("AWS_ACCESS_KEY_ID", default="") or None,  # else boto3's own chain (instance role)
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default="") or None,
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default="path"),  # MinIO wants path-style
            "signature_version": "s3v4",
            "location": env("AWS_LOCATION", default="media"),
            "default_acl": "private",
            "querystring_auth": True,  # a URL, if one is ever made, is signed and short-lived
            "querystring_expire": 300,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "private, no-store"},
        },
    }
WHITENOISE_USE_FINDERS = DEBUG

# --- Email --------------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portal@localhost")

# --- Notifications (portal/notifications/) ------------------------------------------------------
# how many times one email or SMS is tried (backing off 30 s, 1 min, 2 min, ...) before it stays failed
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=5)
# "console" prints SMS (embedded default); "netgsm" posts to a NetGSM-style HTTP gateway; or a dotted class path
SMS_BACKEND = env("SMS_BACKEND", default="console")
SMS_HTTP_URL = env("SMS_HTTP_URL", default="")
SMS_USER = env("SMS_USER", default="")
SMS_PASSWORD = env("SMS_PASSWORD", default="")
SMS_SENDER = env("SMS_SENDER", default="")  # the approved sender name (başlık)
SMS_TIMEOUT_SECONDS = env.int("SMS_TIMEOUT_SECONDS", default=10)

# --- Personal data ------------------------------------------------------------------------------
# Keys for encrypting national ids and IBANs, and for the keyed hash that finds them. Never SECRET_KEY.
DEV_PII_ENCRYPTION_KEY = "ZGV2LW9ubHktcGlpLWtleS1jaGFuZ2UtbWUtMDEyMzQ="
PII_ENCRYPTION_KEYS = env.list("PII_ENCRYPTION_KEYS", default=[DEV_PII_ENCRYPTION_KEY])
PII_HASH_KEY = env("PII_HASH_KEY", default="dev-only-pii-hash-key-change-me")

# --- Security -----------------------------------------------------------------------------------
# Behind the compose proxy (docker-compose.yml): trust its X-Forwarded-Proto for "is this HTTPS", and let allauth
# take the client's address from X-Forwarded-For, counting this many proxies from the right, so that rate limits
# and lockouts are per person and not per proxy. Leave both unset when Django faces the internet itself.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("DJANGO_BEHIND_TLS_PROXY", default=True) else None
)
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz/"]  # the container health check speaks plain HTTP on loopback
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# One JSON object per line in production (LOG_FORMAT=json), readable text while developing; every line carries
# the request id (X-Request-ID from the proxy, or made here) and the job id (portal/logs.py).
LOG_FORMAT = env("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "context": {"()": "portal.logs.ContextFilter"},
        "quiet_client_errors": {"()": "portal.logs.QuietClientErrors"},
    },
    "formatters": {
        "json": {"()": "portal.logs.JsonFormatter"},
        "text": {"()": "portal.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context", "quiet_client_errors"],
            "formatter": LOG_FORMAT,
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["quiet_client_errors"],
        },
    },
    "loggers": {
        # a 403/404 is logged as one line without its traceback; a 500 is mailed to ADMINS too
        "django.request": {"handlers": ["console", "mail_admins"], "level": "WARNING", "propagate": False},
        "portal": {"level": env("PORTAL_LOG_LEVEL", default="INFO")},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
# Who gets error mail (500s): "Ad Soyad <ad@example.org>, ops@example.org"
ADMINS = [
    (address.split("<")[0].strip() or address, address.split("<")[-1].rstrip(">").strip())
    for address in env.list("DJANGO_ADMINS", default=[])
]
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Error tracking: Sentry or a self-hosted GlitchTip, on when SENTRY_DSN is set. No personal data is sent
# (send_default_pii off); events carry the request id as a tag to find the matching log lines.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    def _tag_request_id(event, hint):
        from portal.logs import job_id_var, request_id_var

        event.setdefault("tags", {}).update({"request_id": request_id_var.get(), "job_id": job_id_var.get()})
        return event

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=None),
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        before_send=_tag_request_id,
    )
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")

# --- Training and assessments (deploy-time tuning; program facts live in the database) ---
TRAINING_CHECKIN_CODE_MINUTES = env.int("TRAINING_CHECKIN_CODE_MINUTES", default=15)
TRAINING_CHECKIN_OPENS_MINUTES_BEFORE = env.int("TRAINING_CHECKIN_OPENS_MINUTES_BEFORE", default=15)
ASSESSMENT_PRIORITIES_PER_BLOCK = env.int("ASSESSMENT_PRIORITIES_PER_BLOCK", default=1)
ASSESSMENT_PRIORITIES_EXTRA = env.int("ASSESSMENT_PRIORITIES_EXTRA", default=1)
# Request and upload limits: the largest upload is 10 MB (portal/uploads.py) and a salary-support claim carries two;
# a request larger than MAX_REQUEST_BYTES is refused (413) before it is read. A proxy in front should refuse the
# same size (nginx: client_max_body_size 25m;).
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)  # form fields, not files
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int(
    "FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440
)  # larger files go to a temp file
DATA_UPLOAD_MAX_NUMBER_FILES = 10
ASSESSMENT_UPLOAD_INLINE_BYTES = env.int("ASSESSMENT_UPLOAD_INLINE_BYTES", default=256 * 1024)
ASSESSMENT_UPLOAD_APPLY_INLINE_ROWS = env.int("ASSESSMENT_UPLOAD_APPLY_INLINE_ROWS", default=200)

# --- API (portal/api/) ----------------------------------------------------------------------------
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
API_IDEMPOTENCY_KEEP_HOURS = env.int("API_IDEMPOTENCY_KEEP_HOURS", default=48)
# a webhook endpoint failing for this long is disabled and the program's staff are told
WEBHOOK_DISABLE_AFTER_HOURS = env.int("WEBHOOK_DISABLE_AFTER_HOURS", default=24)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=5.0)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["portal.api.permissions.IsMember"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.throttling.TokenRateThrottle", "portal.api.throttling.AnonIpThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env("API_THROTTLE_TOKEN", default="600/min"),
        "anon": env("API_THROTTLE_ANON", default="60/min"),
    },
    "EXCEPTION_HANDLER": "portal.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "İmalatta Kadın Portalı API",
    "DESCRIPTION": (
        "REST API of the Women in Manufacturing portal. Authenticate with a personal access token "
        "(`Authorization: Bearer kip_…`, created under *API tokens*); the API sees exactly what the token's "
        "owner sees in the portal. Answers are in Turkish unless `Accept-Language: en` is sent."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "APPEND_COMPONENTS": {
        "securitySchemes": {"tokenAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "kip_…"}}
    },
    "SECURITY": [{"tokenAuth": []}],
    "AUTHENTICATION_WHITELIST": ["portal.api.authentication.ApiTokenAuthentication"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api.docs.add_common_errors",
    ],
}
