"""notify(): the one call every app makes to tell people something.

It writes, in the caller's transaction, one Notification per person (her inbox row) and one Delivery per channel,
and sends after commit (a Celery task per delivery, with retries). The same event for the same person — same kind,
object, `key` and recipient — is written once, however often it is raised.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.models.notifications import Channel, Delivery, Notification, Preference
from portal.notifications import kinds as kind_registry
from portal.notifications.links import base_url
from portal.notifications.phone import to_e164

D = Delivery.Status
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    """Someone to tell: a user (inbox, email, her phone), or just an address (an applicant without an account).

    `phone` overrides the user's own number (trainees keep theirs on the trainee record).
    """

    user: object = None
    email: str = ""
    phone: str = ""
    language: str = ""

    @property
    def ident(self) -> str:
        return f"u{self.user.pk}" if self.user is not None else f"e{self.email.lower()}"


def _as_recipient(item) -> Recipient:
    if isinstance(item, Recipient):
        return item
    return Recipient(user=item)


def object_ref(obj) -> tuple[str, int | None]:
    if obj is None:
        return "", None
    return obj._meta.label_lower, obj.pk


def idempotency_key(kind: str, obj, recipient: Recipient, key: str = "") -> str:
    object_type, object_id = object_ref(obj)
    raw = f"{kind}:{object_type}:{object_id}:{key}:{recipient.ident}"
    # long emails would overflow the column; the hash keeps it unique and fixed-size
    return raw if len(raw) <= 200 else raw[:150] + ":" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def _preferences(user_ids: set[int]) -> dict[tuple[int, str, str], bool]:
    if not user_ids:
        return {}
    return {
        (p.user_id, p.kind, p.channel): p.enabled
        for p in Preference.objects.filter(user_id__in=user_ids).only("user_id", "kind", "channel", "enabled")
    }


def channel_enabled(prefs: dict, *, user_id: int, kind: kind_registry.Kind, channel: str) -> bool:
    """The person's choice for this kind, else for every kind, else on. Required kinds always go out."""
    if not kind.optional or channel == Channel.INBOX:
        return True
    for key in ((user_id, kind.key, channel), (user_id, "", channel)):
        if key in prefs:
            return prefs[key]
    return True


def notify(
    *,
    kind: str,
    recipients,
    obj=None,
    context: dict | None = None,
    link: str = "",
    key: str = "",
    program_id: int | None = None,
    secret_context: dict | None = None,
) -> list[Notification]:
    """Tell `recipients` (users or Recipient) about `obj`. Returns the notifications written now (not the
    duplicates). `link` is a path; `key` tells apart repeated events on one object ("48h", "24h", a period).

    `secret_context` (a link carrying a token) is used for the email and never stored: those deliveries are sent
    in this process right after commit instead of through the broker, and the inbox copy says only that it went.
    """
    spec = kind_registry.get(kind)
    context = dict(context or {})
    program_id = program_id or getattr(obj, "program_id", None)
    if program_id is None:
        raise ValueError("notify needs a program: pass obj with a program or program_id")
    people: dict[str, Recipient] = {}
    for item in recipients:
        if item is None:
            continue
        r = _as_recipient(item)
        if r.user is None and not r.email:
            continue
        people.setdefault(r.ident, r)
    if not people:
        return []
    keys = {ident: idempotency_key(kind, obj, r, key) for ident, r in people.items()}
    done = set(Notification.objects.filter(program_id=program_id, key__in=keys.values()).values_list("key", flat=True))
    prefs = _preferences({r.user.pk for r in people.values() if r.user is not None})
    object_type, object_id = object_ref(obj)
    site = base_url()
    written, to_send = [], []
    for ident, r in people.items():
        if keys[ident] in done:
            continue
        language = r.language or getattr(r.user, "language", "") or settings.LANGUAGE_CODE
        stored = kind_registry.render_kind(spec, context, language=language)
        notification = Notification(
            program_id=program_id,
            kind=kind,
            key=keys[ident],
            recipient=r.user,
            email=(r.email or getattr(r.user, "email", "")).lower(),
            language=language,
            object_type=object_type,
            object_id=object_id,
            subject=stored.subject,
            body=stored.body,
            short=stored.sms[:480],
            link=link,
            base_url=site,
            urgent=spec.urgent,
        )
        try:
            with transaction.atomic():  # a savepoint: a concurrent twin of this event loses quietly
                notification.save()
        except IntegrityError:
            continue
        deliveries = _deliveries(notification, spec, r, prefs)
        Delivery.objects.bulk_create(deliveries)
        written.append(notification)
        to_send += [d for d in deliveries if d.status == D.PENDING]
    if to_send:
        ids = [d.pk for d in to_send]
        if secret_context is not None:
            extra = dict(context, **secret_context)
            transaction.on_commit(lambda: _send_now(ids, program_id, extra))
        else:
            transaction.on_commit(lambda: _enqueue(ids, program_id))
    return written


