"""The load test: 200 people using the portal at once, in the programme's proportions (`make loadtest`).

Run by tests/perf/loadtest.sh against gunicorn (4 workers) + PostgreSQL + Redis + a Celery worker on loopback,
with the accounts of the scale program that tests/perf/loadtest_prepare.py wrote to var/loadtest/accounts.json:

- trainees (60 %) look at their training (*Eğitimim*) and the check-in page;
- firm users (20 %) look at their firm's progress and profile, and fill in workforce figures;
- trainers (12 %) open today's session, take attendance (and correct it), look at their cohort's sheet;
- programme staff (8 %) use their dashboard, the firm list (filtered, paged), firm pages, the application list,
  the cohort and trainee lists, now and then the at-risk list.

Everyone logs in through the real login form (staff with a TOTP code, as required). Every response that is not
what a browser would accept counts as an error. At the end the exact percentiles of all page requests (login
excluded, and login on its own) go to tests/perf/results/loadtest-summary.json.
"""

import base64
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from pathlib import Path

from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(Path(os.environ.get("LOADTEST_ACCOUNTS", "var/loadtest/accounts.json")).read_text())
RESULTS = Path(__file__).resolve().parent / "results"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_counters = {kind: itertools.count() for kind in ("trainee", "firm", "trainer", "staff")}
_samples = {"pages": [], "login": [], "errors": 0, "by_name": {}}


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 (SHA-1, 6 digits, 30 s), as authenticator apps and allauth compute it."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((at or time.time()) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


@events.request.add_listener
def _collect(request_type, name, response_time, response_length, exception, **kwargs):
    bucket = "login" if name.startswith("login") else "pages"
    _samples[bucket].append(response_time)
    _samples["by_name"].setdefault(name, []).append(response_time)
    if exception:
        _samples["errors"] += 1


def _percentile(values, q):
    ordered = sorted(values)
    if not ordered:
        return None
    return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 1)


STEADY_SECONDS = int(os.environ.get("LOADTEST_STEADY_SECONDS", "300"))
_logged_in = {"n": 0}


def _logged_in_one(environment):
    """Once every simulated person has logged in, forget the ramp-up (200 logins in a row is not a normal
    hour: each costs a PBKDF2 hash) and measure STEADY_SECONDS of ordinary use, then stop."""
    _logged_in["n"] += 1
    target = environment.parsed_options.num_users if environment.parsed_options else None
    if target and _logged_in["n"] == target:
        import gevent

        environment.stats.reset_all()
        _samples.update({"pages": [], "login": [], "errors": 0, "by_name": {}, "since": time.time()})
        print(f"all {target} users logged in: measuring {STEADY_SECONDS} s of steady state", flush=True)
        gevent.spawn_later(STEADY_SECONDS, environment.runner.quit)


