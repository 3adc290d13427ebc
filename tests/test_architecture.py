"""The layout rules of DESIGN.md, checked on every run."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = [
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
    "reports",
    "privacy",
]


def test_imports_point_down_the_layers():
    # reads [tool.importlinter] from pyproject.toml; a wrong arrow fails here with the offending import chain
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    result = subprocess.run(
        [lint, "--config", "pyproject.toml", "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 kept, 0 broken" in result.stdout


def _view_modules():
    for app in APPS:
        yield from (ROOT / app).glob("views.py")
        yield from (ROOT / app).glob("views/*.py")
        # the API's endpoints are views too (DESIGN.md: nothing in the API bypasses a selector or a service)
        yield from (ROOT / app).glob("api.py")
        yield from (ROOT / app).glob("api/*_api.py")


def test_views_never_touch_model_managers():
    """Views read through selectors and write through services, so the tenant filter cannot be forgotten.
    `Model.objects.none()` (an API view naming its model for the schema) reads nothing and is allowed."""
    offenders = []
    for path in _view_modules():
        tree = ast.parse(path.read_text())
        empty = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == "none" and isinstance(node.value, ast.Attribute)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "objects" and id(node) not in empty:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders
    assert list(_view_modules()), "found no view modules: the test looks in the wrong place"


def test_no_signals():
    offenders = [
        str(p.relative_to(ROOT))
        for app in APPS
        for p in (ROOT / app).rglob("*.py")
        if "receiver(" in p.read_text() or ".connect(" in p.read_text()
    ]
    assert not offenders, f"use services or the registry instead of signals: {offenders}"


def test_templates_load_nothing_from_outside_and_run_no_inline_script():
    bad = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        for needle in ('src="http', 'src="//', 'href="http', "<script>", "onclick=", "onload=", "onchange=", 'style="'):
            if needle in text and not path.match("*/email/*"):
                bad.append(f"{path.relative_to(ROOT)}: {needle}")
    assert not bad, bad
