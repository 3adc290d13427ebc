"""Demo surveys: a baseline and an endline for change ambassadors (baseline answered; the endline waiting for some),
an endline for operators waiting for the demo operator, a 6-month tracer for employed women, and an anonymous event
feedback form imported from the XLSForm workbook shipped in demo_data/. A survey measure ("share employed now at
the 6-month tracer") for the logframe. Idempotent: a second run changes nothing."""

import random
from datetime import timedelta
from pathlib import Path

from django.http import QueryDict
from django.utils import timezone

from portal import roles
from surveys import services
from surveys.models import Campaign, Measure, Questionnaire, SurveyInvitation
from surveys.xlsform import ParsedQuestion, parse

SKILLS = [
    ParsedQuestion("confidence", "likert", "Dijital araçları işimde kullanmaya kendimi hazır hissediyorum.",
                   "I feel ready to use digital tools in my work.", required=True),
    ParsedQuestion("skills", "select_multiple", "Hangi becerilere sahipsiniz?", "Which skills do you have?",
                   choices=[("office", "Ofis yazılımları", "Office software"),
                            ("data", "Veri analizi", "Data analysis"), ("plc", "PLC / otomasyon", "PLC / automation"),
                            ("energy", "Enerji verimliliği", "Energy efficiency")]),
    ParsedQuestion("employed_now", "yes_no", "Şu anda ücretli bir işte çalışıyor musunuz?",
                   "Are you in paid work now?", required=True),
    ParsedQuestion("hours", "integer", "Haftada kaç saat çalışıyorsunuz?", "How many hours a week do you work?",
                   min_value=0, max_value=80, show_if="employed_now", show_if_value="yes"),
    ParsedQuestion("barrier", "select_one", "İşe girmenizin önündeki en büyük engel nedir?",
                   "What is the biggest barrier to your employment?",
                   choices=[("care", "Bakım sorumlulukları", "Care duties"), ("transport", "Ulaşım", "Transport"),
                            ("skills", "Beceri eksikliği", "Missing skills"), ("none", "Engel yok", "No barrier")]),
    ParsedQuestion("comment", "long_text", "Eklemek istedikleriniz", "Anything you would like to add"),
]  # fmt: skip
XLSFORM = Path(__file__).parent / "demo_data" / "event_feedback_xlsform.xlsx"


def _answers(rng, *, confidence_shift=0):
    employed = rng.random() < 0.55
    data = QueryDict(mutable=True)
    data["confidence"] = str(min(5, max(1, rng.randint(1, 4) + confidence_shift)))
    data.setlist("skills", rng.sample(["office", "data", "plc", "energy"], rng.randint(1, 3)))
    data["employed_now"] = "yes" if employed else "no"
    if employed:
        data["hours"] = str(rng.choice([20, 30, 40, 45]))
    data["barrier"] = rng.choice(["care", "transport", "skills", "none"])
    return data


def _answer_all(campaign, users, rng, **shift):
    for invitation in SurveyInvitation.objects.filter(campaign=campaign, user__in=users, answered=False):
        services.response_save(actor=invitation.user, invitation=invitation, data=_answers(rng, **shift), submit=True)


def _campaign(staff, questionnaire, *, title_tr, title_en, phase, audience, opens, closes, **extra):
    found = Campaign.objects.filter(program_id=questionnaire.program_id, title_tr=title_tr).first()
    if found:
        return found, False
    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=staff, questionnaire=questionnaire, title_tr=title_tr, title_en=title_en, phase=phase,
        audience=audience, opens_on=today + timedelta(days=min(opens, 0)),
        closes_on=today + timedelta(days=max(closes, 0)),
        **extra,
    )  # fmt: skip
    services.campaign_launch(actor=staff, campaign=campaign)
    return campaign, True


def seed(program, users) -> None:
    staff = users[roles.ME]
    rng = random.Random(18)  # noqa: S311  (demo answers, repeatable)
    skills = Questionnaire.objects.filter(program=program, code="skills").first()
    if skills is None:
        skills = services.questionnaire_create(
            actor=staff, program_id=program.pk, code="skills", title_tr="Beceri ve istihdam anketi",
            title_en="Skills and employment survey",
        )  # fmt: skip
        for question in SKILLS:
            services.question_add(actor=staff, questionnaire=skills, parsed=question)
        services.questionnaire_publish(actor=staff, questionnaire=skills)
    me = {users[roles.AMBASSADOR].pk, users[roles.OPERATOR].pk}
    baseline, new = _campaign(
        staff, skills, title_tr="Değişim elçileri başlangıç anketi", title_en="Change ambassadors baseline survey",
        phase="baseline", audience="ambassadors", opens=-1, closes=1,
    )  # fmt: skip
    if new:
        people = SurveyInvitation.objects.filter(campaign=baseline).values_list("user_id", flat=True)
        _answer_all(baseline, list(people), rng)
        Campaign.objects.filter(pk=baseline.pk).update(
            opens_on=timezone.localdate() - timedelta(days=120), closes_on=timezone.localdate() - timedelta(days=90)
        )
    endline, new = _campaign(
        staff, skills, title_tr="Değişim elçileri bitiş anketi", title_en="Change ambassadors endline survey",
        phase="endline", audience="ambassadors", opens=-3, closes=25,
    )  # fmt: skip
    if new:
        others = SurveyInvitation.objects.filter(campaign=endline).exclude(user_id__in=me)
        _answer_all(endline, list(others.values_list("user_id", flat=True)[:6]), rng, confidence_shift=1)
    operators, new = _campaign(
        staff, skills, title_tr="Operatörler bitiş anketi", title_en="Operators endline survey",
        phase="endline", audience="operators", opens=-2, closes=20,
    )  # fmt: skip
    if new:
        others = SurveyInvitation.objects.filter(campaign=operators).exclude(user_id__in=me)
        _answer_all(operators, list(others.values_list("user_id", flat=True)[:5]), rng, confidence_shift=1)
    tracer, new = _campaign(
        staff, skills, title_tr="6. ay izleme anketi", title_en="6-month tracer survey",
        phase="tracer_6", audience="employed", opens=-5, closes=30, months_employed=0,
    )  # fmt: skip
    if new:
        others = SurveyInvitation.objects.filter(campaign=tracer).exclude(user_id__in=me)
        _answer_all(tracer, list(others.values_list("user_id", flat=True)), rng, confidence_shift=1)
    if not Measure.objects.filter(program=program).exists():
        services.measure_create(
            actor=staff, program_id=program.pk, label_tr="6. ayda çalışmaya devam ettiğini söyleyen kadınların payı",
            label_en="Share of women saying they are in paid work at the 6-month tracer", questionnaire_code="skills",
            question="employed_now", phase="tracer_6", kind="share", value="yes",
        )  # fmt: skip
        services.measure_create(
            actor=staff, program_id=program.pk, label_tr="Bitişte ortalama dijital özgüven (1–5)",
            label_en="Average digital confidence at endline (1–5)", questionnaire_code="skills",
            question="confidence", phase="endline", kind="mean",
        )  # fmt: skip
    feedback = Questionnaire.objects.filter(program=program, code="event_feedback").first()
    if feedback is None:
        feedback = services.questionnaire_import(actor=staff, program_id=program.pk, form=parse(XLSFORM.read_bytes()))
        services.questionnaire_publish(actor=staff, questionnaire=feedback)
        _campaign(
            staff, feedback, title_tr="İkiz dönüşüm semineri geri bildirimi",
            title_en="Twin transition seminar feedback",
            phase="feedback", audience="trainees", opens=-1, closes=14, anonymous=True,
        )  # fmt: skip
