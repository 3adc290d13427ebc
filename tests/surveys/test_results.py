"""The M&E officer reads a campaign's results: counts, percentages and averages per question, groups under five
hidden from everyone but her, the answers in Excel one column per question, and a logframe indicator that moves
as answers come in. The results page takes a fixed number of queries whatever the number of answers."""

import io
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django_scopes import scope
from openpyxl import load_workbook

from portal import roles
from reports.calculators import calculators, evaluate
from surveys.models import SurveyResponse
from tests.helpers import assert_constant_queries


def _add_responses(pw, n, *, answers=None, track="operator"):
    with scope(program=pw.program.pk):
        SurveyResponse.objects.bulk_create(
            SurveyResponse(
                program=pw.program, campaign=pw.campaign, track=track, province="Bursa",
                submitted_on=timezone.localdate(), answers=answers or {"confidence": "5", "employed_now": "no"},
            )
            for _ in range(n)
        )  # fmt: skip


def test_results_show_counts_and_averages_and_hide_small_groups_from_staff(client, world):
    pw = world.a
    _add_responses(pw, 5)
    client.force_login(pw.users[roles.STAFF])
    html = client.get(reverse("surveys:campaign_detail", args=[pw.campaign.pk])).content.decode()
    # 2 world answers (4, yes) + 5 here (5, no): 7 answers, average 4.71
    assert "data-responses>7<" in html and ("4.71" in html or "4,71" in html)
    assert "n=5" in html  # the five operators in Bursa are a group large enough to show
    assert "data-suppressed" in html  # the world's two answers make a group too small to show
    client.force_login(pw.users[roles.ME])
    html = client.get(reverse("surveys:campaign_detail", args=[pw.campaign.pk])).content.decode()
    assert "data-suppressed" not in html and "n=2" in html


def test_the_export_has_one_column_per_question(client, world):
    pw = world.a
    client.force_login(pw.users[roles.ME])
    response = client.get(reverse("surveys:campaign_export", args=[pw.campaign.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    heading = next(r for r in rows if r and "confidence" in r)
    assert heading[-2:] == ["confidence", "employed_now"]
    assert sum(1 for r in rows if r and r[-1] == "yes") == 2


def test_the_results_page_takes_the_same_queries_with_ten_times_the_answers(client, world):
    client.force_login(world.a.users[roles.ME])
    url = reverse("surveys:campaign_detail", args=[world.a.campaign.pk])
    assert_constant_queries(client, url, grow=lambda n: _add_responses(world.a, n), n=5)


def test_a_logframe_indicator_computes_live_from_survey_answers(world):
    pw = world.a
    code = f"survey:{pw.measure.pk}"
    with scope(program=pw.program.pk):
        assert code in calculators
        assert evaluate([code], program_id=pw.program.pk, as_of=date.today())[code].value == 100  # 2 of 2 say yes
        _add_responses(pw, 2)
        figure = evaluate([code], program_id=pw.program.pk, as_of=date.today())[code]
        assert figure.value == 50
        assert figure.record_refs == [f"survey_campaign:{pw.campaign.pk}"]
        # answers given after the day do not count for it
        assert evaluate([code], program_id=pw.program.pk, as_of=date.today() - timedelta(days=1))[code].value is None


def test_another_programs_measure_computes_nothing_here(world):
    code = f"survey:{world.b.measure.pk}"
    with scope(program=world.a.program.pk):
        assert code not in calculators
        assert evaluate([code], program_id=world.a.program.pk, as_of=date.today()) == {}
