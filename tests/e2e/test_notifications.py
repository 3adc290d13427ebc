"""Acceptance of the notification work, in a real browser on phones: staff lock a proposal; the ambassador finds
the offer waiting for her on her home and in her inbox, the console SMS and the email reached her with a link to
this very server; she accepts from there; the firm sees it waiting and accepts."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from matching.models import Employment, Offer, Proposal
from portal import roles
from portal.notifications import sms
from tests.e2e.conftest import assert_fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}


def tr(message: str, **values) -> str:
    with translation.override("tr"):
        return translation.gettext(message) % values if values else translation.gettext(message)


def test_an_offer_reaches_her_phone_and_both_sides_accept_from_waiting_for_you(new_context, world, live_server):
    pw = world.a
    ambassador_trainee = pw.trainees[roles.AMBASSADOR]
    with scopes_disabled():
        ambassador_trainee.phone = "+905321234567"
        ambassador_trainee.save(update_fields=["phone"])
        Proposal.objects.filter(pk=pw.proposal.pk).update(status="discarded")
        Offer.objects.filter(proposal=pw.proposal, status="open").update(status="expired")
    mail.outbox.clear()
    sms.outbox.clear()

    staff_page = new_context().new_page()
    staff = pw.users[roles.STAFF]
    log_in(staff_page, staff, totp_secret=pw.totp[staff.email])
    staff_page.goto("/matching/")
    staff_page.locator("#id_track").select_option("ambassador")
    staff_page.locator("#id_method").select_option("optimal")
    staff_page.locator("[data-run]").click()
    expect(staff_page.locator("[data-status]")).to_have_attribute("data-status", "draft")
    staff_page.locator("[data-lock]").click()
    expect(staff_page.locator("[data-status]")).to_have_attribute("data-status", "locked")
    with scopes_disabled():
        offer = Offer.objects.get(trainee=ambassador_trainee, status="open")
        firm_name = offer.firm.name
    offer_path = f"/matching/offers/{offer.pk}/"

    # the console SMS and the email reached her, each with a link to this server (its port, not 8000)
    text = next(s.text for s in sms.outbox if s.to == "+905321234567")
    assert live_server.url + offer_path in text
    email = next(m for m in mail.outbox if m.to == [ambassador_trainee.user.email])
    assert live_server.url + offer_path in email.body
    assert live_server.url + offer_path in email.alternatives[0][0]

    phone = new_context(**PHONE).new_page()
    log_in(phone, ambassador_trainee.user)
    phone.goto("/home/")
    waiting = phone.locator("#waiting-for-you")
    expect(waiting).to_contain_text(tr("Answer your job offer from %(firm)s", firm=firm_name))
    assert_fits(phone, "her home")
    phone.screenshot(path="var/e2e-ambassador-home.png", full_page=True)
    expect(phone.locator("#inbox-link .badge")).to_have_text(re.compile(r"[1-9]"))
    phone.goto("/inbox/")
    expect(phone.locator("#inbox")).to_contain_text(firm_name)
    assert_fits(phone, "inbox")
    phone.screenshot(path="var/e2e-ambassador-inbox.png", full_page=True)
    phone.goto("/home/")
    # today's session may come first (due today); she follows the offer's own line
    waiting.get_by_role("link", name=re.compile(re.escape(firm_name))).first.click()
    expect(phone).to_have_url(re.compile(re.escape(offer_path) + "$"))
    phone.locator("[data-accept]").click()
    expect(phone.locator(".alert")).to_contain_text(
        tr("You accepted. The employment starts once both sides have accepted.")
    )

    firm = new_context(**PHONE).new_page()
    log_in(firm, pw.users[roles.FIRM] if offer.firm_id == pw.firms[0].pk else pw.other_firm_user)
    firm.goto("/home/")
    firm_waiting = firm.locator("#waiting-for-you")
    expect(firm_waiting).to_contain_text(ambassador_trainee.user.full_name)
    assert_fits(firm, "firm home")
    firm.screenshot(path="var/e2e-firm-home.png", full_page=True)
    firm_waiting.get_by_role("link", name=re.compile(re.escape(ambassador_trainee.user.full_name))).click()
    form = firm.locator("[data-accept-form]")
    # a start date after today, whatever today is: the portal refuses one before the offer was accepted
    form.locator("input[name=start_date]").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    form.locator("select[name=contract_type]").select_option("permanent")
    form.locator("input[name=gross_salary]").fill("32.500,00")
    form.locator("[data-accept]").click()
    expect(firm.locator("[data-offer-status]")).to_have_attribute("data-offer-status", "accepted")
    with scopes_disabled():
        assert Employment.objects.filter(offer=offer).exists()
    # she hears that it is settled
    assert any(s.to == "+905321234567" and firm_name in s.text for s in sms.outbox[1:])
