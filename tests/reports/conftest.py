import pytest

from assessments.frameworks import ensure_frameworks


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def hand(db):
    """The hand-counted program of tests/reports/builders.py."""
    from tests.conftest import ensure_reference_data
    from tests.reports.builders import build

    ensure_reference_data()
    ensure_frameworks()
    return build()
