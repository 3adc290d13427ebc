"""Guard the guard: the crawler (tests/security/test_crawler.py) really walks the training pages, so its
"a trainer sees only her cohorts, a trainee only herself" is proven on pages that show names."""

from django.urls import reverse

from portal import roles
from tests.security.test_crawler import _forbidden, crawl


def test_the_trainers_crawl_reaches_her_cohort_sheets_and_trainees(client, world):
    pw = world.a
    client.force_login(pw.users[roles.TRAINER])
    pages = crawl(client)
    for url in (
        reverse("training:cohort_detail", args=[pw.cohort.pk]),
        reverse("training:session_attendance", args=[pw.session.pk]),
        reverse("training:session_code", args=[pw.session.pk]),
        reverse("training:cohort_attendance", args=[pw.cohort.pk]),
        reverse("training:trainee_detail", args=[pw.class_trainees[0].pk]),
    ):
        assert url in pages, url
    seen = "".join(pages.values())
    assert pw.class_trainees[0].user.full_name in seen
    # what she must not see is checked by the crawler: her colleague's cohort and its trainees
    forbidden = _forbidden(world, roles.TRAINER)
    assert {pw.own_cohort.name, pw.trainees[roles.AMBASSADOR].user.full_name} <= forbidden
    assert pw.class_trainees[0].user.full_name not in forbidden


def test_the_trainees_crawl_reaches_her_training_and_check_in(client, world):
    pw = world.a
    client.force_login(pw.users[roles.AMBASSADOR])
    pages = crawl(client)
    assert reverse("training:my_training") in pages and reverse("training:checkin") in pages
    assert pw.own_cohort.name in pages[reverse("training:my_training")]
    forbidden = _forbidden(world, roles.AMBASSADOR)
    assert {pw.other_trainees[0].user.full_name, pw.cohort.name, pw.class_trainees[0].user.full_name} <= forbidden


def test_the_office_crawl_reaches_cohorts_at_risk_and_curricula(client, world):
    pw = world.a
    client.force_login(pw.users[roles.STAFF])
    pages = crawl(client)
    for name in ("training:cohort_list", "training:at_risk", "training:curriculum_list"):
        assert reverse(name) in pages
    assert any(pw.other_trainees[0].user.full_name in html for html in pages.values())
