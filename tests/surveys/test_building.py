"""M&E staff build a questionnaire in the portal or bring an XLSForm, publish it (frozen; a change makes a new
version), send it to an audience, and the invited women find it waiting for them and are told."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from portal import roles
from portal.models import Notification
from surveys.models import Campaign, Question, Questionnaire, SurveyInvitation
from tests.surveys.helpers import GOOD, xlsform


def test_staff_build_a_questionnaire_and_a_published_one_is_frozen(client, world):
    pw = world.a
    client.force_login(pw.users[roles.ME])
    response = client.post(reverse("surveys:questionnaire_new"), {"code": "tracer", "title_tr": "İzleme"})
    with scope(program=pw.program.pk):
        questionnaire = Questionnaire.objects.get(code="tracer")
    assert response["Location"] == reverse("surveys:questionnaire_detail", args=[questionnaire.pk])
    url = reverse("surveys:questionnaire_detail", args=[questionnaire.pk])
    choices = "yes | Evet | Yes\nno | Hayır | No"
    added = client.post(url, {"name": "works", "type": "select_one", "label_tr": "Çalışıyor musunuz?",
                              "show_if_operator": "equals", "choices_text": choices})  # fmt: skip
    assert added.status_code == 302
    refused = client.post(url, {"name": "works", "type": "text", "label_tr": "Aynı ad", "show_if_operator": "equals"})
    assert refused.status_code == 400 and "works adı başka bir soruda kullanılıyor" in refused.content.decode()
    client.post(reverse("surveys:questionnaire_publish", args=[questionnaire.pk]))
    frozen = client.post(url, {"name": "later", "type": "text", "label_tr": "Sonra", "show_if_operator": "equals"})
    assert frozen.status_code == 302
    assert "dondurulmuştur" in client.get(url).content.decode()
    with scope(program=pw.program.pk):
        assert list(Question.objects.filter(questionnaire=questionnaire).values_list("name", flat=True)) == ["works"]
    # a change makes a new version: the published one stays for its campaigns
    client.post(reverse("surveys:questionnaire_publish", args=[questionnaire.pk]))
    with scope(program=pw.program.pk):
        versions = list(Questionnaire.objects.filter(code="tracer").values_list("version", "status"))
    assert sorted(versions) == [(1, "published"), (2, "draft")]


def test_an_xlsform_upload_comes_in_and_a_bad_one_names_its_row(client, world):
    pw = world.a
    client.force_login(pw.users[roles.STAFF])
    url = reverse("surveys:questionnaire_import")
    good = SimpleUploadedFile("form.xlsx", xlsform(**GOOD, settings={"form_title": "Temel", "form_id": "base"}))
    assert client.post(url, {"workbook": good}).status_code == 302
    with scope(program=pw.program.pk):
        imported = Questionnaire.objects.get(code="base")
        assert imported.source == "xlsform" and imported.questions.count() == 5
    rows = [*GOOD["survey_rows"], ["begin repeat", "kids", "Çocuklar", "Children"]]
    bad = SimpleUploadedFile("bad.xlsx", xlsform(rows, GOOD["choices"]))
    page = client.post(url, {"workbook": bad})
    assert page.status_code == 400
    assert "survey sayfası, satır 7, type sütunu" in page.content.decode()
    junk = client.post(url, {"workbook": SimpleUploadedFile("x.xlsx", b"PK\x03\x04\x00junk")})
    assert junk.status_code == 400


def test_a_campaign_reaches_its_audience_waiting_and_notified(client, world):
    pw = world.a
    client.force_login(pw.users[roles.STAFF])
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("surveys:campaign_new", args=[pw.questionnaire.pk]),
        {"title_tr": "Operatör anketi", "phase": "baseline", "audience": "operators", "opens_on": today,
         "closes_on": today},
    )  # fmt: skip
    assert response.status_code == 302
    with scope(program=pw.program.pk):
        campaign = Campaign.objects.get(title_tr="Operatör anketi")
    client.post(reverse("surveys:campaign_launch", args=[campaign.pk]))
    with scope(program=pw.program.pk):
        invited = set(SurveyInvitation.objects.filter(campaign=campaign).values_list("user_id", flat=True))
        operator = pw.users[roles.OPERATOR]
        assert operator.pk in invited and pw.users[roles.AMBASSADOR].pk not in invited
        assert Notification.objects.filter(recipient=operator, kind="surveys.invited").exists()
    client.force_login(operator)
    home = client.get(reverse("home"), follow=True).content.decode()
    assert "Anketi yanıtlayın: Operatör anketi" in home
    # launching again invites nobody twice
    client.force_login(pw.users[roles.STAFF])
    client.post(reverse("surveys:campaign_launch", args=[campaign.pk]))
    with scope(program=pw.program.pk):
        assert SurveyInvitation.objects.filter(campaign=campaign).count() == len(invited)


def test_a_reminder_reaches_only_those_who_have_not_answered_once_a_day(client, world):
    pw = world.a
    client.force_login(pw.users[roles.ME])
    url = reverse("surveys:campaign_remind", args=[pw.campaign.pk])
    client.post(url)
    client.post(url)  # the same day again: nobody is told twice
    with scope(program=pw.program.pk):
        told = set(Notification.objects.filter(kind="surveys.reminder").values_list("recipient_id", flat=True))
        counted = Notification.objects.filter(kind="surveys.reminder").count()
    waiting = {pw.users[roles.AMBASSADOR].pk, pw.users[roles.OPERATOR].pk, *(t.user_id for t in pw.other_trainees[2:])}
    assert told == waiting and counted == len(waiting)
