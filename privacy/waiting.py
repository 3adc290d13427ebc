"""Data-subject requests by their legal deadline (KVKK article 13: answered within 30 days): the handlers'
"waiting for you" tasks, and the reminder they get before a deadline and when one has passed.

The provider takes one query whatever the number of requests; the reminder is a daily beat task.
"""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models.notifications import Channel
from portal.notifications.kinds import register
from portal.notifications.tasks import Task
from privacy.models import DataRequest
from privacy.permissions import HANDLERS

# how many days before the legal deadline the handlers are reminded
REMIND_DAYS_BEFORE = 5
CAP = 20

register(
    key="privacy.request_deadline",
    audience="staff",
    label=gettext_lazy("A data-subject request's legal deadline is near or passed"),
    subject=gettext_lazy(
        "{% if overdue %}Overdue: data-subject request #{{ ref }} was due on {{ due }}{% else %}Data-subject "
        "request #{{ ref }} must be answered by {{ due }}{% endif %}"
    ),
    body=gettext_lazy(
        "The request #{{ ref }} ({{ what }}), received on {{ received }}, must be answered by {{ due }} (KVKK "
        "article 13: within 30 days).{% if overdue %} The deadline has passed: answer it today.{% else %} "
        "{{ days }} days are left.{% endif %}"
    ),
    example={
        "ref": 12,
        "what": "Verilerimin silinmesi",
        "received": "01.11.2026",
        "due": "01.12.2026",
        "days": 5,
        "overdue": False,
    },
    channels=(Channel.INBOX, Channel.EMAIL),
    optional=False,
    urgent=True,
)


def _open(program_id: int):
    return DataRequest.objects.filter(program_id=program_id).exclude(status=DataRequest.Status.ANSWERED)


def waiting(audience) -> list[Task]:
    if not audience.has_role(*HANDLERS):
        return []
    rows = (
        _open(audience.program_id)
        .filter(Q(assigned_to__isnull=True) | Q(assigned_to_id=audience.user_id))
        .order_by("due_on", "pk")[:CAP]
    )
    return [
        Task(
            title=_("Answer data-subject request #%(ref)s by %(due)s")
            % {"ref": r.pk, "due": r.due_on.strftime("%d.%m.%Y")},
            detail=r.get_kind_display(),
            url=reverse("privacy:request_detail", args=[r.pk]),
            due=r.due_on,
            urgent=r.days_left <= REMIND_DAYS_BEFORE,
        )
        for r in rows
    ]


def request_deadlines_tell(*, program_id: int, today=None) -> int:
    """Daily: the handler of each open request due within REMIND_DAYS_BEFORE days (all handlers while nobody is
    assigned) is told once before the deadline and once when it has passed."""
    from portal.notifications import recipients
    from portal.notifications.service import notify

    today = today or timezone.localdate()
    handlers = None
    told = 0
    for r in (
        _open(program_id).filter(due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE)).select_related("assigned_to")
    ):
        if r.assigned_to is not None:
            people = [r.assigned_to]
        else:
            if handlers is None:
                handlers = recipients.role_users(program_id=program_id, codes=HANDLERS)
            people = handlers
        overdue = r.due_on < today
        told += len(
            notify(
                kind="privacy.request_deadline",
                recipients=people,
                obj=r,
                key="overdue" if overdue else "soon",
                program_id=program_id,
                link=reverse("privacy:request_detail", args=[r.pk]),
                context={
                    "ref": r.pk,
                    "what": r.get_kind_display(),
                    "received": timezone.localtime(r.received_at).strftime("%d.%m.%Y"),
                    "due": r.due_on.strftime("%d.%m.%Y"),
                    "days": (r.due_on - today).days,
                    "overdue": overdue,
                },
            )
        )
    return told
