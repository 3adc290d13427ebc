"""What the firm and the staff see: the band profile, derived averages, benchmarks (aggregates only, no group
under five firms), priorities with each factor's share, and who is waiting on whom."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from assessments.models import Assessment
from assessments.selectors import benchmark_pool
from portal import roles
from portal.models import Province
from portal.tenancy import program_scope
from tests.assessments.helpers import Flow
from tests.factories import FirmFactory


def tr(message: str) -> str:
    with translation.override("tr"):
        return translation.gettext(message)


def cell(html: str, dimension: str, attribute: str) -> str:
    row = html.split(f'data-dimension="{dimension}"')[1].split("</tr>")[0]
    return re.search(rf"{attribute}>([^<]*)<", row).group(1)


def test_the_firm_sees_its_published_profile_with_derived_averages_and_charts(client, world):
    client.force_login(world.a.users[roles.FIRM])
    html = client.get(reverse("assessments:assessment_detail", args=[world.a.assessment.pk])).content.decode()
    assert cell(html, "SIRI-01", "data-band") == "1" and cell(html, "SIRI-03", "data-band") == "3"
    assert html.count("<svg") == 2  # the radar and the band heat-map
    assert tr("derived") in html
    with scopes_disabled():
        for block in world.a.assessment.version.building_blocks.all():
            assert block.name_tr in html
    # the self-assessment column is for the assessors' eyes
    assert tr("Self-assessment") + "</th>" not in html


def test_the_firm_home_shows_the_latest_published_profile_and_the_open_self_assessment(client, world):
    client.force_login(world.a.users[roles.FIRM])
    html = client.get(reverse("assessments:firm_home")).content.decode()
    assert reverse("assessments:self_assessment", args=[world.a.reassessment.pk]) in html
    assert html.count('class="chart chart-radar"') == 1  # one published profile (SIRI T0)
    assert world.a.firms[1].name not in html


def test_the_pool_benchmark_is_aggregated_and_small_groups_are_hidden(client, world):
    flow = Flow(world.a)
    kocaeli, izmir = Province.objects.get(plate=41), Province.objects.get(plate=35)
    pool = flow.published_firms(4, bands=[1, 2, 3, 4], province=kocaeli)  # with the world's T0: five firms
    client.force_login(world.a.users[roles.FIRM])
    url = reverse("assessments:benchmark", args=[world.a.assessment.pk])
    html = client.get(url).content.decode()
    assert "data-benchmark" in html
    # SIRI-02: the world's firm has 2; the pool 2, 1, 2, 3, 4 → median 2, percentile (1 + 0.5·2) / 5 = 40
    assert cell(html, "SIRI-02", "data-median") == "2"
    assert cell(html, "SIRI-02", "data-percentile").strip() == "40"
    for firm in [p.firm for p in pool]:
        assert firm.name not in html
    # the same province as the world's firm: Kocaeli for all five
    assert "data-benchmark" in client.get(url + "?province=1").content.decode()
    # move one firm away: four left in Kocaeli, the group is hidden
    with scopes_disabled():
        pool[0].firm.province = izmir
        pool[0].firm.save(update_fields=["province"])
    html = client.get(url + "?province=1").content.decode()
    assert "data-suppressed" in html and "data-benchmark" not in html


def test_a_group_under_five_hides_the_pool_median_everywhere(client, world):
    client.force_login(world.a.users[roles.FIRM])
    html = client.get(reverse("assessments:assessment_detail", args=[world.a.assessment.pk])).content.decode()
    assert tr("Pool median") + "</th>" not in html  # one firm in the pool


def test_the_pool_is_one_query_whatever_its_size(world):
    flow = Flow(world.a)
    flow.published_firms(5)
    a = flow.fresh(world.a.assessment)
    with program_scope(world.a.program.pk), CaptureQueriesContext(connection) as small:
        pool = benchmark_pool(assessment=a)
    flow.published_firms(15)
    a = flow.fresh(world.a.assessment)
    with program_scope(world.a.program.pk), CaptureQueriesContext(connection) as large:
        bigger = benchmark_pool(assessment=a)
    assert (pool["n"], bigger["n"]) == (6, 21)
    assert len(small.captured_queries) == len(large.captured_queries) == 1


def test_only_the_latest_result_of_a_firm_is_in_the_pool(world):
    flow = Flow(world.a)
    firm = FirmFactory(program=world.a.program)
    flow.publish(flow.schedule(firm), bands=0)
    flow.publish(flow.schedule(firm), bands=5)
    flow.published_firms(3, bands=3)
    with program_scope(world.a.program.pk):
        pool = benchmark_pool(assessment=flow.fresh(world.a.assessment))
    assert pool["n"] == 5
    assert pool["dimensions"]["SIRI-16"]["histogram"] == {5: 1, 3: 3, 2: 1}


def test_priorities_show_each_factors_contribution(client, world):
    client.force_login(world.a.users[roles.ASSESSOR])
    html = client.get(reverse("assessments:assessment_detail", args=[world.a.assessment.pk])).content.decode()
    ranking = re.findall(r'data-rank="(\d+)" data-dimension="([^"]+)"', html)
    assert len(ranking) == 16
    # placeholder content: only the gap to best in class (band 5) counts, so the lowest bands lead
    assert ranking[0][1] == "SIRI-06"  # band 0
    priorities = re.findall(r'class="table-primary" data-rank="\d+" data-dimension="([^"]+)"', html)
    assert len(priorities) == 4  # one per building block plus the next highest
    assert tr("Gap to best in class") in html


def test_staff_see_every_assessment_and_who_it_is_waiting_on(client, world):
    client.force_login(world.a.users[roles.ME])
    html = client.get(reverse("assessments:staff_overview")).content.decode()
    for a in (world.a.assessment, world.a.reassessment, world.a.other_assessment, world.a.assessor_assessment):
        assert f'data-assessment="{a.pk}"' in html
    assert world.b.firms[0].name not in html
    assert 'data-count="evaluation">2<' in html
    html = client.get(reverse("assessments:staff_overview") + "?status=self_assessment").content.decode()
    assert f'data-assessment="{world.a.reassessment.pk}"' in html
    assert f'data-assessment="{world.a.assessment.pk}"' not in html
    with translation.override("tr"):
        from assessments.workflow import WAITING_ON

        assert str(WAITING_ON[Assessment.Status.SELF_ASSESSMENT]) in html


@pytest.mark.parametrize("role", [roles.ASSESSOR, roles.FIRM])
def test_the_other_firms_assessment_is_not_found(client, world, role):
    client.force_login(world.a.users[role])
    other = world.a.other_assessment
    for name in ("assessment_detail", "benchmark", "roadmap", "self_assessment"):
        assert client.get(reverse(f"assessments:{name}", args=[other.pk])).status_code == 404
