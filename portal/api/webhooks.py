"""Webhooks: staff register an endpoint (URL, secret, chosen events); services emit events inside their
transaction and each delivery is sent after commit by a Celery task, signed, retried with exponential backoff,
logged with the response code, replayable from the log. An endpoint failing for a day is disabled and the
program's staff are told.

Signature (header `X-KIP-Signature: t=<unix time>,v1=<hex>`): HMAC-SHA256 with the endpoint's secret over
`<unix time>.<raw body>`. A receiver recomputes it and rejects timestamps older than a few minutes.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import roles
from portal.models import WebhookDelivery, WebhookEndpoint
from portal.registry import webhook_events
from portal.services.audit import audit_record

SIGNATURE_HEADER = "X-KIP-Signature"
EVENT_HEADER = "X-KIP-Event"
DELIVERY_HEADER = "X-KIP-Delivery"
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 6 * 3600
MAX_RESPONSE_CHARS = 2000

# the events the core knows; apps emit them from their services (assessments, matching, stipends, reports)
ASSESSMENT_PUBLISHED = "assessment.published"
ROADMAP_READY = "roadmap.ready"
EMPLOYMENT_STARTED = "employment.started"
EMPLOYMENT_ENDED = "employment.ended"
PAYMENT_RUN_APPROVED = "payment_run.approved"
PERIOD_CLOSED = "period.closed"
for _code, _label in (
    (ASSESSMENT_PUBLISHED, gettext_lazy("Assessment published")),
    (ROADMAP_READY, gettext_lazy("Roadmap PDF ready")),
    (EMPLOYMENT_STARTED, gettext_lazy("Employment started")),
    (EMPLOYMENT_ENDED, gettext_lazy("Employment ended")),
    (PAYMENT_RUN_APPROVED, gettext_lazy("Payment run approved")),
    (PERIOD_CLOSED, gettext_lazy("Reporting period closed")),
):
    webhook_events.register(_code, _label)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes, *, tolerance_seconds: int = 300, now: float | None = None) -> bool:
    """What a receiver does (and the tests): recompute the signature, refuse stale timestamps."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    if not parts.get("t", "").isdigit():
        return False
    timestamp = int(parts["t"])
    if abs((now or time.time()) - timestamp) > tolerance_seconds:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), header)


def backoff_seconds(attempts: int) -> int:
    return min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)


# --- endpoints -----------------------------------------------------------------------------------------------


def _check_events(events) -> list[str]:
    unknown = set(events or []) - {code for code, _label in webhook_events.items()}
    if not events or unknown:
        raise ValidationError({"events": _("Choose at least one of the listed events.")}, code="bad_events")
    return sorted(set(events))


def _check_url(url: str) -> str:
    if not url.startswith(("https://", "http://")):
        raise ValidationError({"url": _("The URL must start with https:// (or http:// on a closed network).")})
    return url


@transaction.atomic
def webhook_endpoint_create(*, audience, actor, url: str, secret: str, events: list, description="") -> WebhookEndpoint:
    if not audience.has_role(roles.STAFF):
        raise PermissionDenied
    if len(secret or "") < 16:
        raise ValidationError({"secret": _("The signing secret needs at least 16 characters.")}, code="short_secret")
    endpoint = WebhookEndpoint.objects.create(
        program_id=audience.program_id,
        url=_check_url(url),
        secret=secret,
        events=_check_events(events),
        description=description or "",
        created_by=actor,
    )
    audit_record(
        program_id=endpoint.program_id,
        actor=actor,
        action="api.webhook_create",
        target=endpoint,
        data={"url": endpoint.url, "events": endpoint.events},
    )
    return endpoint


@transaction.atomic
def webhook_endpoint_update(*, audience, actor, endpoint: WebhookEndpoint, **changes) -> WebhookEndpoint:
    """Change the URL, events, description or secret; `is_active=True` turns a disabled endpoint back on."""
    if not audience.has_role(roles.STAFF):
        raise PermissionDenied
    if "url" in changes:
        endpoint.url = _check_url(changes["url"])
    if "events" in changes:
        endpoint.events = _check_events(changes["events"])
    if "description" in changes:
        endpoint.description = changes["description"] or ""
    if changes.get("secret"):
        if len(changes["secret"]) < 16:
            raise ValidationError({"secret": _("The signing secret needs at least 16 characters.")})
        endpoint.secret = changes["secret"]
    if "is_active" in changes:
        endpoint.is_active = bool(changes["is_active"])
        if endpoint.is_active:
            endpoint.disabled_at = endpoint.failing_since = None
    endpoint.save()
    audit_record(
        program_id=endpoint.program_id,
        actor=actor,
        action="api.webhook_update",
        target=endpoint,
        data={"fields": sorted(k for k in changes if k != "secret") + (["secret"] if changes.get("secret") else [])},
    )
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, audience, actor, endpoint: WebhookEndpoint) -> None:
    if not audience.has_role(roles.STAFF):
        raise PermissionDenied
    audit_record(
        program_id=endpoint.program_id,
        actor=actor,
        action="api.webhook_delete",
        target=endpoint,
        data={"url": endpoint.url},
    )
    endpoint.delete()


def webhook_endpoint_list_for_user(*, audience):
    if not audience.has_role(roles.STAFF):
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.filter(program_id=audience.program_id)


def webhook_delivery_list(*, endpoint: WebhookEndpoint):
    return WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-pk")


# --- emitting and delivering ---------------------------------------------------------------------------------


