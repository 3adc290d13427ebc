"""The core's "waiting for you" provider: application reviews assigned to the person."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.models import Review
from portal.notifications.tasks import Task


def waiting(audience) -> list[Task]:
    reviews = (
        Review.objects.filter(
            program_id=audience.program_id,
            reviewer_id=audience.user_id,
            submitted_at__isnull=True,
            conflict_of_interest=False,
        )
        .select_related("application")
        .order_by("created_at")[:20]
    )
    return [
        Task(
            title=_("Review application %(ref)s") % {"ref": review.application.reference},
            url=reverse("review_edit", args=[review.pk]),
        )
        for review in reviews
    ]