def _deliveries(notification: Notification, spec, r: Recipient, prefs: dict) -> list[Delivery]:
    out = []
    now = timezone.now()
    for channel in spec.channels:
        d = Delivery(program_id=notification.program_id, notification=notification, channel=channel)
        if channel == Channel.INBOX:
            if r.user is None:
                continue
            d.status, d.sent_at, d.address = D.SENT, now, ""
        elif r.user is not None and not channel_enabled(prefs, user_id=r.user.pk, kind=spec, channel=channel):
            d.status, d.error = D.SKIPPED, "switched off by the person"
        elif channel == Channel.EMAIL:
            d.address = notification.email
            if not d.address:
                d.status, d.error = D.SKIPPED, "no email address"
            elif spec.digest and r.user is not None:
                d.status = D.DIGEST
        elif channel == Channel.SMS:
            d.address = to_e164(r.phone or getattr(r.user, "phone", ""))
            if not d.address:
                d.status, d.error = D.SKIPPED, "no valid mobile number"
        out.append(d)
    return out


def _enqueue(delivery_ids: list[int], program_id: int) -> None:
    from portal.tasks import delivery_send

    for pk in delivery_ids:
        try:
            delivery_send.delay(delivery_id=pk, program_id=program_id)
        except Exception:  # the broker is down: the sweep (deliveries_resend_stale) sends it later
            logger.warning("delivery %s not queued; the sweep will send it", pk, exc_info=True)


def _send_now(delivery_ids: list[int], program_id: int, context: dict) -> None:
    from portal.notifications.delivery import delivery_send
    from portal.tenancy import program_scope

    with program_scope(program_id):
        for pk in delivery_ids:
            try:
                delivery_send(delivery_id=pk, extra_context=context)
            except Exception:  # recorded on the delivery; the person asks for a new link
                logger.warning("delivery %s with a secret link failed", pk, exc_info=True)


CHUNK = 500


def notify_each(*, kind: str, items, program_id: int) -> int:
    """notify() for many events of one kind at once, each with its own recipient, object, context and link: a batch
    job's news (a month's stipends for every trainee). Same promises — one row per event and person whatever the
    retries, written in the caller's transaction, sent after commit — in a fixed number of queries per 500 events.

    `items`: iterable of (recipient, obj, context, link). Returns how many notifications were written now.
    """
    spec = kind_registry.get(kind)
    rows = []
    for item, obj, context, link in items:
        if item is None:
            continue
        r = _as_recipient(item)
        if r.user is None and not r.email:
            continue
        rows.append((r, obj, dict(context or {}), link, idempotency_key(kind, obj, r)))
    written = 0
    for start in range(0, len(rows), CHUNK):
        written += _notify_chunk(spec, rows[start : start + CHUNK], program_id)
    return written


def _notify_chunk(spec, rows, program_id: int) -> int:
    keys = [row[4] for row in rows]
    done = set(Notification.objects.filter(program_id=program_id, key__in=keys).values_list("key", flat=True))
    fresh, seen = [], set(done)
    for row in rows:
        if row[4] not in seen:
            seen.add(row[4])
            fresh.append(row)
    if not fresh:
        return 0
    prefs = _preferences({r.user.pk for r, *_rest in fresh if r.user is not None})
    site = base_url()
    notifications = []
    for r, obj, context, link, key in fresh:
        language = r.language or getattr(r.user, "language", "") or settings.LANGUAGE_CODE
        stored = kind_registry.render_kind(spec, context, language=language)
        object_type, object_id = object_ref(obj)
        notifications.append(
            Notification(
                program_id=program_id,
                kind=spec.key,
                key=key,
                recipient=r.user,
                email=(r.email or getattr(r.user, "email", "")).lower(),
                language=language,
                object_type=object_type,
                object_id=object_id,
                subject=stored.subject,
                body=stored.body,
                short=stored.sms[:480],
                link=link,
                base_url=site,
                urgent=spec.urgent,
            )
        )
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin wins, and this chunk goes one by one
            Notification.objects.bulk_create(notifications)
    except IntegrityError:
        return sum(
            len(notify(kind=spec.key, recipients=[r], obj=obj, context=context, link=link, program_id=program_id))
            for r, obj, context, link, _key in fresh
        )
    if any(n.pk is None for n in notifications):  # a database that does not return ids from a bulk insert
        ids = dict(
            Notification.objects.filter(program_id=program_id, key__in=[n.key for n in notifications]).values_list(
                "key", "pk"
            )
        )
        for n in notifications:
            n.pk = ids[n.key]
    deliveries = [
        d for n, (r, *_rest) in zip(notifications, fresh, strict=True) for d in _deliveries(n, spec, r, prefs)
    ]
    Delivery.objects.bulk_create(deliveries)
    pending = [d.pk for d in deliveries if d.status == D.PENDING]
    if pending:
        transaction.on_commit(lambda: _enqueue(pending, program_id))
    return len(notifications)
