"""Surveys in a real browser: an operator answers her endline survey on a phone from "waiting for you", leaves
halfway, comes back and finishes; the M&E officer on a laptop sees the answer in the results and the linked
logframe indicator move. Screenshots go to var/screens/surveys-*.png."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from django_scopes import scope
from playwright.sync_api import expect

from portal import roles
from reports.models import Indicator, Result
from reports.services import figures_compute
from tests.e2e.conftest import assert_fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
LAPTOP = {"viewport": {"width": 1366, "height": 800}}
SCREENS = Path(__file__).resolve().parents[2] / "var" / "screens"


def tr(message: str) -> str:
    with translation.override("tr"):
        return translation.gettext(message)


def shot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"surveys-{name}.png"), full_page=True)


def _indicator(pw) -> Indicator:
    with scope(program=pw.program.pk):
        impact = Result.objects.create(program=pw.program, level="impact", code="S-I", name_tr="Etki", name_en="I")
        outcome = Result.objects.create(
            program=pw.program, level="outcome", parent=impact, code="S-OC", name_tr="Sonuç", name_en="Outcome"
        )
        return Indicator.objects.create(
            program=pw.program, result=outcome, code="S.1", name_tr="Çalıştığını söyleyenlerin payı",
            name_en="Share saying they work", unit="percent", method="calculated",
            calculator=f"survey:{pw.measure.pk}",
        )  # fmt: skip


def _refresh(pw):
    """What Celery beat does every few minutes: the dashboards' stored figures computed again."""
    with scope(program=pw.program.pk):
        figures_compute(program_id=pw.program.pk, language="tr")


def test_an_operator_answers_on_her_phone_in_two_sittings_and_the_indicator_moves(new_context, world):
    pw = world.a
    indicator = _indicator(pw)
    _refresh(pw)
    operator = pw.users[roles.OPERATOR]
    phone = new_context(**PHONE).new_page()
    log_in(phone, operator, totp_secret=pw.totp.get(operator.email))
    task = phone.get_by_role("link", name=re.compile(re.escape(pw.campaign.title_tr)))
    expect(task).to_be_visible()
    shot(phone, "1-waiting-for-you")
    task.click()
    expect(phone.get_by_role("heading", name=pw.campaign.title_tr)).to_be_visible()
    phone.get_by_label("4", exact=True).check()
    assert_fits(phone, "the answering page")
    shot(phone, "2-halfway")
    phone.get_by_role("button", name=tr("Save and continue later")).click()
    expect(phone.locator(".alert-success")).to_be_visible()
    shot(phone, "3-saved")

    phone.goto("/")
    phone.get_by_role("link", name=re.compile(re.escape(pw.campaign.title_tr))).first.click()
    expect(phone.get_by_label("4", exact=True)).to_be_checked()
    phone.get_by_label("Hayır", exact=True).check()
    phone.get_by_role("button", name=tr("Send my answers")).click()
    expect(phone.locator("[data-error]")).to_have_count(0)
    expect(phone.locator(".alert-success")).to_contain_text(tr("Thank you! Your answers are sent."))
    shot(phone, "4-sent")
    # she is not in paid work: the share answering yes falls from 2 of 2 to 2 of 3
    _refresh(pw)

    me = pw.users[roles.ME]
    laptop = new_context(**LAPTOP).new_page()
    log_in(laptop, me, totp_secret=pw.totp.get(me.email))
    laptop.goto(f"/surveys/campaigns/{pw.campaign.pk}/")
    expect(laptop.locator("[data-responses]")).to_have_text("3")
    shot(laptop, "5-results")
    laptop.goto(f"/reports/indicators/{indicator.pk}/")
    expect(laptop.locator("main")).to_contain_text("66,7")
    shot(laptop, "6-indicator")
    phone.context.log.assert_no_csp_violations()
    laptop.context.log.assert_no_csp_violations()
