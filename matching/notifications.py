"""Matching's notification kinds: offers (SMS too: operators read SMS), their deadlines and answers, employment,
retention checkpoints."""

from django.utils.translation import gettext_lazy as _

from portal.models.notifications import Channel
from portal.notifications.kinds import register

ALL = (Channel.INBOX, Channel.EMAIL, Channel.SMS)
OFFER = {"firm": "Anadolu Metal A.Ş.", "deadline": "12.12.2026 17:00", "name": "Ayşe Yılmaz"}

register(
    key="matching.offer_made",
    audience="trainee",
    label=_("A job offer for you"),
    subject=_("A job offer for you from {{ firm }}"),
    body=_(
        "{{ firm }} is offered to you as your placement in the programme. Please open the offer, read it and accept "
        "or decline it by {{ deadline }}. If you do not answer in time, the place goes to someone else."
    ),
    sms=_("Job offer from {{ firm }}. Please answer by {{ deadline }}:"),
    example=OFFER,
    channels=ALL,
    optional=False,
    urgent=True,
)
register(
    key="matching.offer_made_firm",
    audience="firm",
    label=_("A candidate proposed to your firm"),
    subject=_("A candidate is proposed to your firm: {{ name }}"),
    body=_(
        "The programme proposes {{ name }} for a position at {{ firm }}. Please accept (with the start date, "
        "contract type and salary) or decline by {{ deadline }}."
    ),
    example=OFFER,
    optional=False,
    urgent=True,
)
register(
    key="matching.offer_reminder",
    audience="trainee or firm",
    label=_("An offer waits for your answer"),
    subject=_("Reminder: the offer ({{ firm }}) closes on {{ deadline }}"),
    body=_(
        "The offer for {{ name }} at {{ firm }} is still waiting for your answer. It closes on {{ deadline }}; after "
        "that the place goes to someone else."
    ),
    sms=_("Reminder: the offer from {{ firm }} closes on {{ deadline }}. Answer here:"),
    example=OFFER,
    channels=ALL,
    urgent=True,
)
register(
    key="matching.offer_accepted_by_other",
    audience="trainee or firm",
    label=_("The other side accepted the offer"),
    subject=_("{{ who }} accepted the offer ({{ firm }})"),
    body=_("{{ who }} accepted the offer for {{ name }} at {{ firm }}. It now waits for your answer."),
    example={**OFFER, "who": "Anadolu Metal A.Ş."},
)
register(
    key="matching.offer_declined",
    audience="trainee or firm",
    label=_("An offer was declined"),
    subject=_("The offer for {{ name }} at {{ firm }} was declined"),
    body=_("{{ who }} declined the offer for {{ name }} at {{ firm }}. Reason: {{ reason }}"),
    example={**OFFER, "who": "Ayşe Yılmaz", "reason": "Uzak"},
)
register(
    key="matching.offer_expired",
    audience="trainee or firm",
    label=_("An offer expired"),
    subject=_("The offer for {{ name }} at {{ firm }} has expired"),
    body=_("Nobody answered the offer for {{ name }} at {{ firm }} by {{ deadline }}, so it has expired. {{ rolled }}"),
    example={**OFFER, "rolled": "Yer bir sonraki adaya önerildi."},
)
register(
    key="matching.employment_started",
    audience="trainee or firm",
    label=_("Employment confirmed"),
    subject=_("Employment confirmed: {{ name }} at {{ firm }} from {{ start }}"),
    body=_(
        "Both sides accepted: {{ name }} starts at {{ firm }} on {{ start }}. The programme will ask both of you to "
        "confirm the employment at its retention checkpoints."
    ),
    sms=_("Congratulations: you start at {{ firm }} on {{ start }}."),
    example={**OFFER, "start": "05.01.2027"},
    channels=ALL,
    urgent=True,
)
register(
    key="matching.checkpoint_due",
    audience="trainee or firm",
    label=_("A retention checkpoint is due"),
    subject=_("Please confirm the month {{ month }} employment checkpoint"),
    body=_(
        "The retention checkpoint of {{ name }} at {{ firm }} is due on {{ due }}. Please log in and confirm whether "
        "the employment continues."
    ),
    example={**OFFER, "month": 6, "due": "05.07.2027"},
    digest=True,
)
register(
    key="matching.checkpoint_overdue",
    audience="trainee or firm",
    label=_("A retention checkpoint is overdue"),
    subject=_("Overdue: the month {{ month }} employment checkpoint"),
    body=_(
        "The retention checkpoint of {{ name }} at {{ firm }} was due on {{ due }}. Please log in and confirm "
        "whether the employment continues."
    ),
    sms=_("Please confirm in the portal that your work at {{ firm }} continues (month {{ month }}):"),
    example={**OFFER, "month": 6, "due": "05.07.2027"},
    channels=ALL,
)
