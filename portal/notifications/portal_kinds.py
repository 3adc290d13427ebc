"""The core's own notification kinds: selection (calls and applications) and invitations."""

from django.utils.translation import gettext_lazy as _

from portal.models.notifications import Channel
from portal.notifications.kinds import register

EMAIL = (Channel.EMAIL,)
CALL = {"title": "Değişim Elçileri Çağrısı 2026", "ref": "AMB-2026-0042"}

register(
    key="selection.application_link",
    audience="applicant",
    label=_("Link to your application"),
    subject=_("Your application link: {{ title }}"),
    body=_(
        "To fill in your application to “{{ title }}”, open this link. You can save a draft and come back to it "
        "with the same link:\n\n{{ link }}\n\nKeep this link to yourself: whoever has it can edit your application. "
        "If you ask again, a new link replaces this one."
    ),
    example={**CALL, "link": "http://127.0.0.1:8000/p/pilot/applications/abc/"},
    channels=EMAIL,
    optional=False,
    urgent=True,
)
register(
    key="selection.application_received",
    audience="applicant",
    label=_("Application received"),
    subject=_("Application {{ ref }} received"),
    body=_(
        "We have received your application {{ ref }} to “{{ title }}”. We will write to you when a decision is made."
    ),
    example=CALL,
    channels=EMAIL,
    optional=False,
)
register(
    key="selection.application_duplicate",
    audience="applicant",
    label=_("Application could not be saved (already applied)"),
    subject=_("Your application to “{{ title }}” could not be saved"),
    body=_(
        "Your application to “{{ title }}” could not be saved: an application for this {{ what }} already exists in "
        "the call (reference {{ existing }}). If you applied before, continue with the link of that application. If "
        "you did not, write to the programme office."
    ),
    example={**CALL, "what": "T.C. kimlik numarası", "existing": "AMB-2026-0007"},
    channels=EMAIL,
    optional=False,
)
register(
    key="selection.draft_reminder",
    audience="applicant",
    label=_("Unfinished application before the call closes"),
    subject=_("Your application to “{{ title }}” is not sent yet"),
    body=_(
        "The call “{{ title }}” closes on {{ closes }}. Your application is saved as a draft but has not been sent. "
        "Open the link from the email we sent you earlier, or ask for a new one on the call's page:\n\n{{ call_url }}"
    ),
    example={**CALL, "closes": "15.01.2027", "call_url": "http://127.0.0.1:8000/p/pilot/calls/3/apply/"},
    channels=EMAIL,
)
register(
    key="selection.selected",
    audience="applicant",
    label=_("Selection decision"),
    subject=_("Application {{ ref }}: selected"),
    body=_(
        "Congratulations: your application to “{{ title }}” has been selected. You will receive an invitation to "
        "the {{ program }} portal in a separate email."
    ),
    example={**CALL, "program": "İmalatta Kadın Pilot"},
    channels=EMAIL,
    optional=False,
    urgent=True,
)
register(
    key="selection.waitlisted",
    audience="applicant",
    label=_("Selection decision"),
    subject=_("Application {{ ref }}: on the waiting list"),
    body=_("Your application to “{{ title }}” is on the waiting list. We will write to you if a place becomes free."),
    example=CALL,
    channels=EMAIL,
    optional=False,
)
register(
    key="selection.rejected",
    audience="applicant",
    label=_("Selection decision"),
    subject=_("Application {{ ref }}: decision"),
    body=_("Thank you for applying to “{{ title }}”. We are sorry that we cannot offer you a place this time."),
    example=CALL,
    channels=EMAIL,
    optional=False,
)
register(
    key="portal.invitation",
    audience="anyone invited",
    label=_("Invitation"),
    subject=_("Invitation to the {{ program }} portal"),
    body=_(
        "You are invited to the {{ program }} portal as {{ role }}.\n\nOpen this link to accept the invitation and "
        "set your password:\n\n{{ link }}\n\nThe link is valid until {{ expires }}."
    ),
    example={
        "program": "İmalatta Kadın Pilot",
        "role": "Firma kullanıcısı",
        "link": "http://127.0.0.1:8000/p/pilot/invitation/abc/",
        "expires": "15.01.2027",
    },
    channels=EMAIL,
    optional=False,
    urgent=True,
    bilingual=True,
)
register(
    key="api.webhook_disabled",
    audience="staff",
    label=_("Webhook endpoint disabled"),
    subject=_("Webhook disabled: {{ url }}"),
    body=_(
        "Deliveries to {{ url }} have failed for {{ hours }} hours, so the portal stopped sending them. Fix the "
        "receiver, then turn the endpoint back on; failed deliveries can be replayed from its log."
    ),
    example={"url": "https://partner.example/hooks", "hours": 24},
    channels=(Channel.INBOX, Channel.EMAIL),
    optional=False,
)
