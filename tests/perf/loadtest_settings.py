"""Settings of the load test's gunicorn: production settings (DJANGO_DEBUG=false, Redis, PostgreSQL) served over
plain HTTP on loopback, so the session and CSRF cookies cannot be marked Secure (a client would not send them
back over http). Nothing else differs from production."""

from portal.settings import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False

# Production sits behind one reverse proxy that sets X-Forwarded-For; the load test's 200 people all come from
# 127.0.0.1, so each simulated user sends her own address there (allauth's per-IP login limits stay on).
ALLAUTH_TRUSTED_PROXY_COUNT = 1

# The national data set was seeded with the development PII keys, so the loopback load test decrypts with them;
# production settings refuse to start with those keys (portal.checks.refuse_development_secrets). This module is
# only ever selected by tests/perf/loadtest.sh.
ALLOW_DEVELOPMENT_KEYS = True
