import pytest
from django_scopes import scopes_disabled


@pytest.fixture
def pw(world):
    """Program A of the test world, with scopes disabled for building and checking."""
    with scopes_disabled():
        yield world.a