@events.test_stop.add_listener
def _summary(environment, **kwargs):
    stats = environment.stats.total  # reset when spawning completed (--reset-stats): the steady state
    duration = max(1e-9, time.time() - _samples.get("since", stats.start_time or time.time()))

    def figures(values):
        return {
            "requests": len(values),
            "p50_ms": _percentile(values, 0.50),
            "p95_ms": _percentile(values, 0.95),
            "p99_ms": _percentile(values, 0.99),
            "max_ms": round(max(values), 1) if values else None,
        }

    summary = {
        "users": environment.runner.user_count if environment.runner else None,
        "measured": f"steady state: {STEADY_SECONDS} s from the moment every user had logged in",
        "duration_s": round(duration, 1),
        "requests": stats.num_requests,
        "failures": stats.num_failures,
        "requests_per_s": round(stats.num_requests / duration, 1),
        "pages": figures(_samples["pages"]),
        "login": figures(_samples["login"]),
        "by_page": {name: figures(values) for name, values in sorted(_samples["by_name"].items())},
        "errors": {f"{e.method} {e.name}: {e.error}"[:300]: e.occurrences for e in environment.stats.errors.values()},
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "loadtest-summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))


class PortalUser(HttpUser):
    abstract = True
    kind = ""
    totp_secret = None

    def on_start(self):
        accounts = ACCOUNTS[self.kind]
        n = next(_counters[self.kind])
        self.account = accounts[n % len(accounts)]
        # each person has her own address (the proxy's X-Forwarded-For; loadtest_settings trusts one proxy)
        kinds = ("trainee", "firm", "trainer", "staff")
        self.client.headers["X-Forwarded-For"] = f"10.{kinds.index(self.kind)}.{n // 250}.{n % 250 + 1}"
        self.login()
        _logged_in_one(self.environment)

    def csrf(self, html: str) -> str:
        found = CSRF.search(html)
        return found.group(1) if found else self.client.cookies.get("csrftoken", "")

    def login(self):
        page = self.client.get("/accounts/login/", name="login form")
        with self.client.post(
            "/accounts/login/",
            data={
                "login": self.account["email"],
                "password": ACCOUNTS["password"],
                "csrfmiddlewaretoken": self.csrf(page.text),
            },
            name="login",
            catch_response=True,
        ) as response:
            if "/2fa/authenticate/" in response.url:
                response.success()
                self.second_factor(response.text)
            elif response.status_code != 200 or "/accounts/login/" in response.url:
                response.failure(f"login failed for {self.account['email']} ({response.status_code} {response.url})")

    def second_factor(self, html: str):
        # as a person would: not a code about to expire (the server accepts only the current 30 s window)
        remaining = 30 - time.time() % 30
        if remaining < 12:
            time.sleep(remaining + 0.5)
        with self.client.post(
            "/accounts/2fa/authenticate/",
            data={"code": totp(ACCOUNTS["totp_secret"]), "csrfmiddlewaretoken": self.csrf(html)},
            name="login (TOTP)",
            catch_response=True,
        ) as response:
            if "/2fa/authenticate/" in response.url or response.status_code != 200:
                response.failure(f"TOTP refused for {self.account['email']}")

    def page(self, url: str, name: str | None = None):
        with self.client.get(url, name=name or url, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif "/accounts/login/" in response.url:
                response.failure("sent to the login page")
        return response


class Trainee(PortalUser):
    kind = "trainee"
    fixed_count = 120
    wait_time = between(10, 40)  # a person reads the page before the next click

    @task(6)
    def my_training(self):
        self.page("/training/me/")

    @task(1)
    def checkin_page(self):
        self.page("/training/me/check-in/")

    @task(1)
    def home(self):
        self.page("/home/")


class Firm(PortalUser):
    kind = "firm"
    fixed_count = 40
    wait_time = between(10, 40)

    @task(3)
    def home(self):
        self.page("/firm/")

    @task(2)
    def detail(self):
        self.page(f"/firm/{self.account['firm_id']}/", name="/firm/[own]/")

    @task(1)
    def assessments(self):
        self.page("/assessments/firm/")

    @task(1)
    def workforce(self):
        """Fill in the workforce figures: the detail page's form, posted (a duplicate date is a message, not an
        error: the page answers with a redirect either way)."""
        detail = self.page(f"/firm/{self.account['firm_id']}/", name="/firm/[own]/")
        women = random.randint(5, 40)
        with self.client.post(
            f"/firm/{self.account['firm_id']}/workforce/",
            data={
                "as_of": f"2026-{random.randint(1, 10):02d}-{random.randint(1, 28):02d}",
                "white_collar_women": women,
                "white_collar_men": random.randint(10, 60),
                "blue_collar_women": random.randint(5, 80),
                "blue_collar_men": random.randint(20, 200),
                "technical_women": random.randint(0, women),
                "csrfmiddlewaretoken": self.csrf(detail.text),
            },
            name="POST /firm/[own]/workforce/",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class Trainer(PortalUser):
    kind = "trainer"
    fixed_count = 24
    wait_time = between(8, 25)

    @task(2)
    def home(self):
        self.page("/training/trainer/")

    @task(3)
    def sheet(self):
        self.page(
            f"/training/sessions/{self.account['session_id']}/attendance/",
            name="/training/sessions/[today]/attendance/",
        )

    @task(2)
    def take_attendance(self):
        url = f"/training/sessions/{self.account['session_id']}/attendance/"
        sheet = self.page(url, name="/training/sessions/[today]/attendance/")
        version = re.search(r'name="version" value="(\d+)"', sheet.text)
        trainees = sorted(set(re.findall(r'name="status-(\d+)"', sheet.text)))
        if not version or not trainees:
            return
        data = {"csrfmiddlewaretoken": self.csrf(sheet.text), "version": version.group(1), "next": "sheet"}
        for trainee in trainees:
            data[f"status-{trainee}"] = "late" if random.random() < 0.05 else "present"
            data[f"reason-{trainee}"] = ""
        if version.group(1) != "0":
            data["correction_reason"] = "Geç gelen kursiyer düzeltildi (yük testi)"
        with self.client.post(
            url, data=data, name="POST /training/sessions/[today]/attendance/", catch_response=True
        ) as r:
            # 409: another trainer of the same cohort saved first; the sheet says so (expected, not an error)
            if r.status_code not in (200, 409):
                r.failure(f"HTTP {r.status_code}")
            else:
                r.success()

    @task(1)
    def cohort_sheet(self):
        self.page(
            f"/training/cohorts/{self.account['cohort_id']}/attendance/", name="/training/cohorts/[own]/attendance/"
        )


class Staff(PortalUser):
    kind = "staff"
    fixed_count = 16
    wait_time = between(5, 20)

    @task(2)
    def dashboard(self):
        self.page("/staff/")

    @task(3)
    def firm_list(self):
        plate = random.choice(ACCOUNTS["provinces"])
        self.page(f"/firm/all/?province={plate}&page={random.randint(1, 3)}", name="/firm/all/?province=[p]&page=[n]")

    @task(2)
    def firm_detail(self):
        self.page(f"/firm/{random.choice(ACCOUNTS['firm_ids'])}/", name="/firm/[id]/")

    @task(2)
    def applications(self):
        self.page(
            f"/staff/calls/{ACCOUNTS['call_id']}/?page={random.randint(1, 20)}", name="/staff/calls/[id]/?page=[n]"
        )

    @task(1)
    def cohorts(self):
        self.page(f"/training/cohorts/?page={random.randint(1, 5)}", name="/training/cohorts/?page=[n]")

    @task(1)
    def trainees(self):
        self.page(f"/training/trainees/?page={random.randint(1, 50)}", name="/training/trainees/?page=[n]")

    @task(1)
    def cohort_detail(self):
        self.page(f"/training/cohorts/{random.choice(ACCOUNTS['cohort_ids'])}/", name="/training/cohorts/[id]/")
