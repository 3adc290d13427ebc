"""Matching's "waiting for you" provider: offers to answer, checkpoints to confirm, overdue checkpoints for staff.
A fixed number of queries whatever the data size (one per kind of task)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from matching import selectors
from matching.models import Offer
from portal import roles
from portal.notifications.tasks import Task


def waiting(audience) -> list[Task]:
    tasks = []
    if audience.has_role(roles.AMBASSADOR, roles.OPERATOR):
        for offer in Offer.objects.filter(
            program_id=audience.program_id, trainee__user_id=audience.user_id, status="open", candidate_answer="pending"
        ).select_related("firm"):
            tasks.append(
                Task(
                    title=_("Answer your job offer from %(firm)s") % {"firm": offer.firm.name},
                    url=reverse("matching:offer_detail", args=[offer.pk]),
                    due=offer.deadline,
                    urgent=True,
                )
            )
    if audience.has_role(roles.FIRM) and audience.firm_ids:
        for offer in (
            Offer.objects.filter(
                program_id=audience.program_id, firm_id__in=audience.firm_ids, status="open", firm_answer="pending"
            )
            .select_related("trainee__user")
            .order_by("deadline")[:20]
        ):
            tasks.append(
                Task(
                    title=_("Accept or decline the candidate %(name)s") % {"name": offer.trainee.user.get_full_name()},
                    url=reverse("matching:offer_detail", args=[offer.pk]),
                    due=offer.deadline,
                    urgent=True,
                )
            )
    if audience.has_role(roles.FIRM, roles.AMBASSADOR, roles.OPERATOR):
        for checkpoint in selectors.checkpoints_open_for_user(audience=audience).select_related("trainee__user")[:20]:
            tasks.append(
                Task(
                    title=_("Confirm the month %(month)s checkpoint of %(name)s")
                    % {"month": checkpoint.month, "name": checkpoint.trainee.user.get_full_name()},
                    url=reverse("matching:overview"),
                    due=checkpoint.due_on,
                )
            )
    if audience.has_role(roles.STAFF):
        conf = selectors.matching_settings(program_id=audience.program_id)
        overdue = selectors.checkpoints_overdue(
            program_id=audience.program_id, grace_days=conf.checkpoint_grace_days
        ).count()
        if overdue:
            tasks.append(
                Task(
                    title=_("%(count)s retention checkpoints overdue") % {"count": overdue},
                    url=reverse("matching:checkpoint_overdue"),
                    urgent=True,
                )
            )
    return tasks
