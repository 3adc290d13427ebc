import pytest

from assessments.frameworks import ensure_frameworks


@pytest.fixture(autouse=True)
def _frameworks(request):
    """Transactional tests flush what the data migration loaded: put the framework structure back."""
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or "world" in names or marker:
        request.getfixturevalue("db")
    else:
        return
    ensure_frameworks()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
