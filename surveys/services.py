"""Writes of the surveys app: questionnaires and their versions, XLSForm import, campaigns and their launch,
answers saved and submitted, survey measures for the logframe. Each in a transaction, audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.services.audit import audit_record
from surveys import answering
from surveys.models import Campaign, Choice, Measure, Question, Questionnaire, SurveyInvitation, SurveyResponse
from surveys.models import QuestionType as T
from surveys.xlsform import ParsedForm, ParsedQuestion

LIKERT_LABELS = (
    ("1", "Kesinlikle katılmıyorum", "Strongly disagree"),
    ("2", "Katılmıyorum", "Disagree"),
    ("3", "Kararsızım", "Neutral"),
    ("4", "Katılıyorum", "Agree"),
    ("5", "Kesinlikle katılıyorum", "Strongly agree"),
)
YES_NO = (("yes", "Evet", "Yes"), ("no", "Hayır", "No"))


def _next_version(program_id: int, code: str) -> int:
    top = Questionnaire.objects.filter(program_id=program_id, code=code).aggregate(v=Max("version"))["v"]
    return (top or 0) + 1


@transaction.atomic
def questionnaire_create(*, actor, program_id: int, code: str, title_tr: str, title_en: str = "", source="portal"):
    questionnaire = Questionnaire.objects.create(
        program_id=program_id,
        code=code,
        version=_next_version(program_id, code),
        title_tr=title_tr,
        title_en=title_en,
        source=source,
        created_by=actor,
    )
    audit_record(program_id=program_id, actor=actor, action="survey.questionnaire_create", target=questionnaire)
    return questionnaire


def _add(questionnaire, parsed: ParsedQuestion, order: int) -> Question:
    question = Question(
        program_id=questionnaire.program_id,
        questionnaire=questionnaire,
        order=order,
        **{k: getattr(parsed, k) for k in ParsedQuestion.__dataclass_fields__ if k != "choices"},
    )
    question.full_clean(exclude=["questionnaire", "program"])
    question.save()
    choices = parsed.choices
    if not choices and parsed.type == T.LIKERT:
        choices = LIKERT_LABELS
    if parsed.type == T.YES_NO:
        choices = YES_NO
    Choice.objects.bulk_create(
        Choice(program_id=questionnaire.program_id, question=question, order=i, value=v, label_tr=tr, label_en=en)
        for i, (v, tr, en) in enumerate(choices)
    )
    return question


@transaction.atomic
def question_add(*, actor, questionnaire: Questionnaire, parsed: ParsedQuestion) -> Question:
    if questionnaire.is_frozen:
        raise ValidationError(_("A published questionnaire is frozen: make a new version to change it."))
    if questionnaire.questions.filter(name=parsed.name).exists():
        raise ValidationError(_("Another question already has the name %(name)s.") % {"name": parsed.name})
    if parsed.show_if and not questionnaire.questions.filter(name=parsed.show_if).exists():
        raise ValidationError(_("The skip logic must point at an earlier question."))
    order = (questionnaire.questions.aggregate(o=Max("order"))["o"] or 0) + 1
    question = _add(questionnaire, parsed, order)
    audit_record(
        program_id=questionnaire.program_id, actor=actor, action="survey.question_add", target=question, data={}
    )
    return question


@transaction.atomic
def questionnaire_import(*, actor, program_id: int, form: ParsedForm, code: str = "") -> Questionnaire:
    """A new questionnaire (or a new version of the one with the form's code) from a parsed XLSForm."""
    code = code or form.code or "xlsform"
    questionnaire = questionnaire_create(
        actor=actor, program_id=program_id, code=code, title_tr=form.title_tr, title_en=form.title_en, source="xlsform"
    )
    for order, parsed in enumerate(form.questions, start=1):
        _add(questionnaire, parsed, order)
    audit_record(
        program_id=program_id,
        actor=actor,
        action="survey.questionnaire_import",
        target=questionnaire,
        data={"questions": len(form.questions)},
    )
    return questionnaire


@transaction.atomic
def questionnaire_publish(*, actor, questionnaire: Questionnaire) -> Questionnaire:
    if questionnaire.is_frozen:
        raise ValidationError(_("This version is already published."))
    if not questionnaire.questions.exists():
        raise ValidationError(_("Add at least one question before publishing."))
    questionnaire.status, questionnaire.published_at = Questionnaire.Status.PUBLISHED, timezone.now()
    questionnaire.save(update_fields=["status", "published_at"])
    audit_record(
        program_id=questionnaire.program_id, actor=actor, action="survey.questionnaire_publish", target=questionnaire
    )
    return questionnaire


@transaction.atomic
def questionnaire_new_version(*, actor, questionnaire: Questionnaire) -> Questionnaire:
    """A draft copy of a published version: the published one stays frozen for the campaigns that use it."""
    copy = questionnaire_create(
        actor=actor,
        program_id=questionnaire.program_id,
        code=questionnaire.code,
        title_tr=questionnaire.title_tr,
        title_en=questionnaire.title_en,
        source=questionnaire.source,
    )
    for question in questionnaire.questions.prefetch_related("choices"):
        parsed = ParsedQuestion(
            **{k: getattr(question, k) for k in ParsedQuestion.__dataclass_fields__ if k != "choices"},
            choices=[(c.value, c.label_tr, c.label_en) for c in question.choices.all()],
        )
        _add(copy, parsed, question.order)
    return copy


@transaction.atomic
def campaign_create(*, actor, questionnaire: Questionnaire, **fields) -> Campaign:
    if not questionnaire.is_frozen:
        raise ValidationError(_("Publish the questionnaire before sending it."))
    campaign = Campaign(program_id=questionnaire.program_id, questionnaire=questionnaire, created_by=actor, **fields)
    campaign.full_clean(exclude=["questionnaire", "program", "created_by"])
    campaign.save()
    audit_record(program_id=campaign.program_id, actor=actor, action="survey.campaign_create", target=campaign)
    return campaign


@transaction.atomic
def campaign_launch(*, actor, campaign: Campaign) -> int:
    """Invite the audience as it stands now (set-based) and tell each person; launching again invites only
    people who joined the audience since. Returns how many were invited now."""
    from portal.notifications.service import notify
    from surveys.audience import audience_members

    today = timezone.localdate()
    if campaign.closes_on < today:
        raise ValidationError(_("This campaign has closed."))
    members = audience_members(campaign)
    known = set(SurveyInvitation.objects.filter(campaign=campaign).values_list("user_id", flat=True))
    new = [
        SurveyInvitation(program_id=campaign.program_id, campaign=campaign, user_id=user_id, attrs=attrs)
        for user_id, attrs in members.items()
        if user_id not in known
    ]
    SurveyInvitation.objects.bulk_create(new)
    if campaign.launched_at is None:
        campaign.launched_at = timezone.now()
        campaign.save(update_fields=["launched_at"])
    if new:
        from django.contrib.auth import get_user_model

        notify(
            kind="surveys.invited",
            recipients=list(get_user_model().objects.filter(pk__in=[i.user_id for i in new])),
            obj=campaign,
            context={"title": campaign.title, "closes": campaign.closes_on.strftime("%d.%m.%Y")},
            link=reverse("surveys:answer", args=[campaign.pk]),
        )
    audit_record(
        program_id=campaign.program_id,
        actor=actor,
        action="survey.campaign_launch",
        target=campaign,
        data={"invited": len(new)},
    )
    return len(new)


@transaction.atomic
def campaign_remind(*, actor, campaign: Campaign) -> int:
    """Remind the invited people who have not answered yet (once a day at most: the key is the day)."""
    from django.contrib.auth import get_user_model

    from portal.notifications.service import notify

    today = timezone.localdate()
    if not campaign.is_open_on(today):
        raise ValidationError(_("This survey is not open."))
    waiting = SurveyInvitation.objects.filter(campaign=campaign, answered=False).values("user_id")
    people = list(get_user_model().objects.filter(pk__in=waiting))
    sent = notify(
        kind="surveys.reminder",
        recipients=people,
        obj=campaign,
        key=today.isoformat(),
        context={"title": campaign.title, "closes": campaign.closes_on.strftime("%d.%m.%Y")},
        link=reverse("surveys:answer", args=[campaign.pk]),
    )
    audit_record(
        program_id=campaign.program_id,
        actor=actor,
        action="survey.campaign_remind",
        target=campaign,
        data={"reminded": len(sent)},
    )
    return len(sent)


@transaction.atomic
def response_save(*, actor, invitation: SurveyInvitation, data, submit: bool):
    """Keep her answers (draft) or submit them. Returns (raw values, errors); submitted only when no errors.
    Anonymous campaigns: the response gets no respondent and no invitation; only the flag stays with her."""
    invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.user_id != actor.pk:
        raise PermissionDenied
    campaign = invitation.campaign
    if invitation.answered:
        raise ValidationError(_("You have already answered this survey. Thank you!"))
    if not campaign.is_open_on(timezone.localdate()):
        raise ValidationError(_("This survey is not open."))
    questions = list(campaign.questionnaire.questions.prefetch_related("choices"))
    raw, answers, errors = answering.check(questions, data, final=submit)
    # what she typed is kept even where it is refused, so she can correct it later
    invitation.draft = raw
    if submit and not errors:
        try:
            with transaction.atomic():
                SurveyResponse.objects.create(
                    program_id=campaign.program_id,
                    campaign=campaign,
                    respondent=None if campaign.anonymous else actor,
                    answers=answers,
                    track=invitation.attrs.get("track", ""),
                    province=invitation.attrs.get("province", ""),
                    submitted_on=timezone.localdate(),
                )
        except IntegrityError as exc:
            raise ValidationError(_("You have already answered this survey. Thank you!")) from exc
        invitation.answered, invitation.draft = True, {}
    invitation.save(update_fields=["draft", "answered"])
    return raw, errors


@transaction.atomic
def measure_create(*, actor, program_id: int, **fields) -> Measure:
    measure = Measure(program_id=program_id, **fields)
    measure.full_clean(exclude=["program"])
    measure.save()
    audit_record(program_id=program_id, actor=actor, action="survey.measure_create", target=measure)
    return measure
