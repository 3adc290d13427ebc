"""Surveys' notification kinds: a survey waiting for an answer (SMS too: operators read SMS) and its reminder."""

from django.utils.translation import gettext_lazy as _

from portal.models.notifications import Channel
from portal.notifications.kinds import register

ALL = (Channel.INBOX, Channel.EMAIL, Channel.SMS)
EXAMPLE = {"title": "Değişim elçileri başlangıç anketi", "closes": "20.12.2026"}

register(
    key="surveys.invited",
    audience="trainee or firm",
    label=_("A survey for you"),
    subject=_("A survey waits for your answers: {{ title }}"),
    body=_(
        "The programme asks for your answers to the survey “{{ title }}”. It takes a few minutes, you can stop "
        "and continue later, and it is open until {{ closes }}. Your answers help us improve the programme."
    ),
    sms=_("A short programme survey waits for you until {{ closes }}:"),
    example=EXAMPLE,
    channels=ALL,
)
register(
    key="surveys.reminder",
    audience="trainee or firm",
    label=_("A survey closes soon"),
    subject=_("Reminder: the survey {{ title }} closes on {{ closes }}"),
    body=_("The survey “{{ title }}” is still waiting for your answers. It closes on {{ closes }}."),
    sms=_("Reminder: the programme survey closes on {{ closes }}:"),
    example=EXAMPLE,
    channels=ALL,
    digest=True,
)
