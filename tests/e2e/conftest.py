"""Browser fixtures: Playwright (sync API) driving Debian Chromium against pytest-django's live_server.

The live server runs in this process, so the test database, the locmem mail outbox, the cache and the
settings overrides of tests/conftest.py are shared with it.
"""

import os

# Playwright's sync API runs an event loop in the main thread; Django would otherwise refuse DB access there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import django.contrib.staticfiles.handlers
import pytest
from django.db import connection
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from tests.helpers import totp_now

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "Test-Parola-2026"  # tests/factories.py: UserFactory.password
TIMEOUT_MS = 10_000

# What Chromium writes to the console when the Content-Security-Policy blocks something.
CSP_PATTERN = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)


class SerialStaticFilesHandler(django.contrib.staticfiles.handlers.StaticFilesHandler):
    """The live server's handler, one request at a time on SQLite.

    On SQLite the test database lives in memory and the live server's threads share its one connection, so two
    requests a page makes at once (the page and its QR image, say) collide inside one transaction
    ("cannot start a transaction within a transaction"). PostgreSQL gives every thread its own connection.
    """

    _lock = threading.Lock()

    def __call__(self, environ, start_response):
        if connection.vendor != "sqlite":
            return super().__call__(environ, start_response)
        with self._lock:
            return super().__call__(environ, start_response)


# pytest-django's LiveServer imports the handler class from this module when it starts the server.
django.contrib.staticfiles.handlers.StaticFilesHandler = SerialStaticFilesHandler


@dataclass
class BrowserLog:
    """Console messages and uncaught page errors of every page of one browser context."""

    entries: list = field(default_factory=list)  # (page url, text)

    def csp_violations(self) -> list:
        return [(url, text) for url, text in self.entries if CSP_PATTERN.search(text)]

    def assert_no_csp_violations(self):
        violations = self.csp_violations()
        assert not violations, "Content-Security-Policy violations:\n" + "\n".join(f"{u}: {t}" for u, t in violations)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium missing: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_server):
    """Factory for isolated browser contexts (own cookies = own session) whose pages log console output."""
    contexts = []

    def _new_context(**options):
        log = BrowserLog()
        options.setdefault("locale", "tr-TR")
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)

        def watch(page):
            page.on("console", lambda msg: log.entries.append((page.url, f"console.{msg.type}: {msg.text}")))
            page.on("pageerror", lambda error: log.entries.append((page.url, f"pageerror: {error}")))

        context.on("page", watch)
        context.log = log
        contexts.append(context)
        return context

    yield _new_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh logged-out context; `page.log` holds its console messages and page errors."""
    context = new_context()
    page = context.new_page()
    page.log = context.log
    return page


def log_in(page, user, *, totp_secret: str | None = None):
    """Log in through the real allauth forms: email + password, then the TOTP code when she has one."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page)
    if totp_secret is not None:
        page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
        enter_totp(page, totp_secret)
    page.wait_for_url(lambda url: "/accounts/" not in url)


def enter_totp(page, secret: str):
    """Type the current code on allauth's TOTP page and submit it."""
    # allauth accepts only the current 30-second window (MFA_TOTP_TOLERANCE = 0): never type a code about to expire.
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.2)
    page.locator("input[name=code]").fill(totp_now(secret))
    submit(page)


def submit(page):
    """Press the main form's (first) submit button, whatever its label."""
    page.locator("main form button[type=submit]").first.click()


def assert_fits(page, what: str):
    """The page is no wider than the screen (no sideways scrolling on a phone).

    A click that navigates returns before the new document exists; measuring then reads a null documentElement
    or a destroyed context. So wait for the page to load and measure again if a navigation slipped in between.
    """
    for attempt in range(5):
        page.wait_for_load_state()
        try:
            width, screen = page.evaluate(
                "() => document.documentElement ? [document.documentElement.scrollWidth, window.innerWidth] : null"
            ) or (None, None)
        except PlaywrightError as error:
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
            width = None
        if width is not None:
            assert width <= screen, f"{what}: page is {width}px wide on a {screen}px screen"
            return
        page.wait_for_timeout(100 * (attempt + 1))
    raise AssertionError(f"{what}: the page never finished loading")
