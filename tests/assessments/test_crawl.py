"""Crawl the assessment pages as a firm user and as an assessor (the global crawler starts at /home/, which
for a firm user is the firms app): nothing of another firm, another assessor's work or another program."""

import pytest
from django.urls import reverse

from portal import roles
from tests.security.test_crawler import _forbidden, crawl


def assert_no_leak(pages, forbidden, who):
    for url, html in pages.items():
        leaked = sorted(s for s in forbidden if s and s in html)
        assert not leaked, f"{who} sees {leaked} on {url}"


def test_a_firm_user_sees_only_her_firms_assessments(client, world):
    client.force_login(world.a.users[roles.FIRM])
    pages = crawl(client, start=reverse("assessments:firm_home"))
    for expected in (
        reverse("assessments:assessment_detail", args=[world.a.assessment.pk]),
        reverse("assessments:roadmap", args=[world.a.assessment.pk]),
        reverse("assessments:benchmark", args=[world.a.assessment.pk]),
        reverse("assessments:self_assessment", args=[world.a.reassessment.pk]),
    ):
        assert expected in pages
    assert_no_leak(pages, _forbidden(world, roles.FIRM), "the firm user")


def test_the_other_firms_user_sees_nothing_of_the_first(client, world):
    pw = world.a
    client.force_login(pw.other_firm_user)
    pages = crawl(client, start=reverse("assessments:firm_home"))
    assert reverse("assessments:assessment_detail", args=[pw.other_assessment.pk]) in pages
    own = {pw.other_firm_user.email, pw.other_firm_user.full_name, pw.firms[1].name, pw.assessor2.full_name}
    own |= {pw.program.name_tr, pw.program.name_en, pw.program.code}
    # the candidates offered to her firm and its employees (tests/world_ext/matching.py): hers, and the first
    # firm's user must not see them
    own |= pw.visible_to_other_firm
    assert pw.visible_to_other_firm <= _forbidden(world, roles.FIRM)
    assert pw.visible_to_other_firm <= pw.secrets()
    # her own assessment's justification stays out too: it is a draft until published
    forbidden = (world.b.secrets() | pw.secrets() | {pw.firms[0].name}) - own
    assert_no_leak(pages, forbidden, "the second firm's user")


@pytest.mark.parametrize("start", ["assessments:assessor_home", "assessments:framework_list"])
def test_an_assessor_sees_only_the_assessments_assigned_to_her(client, world, start):
    client.force_login(world.a.users[roles.ASSESSOR])
    pages = crawl(client, start=reverse(start))
    if start == "assessments:assessor_home":
        assert reverse("assessments:evaluation", args=[world.a.assessor_assessment.pk]) in pages
        assert reverse("assessments:assessment_detail", args=[world.a.assessment.pk]) in pages
    forbidden = _forbidden(world, roles.ASSESSOR)
    assert world.a.firms[1].name in forbidden and world.a.assessor2.full_name in forbidden
    assert_no_leak(pages, forbidden, "the assessor")
