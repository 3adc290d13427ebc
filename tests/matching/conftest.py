import pytest

from portal import roles
from portal.tenancy import audience_for, program_scope


@pytest.fixture
def pw(world):
    """Program A of the test world, with its scope open (services and ORM reads need one)."""
    with program_scope(world.a.program.pk):
        yield world.a


@pytest.fixture
def aud(pw):
    """role code -> the Audience of the world's user of that role in program A."""
    return {code: audience_for(user, program_id=pw.program.pk) for code, user in pw.users.items()}


@pytest.fixture
def staff(pw, aud):
    return aud[roles.STAFF], pw.users[roles.STAFF]
