"""The public site in a real browser: a visitor on her phone finds the green-transition toolkit by searching in
Turkish and downloads it (the count moves), registers for an awareness event; the organiser ticks her present on
her own phone, and the M&E figure of people reached moves without anyone typing it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from knowledge.models import ResourceHit
from outreach.models import Registration
from portal import roles
from reports.calculators import Facts, calculators
from tests.e2e.conftest import assert_fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def people_reached(world):
    with scopes_disabled():
        facts = Facts(world.a.program.pk, timezone.localdate())
        return calculators["people_reached_awareness"].evaluate(facts).value


def test_a_visitor_finds_downloads_registers_and_is_counted(new_context, world, tmp_path):
    code = world.a.program.code
    phone = new_context(**PHONE, accept_downloads=True)
    page = phone.new_page()
    page.goto(f"/p/{code}/")
    assert_fits(page, "the public home")
    page.get_by_role("link", name="Rehberler ve araç setleri").first.click()
    page.fill("input[name=q]", "yeşil dönüşüm")
    page.get_by_role("button", name="Ara").click()
    page.get_by_role("link", name=world.a.resource.title_tr).click()
    assert_fits(page, "the resource page")
    with page.expect_download() as download:
        page.locator("#download").click()
    download.value.save_as(tmp_path / "arac-seti.pdf")
    assert (tmp_path / "arac-seti.pdf").read_bytes().startswith(b"%PDF")
    with scopes_disabled():
        assert ResourceHit.objects.filter(resource=world.a.resource, kind="download").count() == 1

    # the event starts in half an hour: she registers on her phone
    with scopes_disabled():
        event = world.a.event
        event.starts_at = timezone.now() + timedelta(minutes=30)
        event.ends_at = event.starts_at + timedelta(hours=2)
        event.capacity = 10
        event.save()
    page.goto(f"/p/{code}/events/")
    page.get_by_role("link", name=event.title_tr).click()
    assert_fits(page, "the event page")
    page.fill("input[name=full_name]", "Zehra Aksoy")
    page.fill("input[name=email]", "zehra@example.org")
    page.check("input[name=gender][value=woman]")
    page.check("input[name=consent]")
    page.get_by_role("button", name="Kaydol").click()
    expect(page.locator("#registration-status")).to_contain_text("Onaylandı")
    assert_fits(page, "her registration page")
    before = people_reached(world)

    # the organiser ticks her present on her phone
    organiser = new_context(**PHONE).new_page()
    log_in(organiser, world.a.users[roles.STAFF], totp_secret=world.a.totp[world.a.users[roles.STAFF].email])
    organiser.goto(f"/events/{event.pk}/attendance/")
    assert_fits(organiser, "the roster")
    with scopes_disabled():
        zehra = Registration.objects.get(email="zehra@example.org")
    organiser.locator(f"#reg-{zehra.pk} button").click()
    expect(organiser.locator(f"#reg-{zehra.pk} button")).to_contain_text("✓ Geldi")  # untapped it says "İşaretle"
    with scopes_disabled():
        zehra.refresh_from_db()
    assert zehra.attended_at is not None
    assert people_reached(world) == before + 1
    phone.log.assert_no_csp_violations()
