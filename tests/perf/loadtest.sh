#!/usr/bin/env bash
# The load test (`make loadtest`): gunicorn (4 workers) + PostgreSQL + Redis + a Celery worker on loopback,
# 200 simulated users for 5 minutes (tests/perf/locustfile.py), then the figures. Starts what it needs and stops
# it again; PostgreSQL and Redis must be running (as in .ci/run). Not part of `make test`.
#
#   tests/perf/loadtest.sh                                   # national program in portal_scale (seeded if missing)
#   USERS=50 DURATION=1m SCALE=pilot LOADTEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_pilot tests/perf/loadtest.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-.venv/bin}
USERS=${USERS:-200}
# the locustfile measures 5 minutes (LOADTEST_STEADY_SECONDS) from the moment all users have logged in, then
# stops; DURATION only bounds the whole run (ramp-up at SPAWN users/s, each logging in once)
DURATION=${DURATION:-15m}
SCALE=${SCALE:-national}
PORT=${PORT:-8765}
SPAWN=${SPAWN:-2}
export DATABASE_URL=${LOADTEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_scale}
export REDIS_URL=${LOADTEST_REDIS_URL:-redis://127.0.0.1:6379/5}
export CACHE_URL=$REDIS_URL CELERY_BROKER_URL=$REDIS_URL
export DJANGO_DEBUG=false DJANGO_SECURE_SSL_REDIRECT=false DJANGO_HSTS_SECONDS=0
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost SITE_URL=http://127.0.0.1:$PORT
export DATABASE_CONN_MAX_AGE=${DATABASE_CONN_MAX_AGE:-60}
export STATIC_ROOT=var/loadtest/static LOADTEST_ACCOUNTS=var/loadtest/accounts.json
RESULTS=tests/perf/results
mkdir -p "$RESULTS" var/loadtest

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

echo "database: $DATABASE_URL; redis: $REDIS_URL; $USERS users for $DURATION"
"$BIN/python" -c "import redis, os; redis.Redis.from_url(os.environ['REDIS_URL']).ping()" \
  || { echo "Redis is not answering at $REDIS_URL"; exit 1; }
[ "${SKIP_MIGRATE:-}" = 1 ] || "$BIN/python" manage.py migrate --noinput -v0
"$BIN/python" manage.py collectstatic --noinput -v0
"$BIN/python" -m tests.perf.loadtest_prepare --scale "$SCALE" --out "$LOADTEST_ACCOUNTS"

DJANGO_SETTINGS_MODULE=tests.perf.loadtest_settings "$BIN/gunicorn" portal.wsgi:application \
  --bind "127.0.0.1:$PORT" --workers 4 --access-logfile /dev/null --error-logfile var/loadtest/gunicorn.log &
pids+=($!)
DJANGO_SETTINGS_MODULE=tests.perf.loadtest_settings "$BIN/celery" -A portal worker --concurrency=1 \
  --loglevel=WARNING --logfile var/loadtest/celery.log &
pids+=($!)
for _ in $(seq 1 60); do
  "$BIN/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz/')" 2>/dev/null && break
  sleep 1
done

"$BIN/locust" -f tests/perf/locustfile.py --headless -u "$USERS" -r "$SPAWN" -t "$DURATION" \
  --host "http://127.0.0.1:$PORT" --csv "$RESULTS/loadtest" --only-summary --stop-timeout 15 \
  --exit-code-on-error 0 2>&1 | tail -n 60
"$BIN/python" -m tests.perf.loadtest_report "$RESULTS/loadtest-summary.json"
