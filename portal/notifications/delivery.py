"""Sending one delivery, recording what happened; the daily digest; the sweep for deliveries the broker lost.

The only module that sends mail (tests/test_architecture.py): everything else calls `notify`.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import Program
from portal.models.notifications import Channel, Delivery, Notification
from portal.notifications import kinds as kind_registry
from portal.notifications import sms
from portal.notifications.phone import sms_parts

D = Delivery.Status


class RetryLater(Exception):
    """The channel failed in a way worth another try (the task backs off and retries)."""


def delivery_send(*, delivery_id: int, extra_context: dict | None = None) -> Delivery:
    """Send one pending delivery and record the outcome. Idempotent: a sent delivery is not sent again.

    A failure is written on the row (attempts, error) before RetryLater is raised, so nothing is lost when the
    retries run out: the delivery stays failed, visible to staff, and the inbox row was never in doubt.
    """
    with transaction.atomic():
        claimed = Delivery.objects.filter(pk=delivery_id, status__in=[D.PENDING, D.FAILED]).update(
            attempts=F("attempts") + 1
        )
        if not claimed:
            return Delivery.objects.get(pk=delivery_id)
    delivery = Delivery.objects.select_related("notification", "notification__recipient").get(pk=delivery_id)
    try:
        if delivery.channel == Channel.EMAIL:
            _send_email(delivery.notification, delivery.address, extra_context)
        elif delivery.channel == Channel.SMS:
            delivery.provider_ref, delivery.segments = _send_sms(delivery.notification, delivery.address)
    except Exception as error:
        retryable = getattr(error, "retryable", True)
        give_up = not retryable or delivery.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS
        delivery.status = D.FAILED
        delivery.error = f"{type(error).__name__}: {error}"[:2000]
        delivery.save(update_fields=["status", "error"])
        if give_up:
            return delivery
        raise RetryLater(delivery.error) from error
    delivery.status, delivery.sent_at = D.SENT, timezone.now()
    delivery.save(update_fields=["status", "sent_at", "provider_ref", "segments"])
    return delivery


def _send_sms(notification: Notification, address: str) -> tuple[str, int]:
    text = notification.short or notification.subject
    if notification.link:
        text = f"{text} {notification.absolute_link}"
    _encoding, parts = sms_parts(text)
    return sms.get_backend().send(to=address, text=text), parts


def _email_context(notification: Notification, program: Program, body: str, subject: str) -> dict:
    return {
        "notification": notification,
        "program": program,
        "subject": subject,
        "paragraphs": [p.strip() for p in body.split("\n\n") if p.strip()],
        "link": notification.absolute_link,
        "preferences_url": (notification.base_url or settings.SITE_URL).rstrip("/") + reverse("notification_prefs"),
    }


def _send_email(notification: Notification, address: str, extra_context: dict | None) -> None:
    program = Program.objects.get(pk=notification.program_id)
    subject, body = notification.subject, notification.body
    if extra_context is not None:  # a secret link: rendered now, never stored
        rendered = kind_registry.render_kind(
            kind_registry.get(notification.kind), extra_context, language=notification.language
        )
        subject, body = rendered.subject, rendered.body
    with translation.override(notification.language):
        context = _email_context(notification, program, body, subject)
        text = render_to_string("notifications/email/message.txt", context)
        html = render_to_string("notifications/email/message.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[address], connection=get_connection())
    message.attach_alternative(html, "text/html")
    message.send()


def digest_send(*, program_id: int, now=None) -> int:
    """One email per person with every low-urgency notification waiting since the last digest. Safe daily."""
    now = now or timezone.now()
    waiting = list(
        Delivery.objects.filter(program_id=program_id, channel=Channel.EMAIL, status=D.DIGEST)
        .select_related("notification")
        .order_by("address", "notification__created_at")
    )
    by_address: dict[str, list[Delivery]] = {}
    for d in waiting:
        by_address.setdefault(d.address, []).append(d)
    program = Program.objects.get(pk=program_id)
    sent = 0
    for address, rows in by_address.items():
        language = rows[0].notification.language
        with translation.override(language):
            context = {
                "program": program,
                "items": [d.notification for d in rows],
                "preferences_url": settings.SITE_URL.rstrip("/") + reverse("notification_prefs"),
            }
            subject = render_to_string("notifications/email/digest_subject.txt", context).strip()
            text = render_to_string("notifications/email/digest.txt", context)
            html = render_to_string("notifications/email/digest.html", context)
        ids = [d.pk for d in rows]
        try:
            message = EmailMultiAlternatives(subject=subject, body=text, to=[address])
            message.attach_alternative(html, "text/html")
            message.send()
        except Exception as error:
            Delivery.objects.filter(pk__in=ids).update(attempts=F("attempts") + 1, error=str(error)[:2000])
            continue
        Delivery.objects.filter(pk__in=ids).update(status=D.SENT, sent_at=now, attempts=F("attempts") + 1)
        sent += 1
    return sent


def deliveries_stale(*, older_than_seconds: int) -> list[tuple[int, int]]:
    """(delivery id, program id) of deliveries never tried after a while: the broker never got them (it was down
    at commit) or a worker died before starting. Failed ones are the retries' business, not the sweep's."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return list(
        Delivery.objects.filter(created_at__lt=cutoff, status=D.PENDING, attempts=0).values_list("pk", "program_id")[
            :1000
        ]
    )
