import pytest

from portal.tenancy import program_scope


@pytest.fixture
def pw(world):
    """Program A of the test world, with its scope open (services and ORM reads need one)."""
    with program_scope(world.a.program.pk):
        yield world.a
