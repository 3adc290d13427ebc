"""A woman answers her survey on her phone: she can stop and come back, what she typed stays even when it is
refused, she answers once; in an anonymous campaign nothing in the database links her answers to her."""

from django.db import connection
from django.urls import reverse
from django_scopes import scope

from portal import roles
from portal.models import AuditEvent
from surveys.models import Campaign, SurveyInvitation, SurveyResponse


def _answer(client, pw, data):
    return client.post(reverse("surveys:answer", args=[pw.campaign.pk]), data)


def test_she_saves_halfway_comes_back_and_finishes(client, world):
    pw = world.a
    client.force_login(pw.users[roles.OPERATOR])
    page = client.get(reverse("surveys:answer", args=[pw.campaign.pk]))
    assert page.status_code == 200 and "Kendime güveniyorum" in page.content.decode()
    assert _answer(client, pw, {"confidence": "4", "action": "save"}).status_code == 302
    again = client.get(reverse("surveys:answer", args=[pw.campaign.pk])).content.decode()
    assert 'value="4" id="confidence-4" checked' in again
    assert _answer(client, pw, {"confidence": "4", "employed_now": "yes", "action": "submit"}).status_code == 302
    with scope(program=pw.program.pk):
        response = SurveyResponse.objects.get(campaign=pw.campaign, respondent=pw.users[roles.OPERATOR])
        assert response.answers == {"confidence": "4", "employed_now": "yes"}
        assert SurveyInvitation.objects.get(campaign=pw.campaign, user=pw.users[roles.OPERATOR]).answered


def test_a_refused_answer_is_kept_with_her_other_answers(client, world):
    pw = world.a
    client.force_login(pw.users[roles.AMBASSADOR])
    page = _answer(client, pw, {"employed_now": "yes", "action": "submit"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Bu soru yanıt bekliyor." in html
    assert 'value="yes" id="employed_now-yes" checked' in html
    with scope(program=pw.program.pk):
        assert not SurveyResponse.objects.filter(respondent=pw.users[roles.AMBASSADOR]).exists()


def test_she_answers_once(client, world):
    pw = world.a
    client.force_login(pw.users[roles.AMBASSADOR])
    _answer(client, pw, {"confidence": "2", "action": "submit"})
    second = _answer(client, pw, {"confidence": "5", "action": "submit"})
    assert second.status_code == 302
    with scope(program=pw.program.pk):
        assert list(
            SurveyResponse.objects.filter(respondent=pw.users[roles.AMBASSADOR]).values_list("answers", flat=True)
        ) == [{"confidence": "2"}]
    assert (
        "Bu anketi zaten yanıtladınız" in client.get(reverse("surveys:answer", args=[pw.campaign.pk])).content.decode()
    )


def test_hostile_answers_give_no_server_error(client, world):
    pw = world.a
    client.force_login(pw.users[roles.OPERATOR])
    for data in (
        {"confidence": "9", "employed_now": "x" * 5000, "action": "submit"},
        {"confidence": ["1", "2"], "employed_now": "\x00", "action": "submit"},
        {"confidence": "'; DROP TABLE x; --", "action": "save"},
    ):
        assert _answer(client, pw, data).status_code in {302, 400}


def test_an_anonymous_answer_holds_no_link_to_the_person(client, world):
    pw = world.a
    with scope(program=pw.program.pk):
        Campaign.objects.filter(pk=pw.campaign.pk).update(anonymous=True)
    operator = pw.users[roles.OPERATOR]
    client.force_login(operator)
    _answer(client, pw, {"confidence": "3", "employed_now": "no", "action": "submit"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM surveys_surveyresponse WHERE campaign_id = %s", [pw.campaign.pk])
        columns = [c[0] for c in cursor.description]
        rows = [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]
    mine = [r for r in rows if '"no"' in str(r["answers"])]
    assert len(mine) == 1
    assert mine[0]["respondent_id"] is None
    assert set(columns) == {"id", "program_id", "campaign_id", "respondent_id", "answers", "track", "province",
                            "submitted_on"}  # fmt: skip
    with scope(program=pw.program.pk):
        # only the "has answered" flag stays with her, with nothing of what she said
        invitation = SurveyInvitation.objects.get(campaign=pw.campaign, user=operator)
        assert invitation.answered and invitation.draft == {}
        assert not AuditEvent.objects.filter(target_type="surveys.surveyresponse").exists()


def test_someone_not_invited_gets_404(client, world):
    client.force_login(world.a.users[roles.FIRM])
    assert client.get(reverse("surveys:answer", args=[world.a.campaign.pk])).status_code == 404
