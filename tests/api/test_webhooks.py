"""Webhooks reach a real HTTP server on loopback, signed; a failing receiver is retried, then disabled after a day."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled

from portal import roles
from portal.api import webhooks
from portal.models import WebhookDelivery, WebhookEndpoint
from portal.tasks import webhooks_retry_due
from portal.tenancy import audience_for, program_scope
from tests.api.helpers import make_token, token_client
from tests.assessments.helpers import Flow
from tests.factories import FirmFactory

SECRET = "çok-gizli-imza-anahtarı-2026"


class Receiver:
    """A small HTTP server that records what it receives and answers with `status`."""

    def __init__(self, status=200):
        self.status, self.received = status, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((self.headers, body))
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"ok" if receiver.status < 300 else b"down")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def endpoint(world, url, events=(webhooks.ASSESSMENT_PUBLISHED,)):
    staff = world.a.users[roles.STAFF]
    with program_scope(world.a.program.pk):
        return webhooks.webhook_endpoint_create(
            audience=audience_for(staff, program_id=world.a.program.pk),
            actor=staff,
            url=url,
            secret=SECRET,
            events=list(events),
        )


def publish(world):
    flow = Flow(world.a)
    a = flow.to_evaluation(flow.schedule(FirmFactory(program=world.a.program)))
    flow.bands(a, 3)
    flow.move(a, "submit_for_review")
    with pytest.MonkeyPatch.context() as mp, program_scope(world.a.program.pk):
        # the test world runs in one transaction: run on_commit callbacks as they are registered
        mp.setattr("django.db.transaction.on_commit", lambda fn, using=None, robust=False: fn())
        flow.move(a, "publish")
    return a


@pytest.mark.django_db(transaction=False)
def test_publication_is_delivered_signed(world):
    with Receiver() as receiver:
        hook = endpoint(world, receiver.url)
        a = publish(world)
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    assert webhooks.verify(SECRET, headers["X-KIP-Signature"], body)
    assert not webhooks.verify("another-secret-of-16+", headers["X-KIP-Signature"], body)
    assert not webhooks.verify(SECRET, headers["X-KIP-Signature"], body + b" ")
    payload = json.loads(body)
    assert payload["event"] == "assessment.published" and payload["data"]["assessment"] == a.pk
    assert headers["X-KIP-Event"] == "assessment.published"
    with scopes_disabled():
        delivery = WebhookDelivery.objects.filter(endpoint=hook).get()
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("delivered", 200, 1)


def test_failing_endpoint_is_retried_then_disabled_and_staff_told(world):
    with Receiver(status=503) as receiver:
        hook = endpoint(world, receiver.url)
        publish(world)
        with scopes_disabled():
            delivery = WebhookDelivery.objects.filter(endpoint=hook).get()
            assert (delivery.status, delivery.response_code, delivery.attempts) == ("pending", 503, 1)
            # the backoff has not passed: the sweep leaves it alone
            assert webhooks_retry_due() == 0
            WebhookDelivery.objects.filter(pk=delivery.pk).update(last_attempt_at=timezone.now() - timedelta(hours=1))
        assert webhooks_retry_due() == 1
        assert len(receiver.received) == 2
        with scopes_disabled():
            delivery.refresh_from_db()
            assert (delivery.status, delivery.attempts) == ("pending", 2)
            # still failing a day later
            WebhookEndpoint.objects.filter(pk=hook.pk).update(failing_since=timezone.now() - timedelta(hours=25))
            WebhookDelivery.objects.filter(pk=delivery.pk).update(last_attempt_at=timezone.now() - timedelta(hours=6))
        mail.outbox.clear()
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr("django.db.transaction.on_commit", lambda fn, using=None, robust=False: fn())
            webhooks_retry_due()
    with scopes_disabled():
        hook.refresh_from_db()
        delivery.refresh_from_db()
    assert not hook.is_active and hook.disabled_at is not None
    assert delivery.status == "failed" and delivery.attempts == 3
    assert [m.to for m in mail.outbox] == [[world.a.users[roles.STAFF].email]]
    assert receiver.url in mail.outbox[0].subject


def test_staff_replays_a_delivery_through_the_api(world):
    with Receiver(status=500) as receiver:
        hook = endpoint(world, receiver.url)
        publish(world)
        receiver.status = 200
        client = token_client(make_token(world.a.users[roles.STAFF], world.a.program))
        with scopes_disabled():
            delivery = WebhookDelivery.objects.filter(endpoint=hook).get()
        listed = client.get(f"/api/v1/webhooks/{hook.pk}/deliveries/")
        assert listed.status_code == 200 and listed.json()["results"][0]["response_code"] == 500
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr("django.db.transaction.on_commit", lambda fn, using=None, robust=False: fn())
            response = client.post(f"/api/v1/webhooks/{hook.pk}/deliveries/{delivery.pk}/replay/")
        assert response.status_code == 201, response.content
    assert len(receiver.received) == 2
    assert json.loads(receiver.received[1][1])["id"] == json.loads(receiver.received[0][1])["id"]
    with scopes_disabled():
        assert WebhookDelivery.objects.filter(replay_of=delivery).get().status == "delivered"


def test_only_staff_manage_webhooks_and_the_secret_never_comes_back(world):
    staff = token_client(make_token(world.a.users[roles.STAFF], world.a.program))
    body = {"url": "https://partner.example.test/hook", "secret": SECRET, "events": ["roadmap.ready"]}
    created = staff.post("/api/v1/webhooks/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert "secret" not in created.json()
    assessor = token_client(make_token(world.a.users[roles.ASSESSOR], world.a.program))
    assert assessor.get("/api/v1/webhooks/").status_code == 403
    bad = staff.post("/api/v1/webhooks/", {**body, "events": ["nope"]}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"].startswith("events")
    other = token_client(make_token(world.b.users[roles.STAFF], world.b.program))
    assert other.get(f"/api/v1/webhooks/{created.json()['id']}/").status_code == 404


def test_staff_register_and_turn_an_endpoint_off_in_the_portal(world, client):
    from django.urls import reverse

    client.force_login(world.a.users[roles.STAFF])
    short = client.post(reverse("webhook_list"), {"url": "https://p.example.test/h", "secret": "short", "events": []})
    assert short.status_code == 200 and short.context["form"].errors.keys() >= {"secret", "events"}
    response = client.post(
        reverse("webhook_list"),
        {"url": "https://ortak.example.test/kip", "secret": SECRET, "events": ["employment.started", "period.closed"]},
    )
    with scopes_disabled():
        hook = WebhookEndpoint.objects.get(url="https://ortak.example.test/kip")
    assert (
        response.status_code == 302 and hook.secret == SECRET and hook.events == ["employment.started", "period.closed"]
    )
    page = client.get(reverse("webhook_detail", args=[hook.pk]))
    assert "İstihdam başladı" in page.content.decode()
    client.post(reverse("webhook_toggle", args=[hook.pk]))
    with scopes_disabled():
        hook.refresh_from_db()
    assert not hook.is_active
