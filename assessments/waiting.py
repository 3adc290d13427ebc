"""The assessments app's "waiting for you": the firm's self-assessment to complete and fresh results to read, the
assessor's bands to enter and reviews to publish, the staff's assessments waiting for review.
A fixed number of queries whatever the data size (one per kind of task, each capped)."""

from datetime import timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.models import Assessment, AssessorAssignment, Publication
from portal import roles
from portal.notifications.tasks import Task

S = Assessment.Status
# published results stay on the firm's list this long: long enough to be noticed, short enough not to nag
RESULTS_SHOWN_DAYS = 14
LIMIT = 20


def waiting(audience) -> list[Task]:
    tasks = []
    if audience.has_role(roles.FIRM) and audience.firm_ids:
        tasks += _firm(audience)
    if audience.has_role(roles.ASSESSOR):
        tasks += _assessor(audience)
    if audience.has_role(roles.STAFF):
        tasks += _staff(audience)
    return tasks


def _firm(audience) -> list[Task]:
    tasks = []
    for a in (
        Assessment.objects.filter(
            program_id=audience.program_id, firm_id__in=audience.firm_ids, status=S.SELF_ASSESSMENT
        )
        .select_related("framework")
        .order_by("starts_on", "pk")[:LIMIT]
    ):
        tasks.append(
            Task(
                title=_("Complete the %(framework)s self-assessment") % {"framework": a.framework.code},
                url=reverse("assessments:self_assessment", args=[a.pk]),
                due=a.starts_on,
                detail=_("The assessors start from your answers."),
            )
        )
    since = timezone.now() - timedelta(days=RESULTS_SHOWN_DAYS)
    for p in (
        Publication.objects.filter(
            program_id=audience.program_id, firm_id__in=audience.firm_ids, is_current=True, published_at__gte=since
        )
        .select_related("framework")
        .order_by("-published_at")[:LIMIT]
    ):
        tasks.append(
            Task(
                title=_("See your published %(framework)s results") % {"framework": p.framework.code},
                url=reverse("assessments:assessment_detail", args=[p.assessment_id]),
                detail=_("Published on %(day)s, with a draft roadmap of priorities.")
                % {"day": timezone.localtime(p.published_at).strftime("%d.%m.%Y")},
            )
        )
    return tasks


def _assessor(audience) -> list[Task]:
    tasks = []
    for assignment in (
        AssessorAssignment.objects.filter(
            program_id=audience.program_id,
            user_id=audience.user_id,
            assessment__status__in=[S.EVALUATION, S.REVISION, S.REVIEW],
        )
        .select_related("assessment__framework", "firm")
        .order_by("assessment__ends_on", "pk")[:LIMIT]
    ):
        a = assignment.assessment
        names = {"framework": a.framework.code, "firm": assignment.firm.name}
        if a.status == S.REVIEW:
            if not assignment.is_lead:
                continue
            tasks.append(
                Task(
                    title=_("Review and publish the %(framework)s results of %(firm)s") % names,
                    url=reverse("assessments:assessment_detail", args=[a.pk]),
                    due=a.ends_on,
                )
            )
        else:
            tasks.append(
                Task(
                    title=_("Score and submit the %(framework)s assessment of %(firm)s") % names,
                    url=reverse("assessments:evaluation", args=[a.pk]),
                    due=a.ends_on,
                )
            )
    return tasks


def _staff(audience) -> list[Task]:
    counts = dict(
        Assessment.objects.filter(program_id=audience.program_id, status__in=[S.REVIEW, S.SCHEDULED])
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    tasks = []
    if counts.get(S.REVIEW):
        tasks.append(
            Task(
                title=ngettext(
                    "%(count)s assessment waiting for review and publication",
                    "%(count)s assessments waiting for review and publication",
                    counts[S.REVIEW],
                )
                % {"count": counts[S.REVIEW]},
                url=reverse("assessments:staff_overview") + "?status=review",
            )
        )
    if counts.get(S.SCHEDULED):
        tasks.append(
            Task(
                title=ngettext(
                    "%(count)s scheduled assessment to open to its firm",
                    "%(count)s scheduled assessments to open to their firms",
                    counts[S.SCHEDULED],
                )
                % {"count": counts[S.SCHEDULED]},
                url=reverse("assessments:staff_overview") + "?status=scheduled",
            )
        )
    return tasks
