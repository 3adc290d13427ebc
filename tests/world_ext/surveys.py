"""Survey objects of each test-world program (a handful of inserts).

- `questionnaire`: a published questionnaire (a Likert question and a yes/no question);
- `campaign`: its open, launched endline campaign for all trainees: the world's ambassador and operator are invited
  (not answered yet), and so are the other trainees, two of whom answered; its title is a secret of the program
  that only the office and the two invited users of the world may see.
- `measure`: a survey measure (share answering yes) on it.
"""

from datetime import timedelta

from django.utils import timezone

from portal import roles
from surveys.models import Campaign, Choice, Measure, Question, Questionnaire, SurveyInvitation, SurveyResponse


def extend(world, tag: str) -> None:
    program, me = world.program, world.users[roles.ME]
    today = timezone.localdate()
    world.questionnaire = questionnaire = Questionnaire.objects.create(
        program=program,
        code="skills",
        title_tr=f"Beceri anketi {tag.upper()}",
        status="published",
        published_at=timezone.now(),
        created_by=me,
    )
    confidence, employed = Question.objects.bulk_create(
        [
            Question(program=program, questionnaire=questionnaire, order=1, name="confidence", type="likert",
                     label_tr="Kendime güveniyorum", required=True),
            Question(program=program, questionnaire=questionnaire, order=2, name="employed_now", type="yes_no",
                     label_tr="Çalışıyor musunuz?"),
        ]
    )  # fmt: skip
    Choice.objects.bulk_create(
        [Choice(program=program, question=confidence, order=i, value=str(i), label_tr=str(i)) for i in range(1, 6)]
        + [
            Choice(program=program, question=employed, order=0, value="yes", label_tr="Evet"),
            Choice(program=program, question=employed, order=1, value="no", label_tr="Hayır"),
        ]
    )
    title = f"Bitiş anketi {tag.upper()} gizli"
    world.campaign = campaign = Campaign.objects.create(
        program=program,
        questionnaire=questionnaire,
        title_tr=title,
        phase="endline",
        audience="trainees",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10),
        launched_at=timezone.now(),
        created_by=me,
    )
    invited = [world.trainees[roles.AMBASSADOR], world.trainees[roles.OPERATOR], *world.other_trainees]
    SurveyInvitation.objects.bulk_create(
        SurveyInvitation(
            program=program, campaign=campaign, user=t.user, answered=t in world.other_trainees[:2],
            attrs={"track": t.track, "province": ""},
        )
        for t in invited
    )  # fmt: skip
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            program=program, campaign=campaign, respondent=t.user, track=t.track, submitted_on=today,
            answers={"confidence": "4", "employed_now": "yes"},
        )
        for t in world.other_trainees[:2]
    )  # fmt: skip
    world.measure = Measure.objects.create(
        program=program, label_tr="Çalışanların payı", questionnaire_code="skills", question="employed_now",
        phase="endline", kind="share", value="yes",
    )  # fmt: skip
    world.extra_secrets |= {title}
    for role in (roles.AMBASSADOR, roles.OPERATOR):
        world.visible_to.setdefault(role, set()).add(title)
