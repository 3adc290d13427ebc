from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from portal import roles
from portal.models import Invitation, Role
from portal.models.programs import hash_token


@pytest.fixture
def matrix_world(world):
    with scopes_disabled():
        for pw in (world.a, world.b):
            pw.invitation = Invitation.objects.create(
                program=pw.program,
                email=f"invitee-{pw.program.code}@example.test",
                role=Role.objects.get(code=roles.TRAINER),
                token_hash=hash_token(f"token-{pw.program.code}"),
                invited_by=pw.users[roles.STAFF],
                expires_at=timezone.now() + timedelta(days=3),
            )
    return world