def webhook_emit(*, program_id: int, event: str, data: dict) -> list[WebhookDelivery]:
    """Call from a service, inside its transaction: one delivery per subscribed endpoint, sent after commit (a
    rolled-back change tells nobody)."""
    assert event in webhook_events, f"unknown webhook event {event!r}"
    endpoints = [
        e for e in WebhookEndpoint.objects.filter(program_id=program_id, is_active=True) if event in (e.events or [])
    ]
    if not endpoints:
        return []
    event_id = uuid.uuid4()
    payload = json.loads(
        json.dumps(
            {"id": str(event_id), "event": event, "created_at": timezone.now(), "data": data}, cls=DjangoJSONEncoder
        )
    )
    deliveries = [
        WebhookDelivery.objects.create(
            program_id=program_id, endpoint=endpoint, event=event, event_id=event_id, payload=payload
        )
        for endpoint in endpoints
    ]
    for delivery in deliveries:
        _send_after_commit(delivery)
    return deliveries


def _send_after_commit(delivery: WebhookDelivery) -> None:
    from portal.tasks import webhook_deliver

    transaction.on_commit(
        lambda: webhook_deliver.apply_async(kwargs={"delivery_id": delivery.pk, "program_id": delivery.program_id})
    )


@transaction.atomic
def webhook_replay(*, audience, actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a logged delivery again (same event id and body, so the receiver can recognise a repeat)."""
    if not audience.has_role(roles.STAFF):
        raise PermissionDenied
    replay = WebhookDelivery.objects.create(
        program_id=delivery.program_id,
        endpoint=delivery.endpoint,
        event=delivery.event,
        event_id=delivery.event_id,
        payload=delivery.payload,
        replay_of=delivery,
    )
    audit_record(
        program_id=delivery.program_id,
        actor=actor,
        action="api.webhook_replay",
        target=replay,
        data={"of": delivery.pk, "event": delivery.event},
    )
    _send_after_commit(replay)
    return replay


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> tuple[int | None, str, str]:
    """(status code or None, response text, error). Never raises for network trouble."""
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 (staff-registered http(s) URLs only, checked at registration)
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "kadin-imalat-portal-webhooks/1",
            SIGNATURE_HEADER: sign(endpoint.secret, int(time.time()), body),
            EVENT_HEADER: delivery.event,
            DELIVERY_HEADER: str(delivery.event_id),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, response.read(MAX_RESPONSE_CHARS).decode("utf-8", "replace"), ""
    except urllib.error.HTTPError as error:
        return error.code, error.read(MAX_RESPONSE_CHARS).decode("utf-8", "replace"), ""
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, "", str(error)[:300]


def webhook_attempt(*, delivery_id: int) -> WebhookDelivery | None:
    """One attempt. Returns the delivery if it should be tried again later (the caller schedules it), else None."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("endpoint")
            .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return None  # delivered or given up already: a repeated task does nothing
        endpoint = delivery.endpoint
        if not endpoint.is_active:
            _finish(delivery, WebhookDelivery.Status.FAILED, error=_("The endpoint is disabled."))
            return None
        code, text, error = _post(endpoint, delivery)
        now = timezone.now()
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.response_code, delivery.response_body, delivery.error = code, text, error
        if code is not None and 200 <= code < 300:
            delivery.status, delivery.delivered_at = WebhookDelivery.Status.DELIVERED, now
            delivery.save()
            if endpoint.failing_since:
                WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failing_since=None)
            return None
        failing_since = endpoint.failing_since or now
        if endpoint.failing_since is None:
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failing_since=now)
        if now - failing_since >= timedelta(hours=settings.WEBHOOK_DISABLE_AFTER_HOURS):
            _disable(endpoint, now)
            delivery.status = WebhookDelivery.Status.FAILED
        elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
        delivery.save()
        return delivery if delivery.status == WebhookDelivery.Status.PENDING else None


def _finish(delivery, status, *, error=""):
    delivery.status, delivery.error = status, error
    delivery.save(update_fields=["status", "error"])


def _disable(endpoint: WebhookEndpoint, now) -> None:
    """Failing for a day: stop, and tell the program's staff (by email; they can turn it back on)."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False, disabled_at=now)
    audit_record(
        program_id=endpoint.program_id,
        actor=None,
        action="api.webhook_disabled",
        target=endpoint,
        data={"failing_since": endpoint.failing_since.isoformat() if endpoint.failing_since else None},
    )
    from portal.notifications import recipients
    from portal.notifications.service import notify

    notify(
        kind="api.webhook_disabled",
        recipients=recipients.role_users(program_id=endpoint.program_id),
        obj=endpoint,
        key=now.isoformat(),
        program_id=endpoint.program_id,
        link=reverse("webhook_detail", args=[endpoint.pk]),
        context={"url": endpoint.url, "hours": settings.WEBHOOK_DISABLE_AFTER_HOURS},
    )


def webhooks_due(*, program_id: int, now=None) -> list[int]:
    """Pending deliveries whose backoff has passed (the sweep re-sends them: lost broker messages, eager mode)."""
    now = now or timezone.now()
    due = []
    for d in WebhookDelivery.objects.filter(program_id=program_id, status=WebhookDelivery.Status.PENDING).only(
        "pk", "attempts", "last_attempt_at"
    ):
        if d.last_attempt_at is None or d.last_attempt_at + timedelta(seconds=backoff_seconds(d.attempts)) <= now:
            due.append(d.pk)
    return due
