"""Who a campaign asks: the people of its audience as they stand now, each with the attributes her answers are
broken down by (track, province). One query per audience, set-based."""

from portal import roles
from portal.models import Membership
from surveys.models import Campaign
from training.models import Enrolment, Track, Trainee

A = Campaign.Audience


def _trainee_rows(queryset) -> dict[int, dict]:
    return {
        user_id: {"track": track, "province": province or ""}
        for user_id, track, province in queryset.values_list("user_id", "track", "province__name")
    }


def _months_before(day, months: int):
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))


def audience_members(campaign: Campaign) -> dict[int, dict]:
    program_id = campaign.program_id
    trainees = Trainee.objects.filter(program_id=program_id)
    if campaign.audience == A.AMBASSADORS:
        trainees = trainees.filter(track=Track.AMBASSADOR)
    elif campaign.audience == A.OPERATORS:
        trainees = trainees.filter(track=Track.OPERATOR)
    elif campaign.audience == A.EMPLOYED:
        from matching.models import Employment

        employed = Employment.objects.filter(program_id=program_id)
        if campaign.months_employed:
            # tracer: employment started at least N months before the campaign opens
            employed = employed.filter(start_date__lte=_months_before(campaign.opens_on, campaign.months_employed))
        trainees = trainees.filter(pk__in=employed.values("trainee_id"))
    elif campaign.audience == A.FIRMS:
        return {
            user_id: {"track": "firm", "province": province or ""}
            for user_id, province in Membership.objects.filter(
                program_id=program_id, role__code=roles.FIRM, is_active=True, firm__isnull=False
            ).values_list("user_id", "firm__province__name")
        }
    if campaign.cohort_id:
        trainees = trainees.filter(
            pk__in=Enrolment.objects.filter(program_id=program_id, cohort_id=campaign.cohort_id).values("trainee_id")
        )
    return _trainee_rows(trainees)
