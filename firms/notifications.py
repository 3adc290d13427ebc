"""The firms app's notification kinds."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.kinds import register

register(
    key="firms.workforce_reminder",
    audience="firm",
    label=_("Workforce figures to update"),
    subject=_("Please update the workforce figures of {{ firm }}"),
    body=_(
        "The programme follows the share of women in your workforce. Please enter your current figures (employees "
        "by white/blue collar and gender) on your firm's page; we ask every {{ days }} days."
    ),
    example={"firm": "Anadolu Metal A.Ş.", "days": 90},
)
