"""API rows in each program of the test world: a token of the staff member, a webhook endpoint with one
delivery in its log (rows made directly: building the world must stay fast)."""

import uuid
from datetime import timedelta

from django.utils import timezone

from portal import roles
from portal.api.tokens import token_hash
from portal.models import ApiToken, WebhookDelivery, WebhookEndpoint


def extend(world, tag):
    staff = world.users[roles.STAFF]
    world.api_token = ApiToken.objects.create(
        program=world.program,
        user=staff,
        name=f"Pano betiği {tag.upper()}",
        prefix=f"kip_world{tag}",
        token_hash=token_hash(f"kip_world-token-{tag}"),
        scopes=["read"],
        expires_at=timezone.now() + timedelta(days=30),
    )
    world.webhook = WebhookEndpoint.objects.create(
        program=world.program,
        url=f"https://partner-{tag}.example.test/hook",
        secret=f"world-secret-{tag}-0123456789",
        events=["assessment.published"],
        created_by=staff,
    )
    world.webhook_delivery = WebhookDelivery.objects.create(
        program=world.program,
        endpoint=world.webhook,
        event="assessment.published",
        event_id=uuid.uuid4(),
        payload={"event": "assessment.published", "data": {}},
        status=WebhookDelivery.Status.DELIVERED,
        attempts=1,
        response_code=200,
    )
