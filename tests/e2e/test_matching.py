"""Matching in a real browser: staff run the matching, read a "why this match" and lock the proposal; an ambassador
and then her future employer accept the offer on their phones, and the employment appears.

Expected texts come from the translation catalogue (gettext under the page's language)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from matching.models import Employment, Offer, Proposal
from portal import roles
from tests.e2e.conftest import assert_fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}


def tr(message: str) -> str:
    with translation.override("tr"):
        return translation.gettext(message)


def test_staff_run_the_matching_read_why_and_lock(new_context, world):
    pw = world.a
    with scopes_disabled():
        # start from scratch: the world's locked proposal and its open offers make way
        Proposal.objects.filter(pk=pw.proposal.pk).update(status="discarded")
        Offer.objects.filter(proposal=pw.proposal, status="open").update(status="expired")
    context = new_context()
    page = context.new_page()
    staff = pw.users[roles.STAFF]
    log_in(page, staff, totp_secret=pw.totp[staff.email])
    page.goto("/matching/")
    page.locator("#id_track").select_option("ambassador")
    page.locator("#id_method").select_option("optimal")
    page.locator("[data-run]").click()
    expect(page).to_have_url(re.compile(r"/matching/proposals/\d+/$"))
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "draft")

    page.locator("[data-why-link]").first.click()
    expect(page.get_by_role("heading", name=tr("Why this match"))).to_be_visible()
    why = page.locator("[data-why]")
    for component in ("province", "specialisation", "sector", "training", "preference"):
        expect(why.locator(f'[data-component="{component}"]')).to_be_visible()
    expect(why).to_contain_text(tr("Province fit"))
    page.go_back()

    page.locator("[data-lock]").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "locked")
    expect(page.locator(".alert")).to_contain_text(re.compile(r"\d"))
    with scopes_disabled():
        assert Offer.objects.filter(proposal__status="locked", proposal__program=pw.program, status="open").exists()
    context.log.assert_no_csp_violations()


def test_an_ambassador_and_the_firm_accept_on_their_phones(new_context, world):
    pw = world.a
    offer_url = f"/matching/offers/{pw.offer.pk}/"

    ambassador = new_context(**PHONE).new_page()
    log_in(ambassador, pw.users[roles.AMBASSADOR])
    ambassador.goto("/matching/mine/")
    assert_fits(ambassador, "my job matching")
    ambassador.locator(f'[data-offer="{pw.offer.pk}"]').click()
    expect(ambassador).to_have_url(re.compile(re.escape(offer_url) + "$"))
    assert_fits(ambassador, "offer")
    expect(ambassador.locator("[data-why]")).to_be_visible()
    ambassador.locator("[data-accept]").click()
    expect(ambassador.locator(".alert")).to_contain_text(
        tr("You accepted. The employment starts once both sides have accepted.")
    )

    firm = new_context(**PHONE).new_page()
    log_in(firm, pw.users[roles.FIRM])
    firm.goto("/matching/mine/")
    firm.locator(f'[data-offer="{pw.offer.pk}"]').click()
    assert_fits(firm, "offer (firm)")
    form = firm.locator("[data-accept-form]")
    form.locator("input[name=start_date]").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    form.locator("select[name=contract_type]").select_option("permanent")
    form.locator("input[name=gross_salary]").fill("32.500,00")
    form.locator("[data-accept]").click()
    expect(firm.locator("[data-offer-status]")).to_have_attribute("data-offer-status", "accepted")
    firm.get_by_role("link", name=tr("See the employment")).click()
    expect(firm.locator("[data-employment-status]")).to_have_attribute("data-employment-status", "active")
    assert_fits(firm, "employment")
    with scopes_disabled():
        employment = Employment.objects.get(offer=pw.offer)
        assert employment.gross_salary_kurus == 3_250_000
        assert [c.month for c in employment.checkpoints.order_by("month")] == [3, 6, 12]
