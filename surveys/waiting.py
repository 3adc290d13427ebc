"""Surveys' "waiting for you" provider: the open surveys she has not answered yet. One query."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.notifications.tasks import Task
from surveys import permissions
from surveys.selectors import campaigns_open, invitations_waiting


def waiting(audience) -> list[Task]:
    if audience.user_id is None or audience.program_id is None:
        return []
    tasks = []
    if permissions.can_manage(audience):
        # the office follows the surveys open now (one query): answers come in, reminders may be due
        open_now = campaigns_open(audience=audience)
        if open_now:
            tasks.append(
                Task(
                    title=_("%(count)s surveys open: follow the answers") % {"count": open_now},
                    url=reverse("surveys:home"),
                )
            )
    return tasks + [
        Task(
            title=_("Answer the survey: %(title)s") % {"title": invitation.campaign.title},
            url=reverse("surveys:answer", args=[invitation.campaign_id]),
            due=invitation.campaign.closes_on,
            detail=_("You can stop and continue later.") if not invitation.draft else _("Continue where you left."),
        )
        for invitation in invitations_waiting(audience=audience)[:10]
    ]
