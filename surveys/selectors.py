"""Reads of the surveys app, scoped to the person: 404 for missing and not yours alike."""

from django.http import Http404
from django.utils import timezone

from surveys.models import Campaign, Measure, Question, Questionnaire, SurveyInvitation


def questionnaire_list_for_user(*, audience):
    return Questionnaire.objects.filter(program_id=audience.program_id).order_by("code", "-version")


def questionnaire_get_for_user(*, audience, pk) -> Questionnaire:
    found = questionnaire_list_for_user(audience=audience).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def questions_of(questionnaire):
    return list(Question.objects.filter(questionnaire=questionnaire).prefetch_related("choices"))


def campaign_list_for_user(*, audience):
    return Campaign.objects.filter(program_id=audience.program_id).select_related("questionnaire", "cohort")


def campaign_get_for_user(*, audience, pk) -> Campaign:
    found = campaign_list_for_user(audience=audience).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def invitations_for_user(*, audience):
    """Her own invitations to launched campaigns, newest first."""
    return (
        SurveyInvitation.objects.filter(
            program_id=audience.program_id, user_id=audience.user_id, campaign__launched_at__isnull=False
        )
        .select_related("campaign")
        .order_by("answered", "campaign__closes_on")
    )


def invitations_waiting(*, audience):
    today = timezone.localdate()
    return invitations_for_user(audience=audience).filter(
        answered=False, campaign__opens_on__lte=today, campaign__closes_on__gte=today
    )


def campaigns_open(*, audience) -> int:
    today = timezone.localdate()
    return (
        campaign_list_for_user(audience=audience)
        .filter(launched_at__isnull=False, opens_on__lte=today, closes_on__gte=today)
        .count()
    )


def invitation_get_for_user(*, audience, campaign_pk) -> SurveyInvitation:
    found = (
        invitations_for_user(audience=audience)
        .select_related("campaign__questionnaire")
        .filter(campaign_id=campaign_pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def measure_list_for_user(*, audience):
    return Measure.objects.filter(program_id=audience.program_id)
