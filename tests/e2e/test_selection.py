"""Selection in a real browser: a firm applies from the public page, staff select it, its contact joins and
sees the firm home; an ambassador applies on a phone."""

import re

import pytest
from django.core import mail
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from firms.models import Firm
from portal import roles
from portal.models import Application, Province, Sector
from tests.e2e.conftest import assert_fits, log_in
from tests.factories import valid_vkn
from tests.selection_helpers import make_call

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _emailed_link(live_server, pattern):
    match = re.search(r"https?://[^/\s]+(" + pattern + r")", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return live_server.url + match.group(1)


def _ask_for_link(page, world, call, email):
    page.goto(f"/p/{world.a.program.code}/calls/")
    page.locator(f"a[href$='/calls/{call.pk}/apply/']").click()
    page.locator("input[name=email]").fill(email)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(email)


def test_a_firm_applies_staff_select_it_and_its_contact_sees_the_firm_home(new_context, world, live_server):
    call = make_call(world, group="firm", quota=3)
    applicant = new_context().new_page()
    _ask_for_link(applicant, world, call, "basvuru@ornekmetal.test")
    applicant.goto(_emailed_link(live_server, r"/p/[^/]+/applications/[^/\s]+/"))

    applicant.fill("input[name=trade_name]", "Örnek Metal Döküm A.Ş.")
    applicant.fill("input[name=tax_number]", valid_vkn(4321))
    applicant.select_option("select[name=province]", str(Province.objects.get(plate=41).pk))
    applicant.fill("input[name=district]", "Dilovası")
    applicant.select_option("select[name=sector]", str(Sector.objects.get(division="24").pk))
    for name, value in (
        ("white_collar_total", "25"),
        ("white_collar_women", "9"),
        ("blue_collar_total", "90"),
        ("blue_collar_women", "6"),
    ):
        applicant.fill(f"input[name={name}]", value)
    applicant.fill("input[name=contact_name]", "Gülay Şen")
    applicant.fill("input[name=contact_email]", "gulay@ornekmetal.test")
    applicant.fill("input[name=contact_phone]", "05321112233")
    applicant.check("input[name=privacy_consent]")
    applicant.locator("button[name=submit]").click()
    expect(applicant.locator("main")).to_contain_text("B-")  # the status page with her reference
    with scopes_disabled():
        application = Application.objects.get(call=call)
    assert application.status == Application.Status.SUBMITTED

    staff = new_context().new_page()
    log_in(staff, world.a.users[roles.STAFF], totp_secret=world.a.totp[world.a.users[roles.STAFF].email])
    staff.goto(f"/staff/calls/{call.pk}/")
    staff.get_by_role("link", name="Örnek Metal Döküm A.Ş.").click()
    staff.select_option("select[name=to_status]", "selected")
    staff.fill("textarea[name=reason]", "Güçlü kadın istihdamı planı")
    staff.locator("form[action$='/status/'] button[type=submit]").click()
    expect(staff.locator("main")).to_contain_text("Güçlü kadın istihdamı planı")  # in the history
    with scopes_disabled():
        firm = Firm.objects.get(application=application)

    invitation = [m for m in mail.outbox if m.to == ["gulay@ornekmetal.test"]][-1]
    link = re.search(r"https?://[^/\s]+(/p/[^/]+/invitation/[^/\s]+/)", invitation.body).group(1)
    contact = new_context().new_page()
    contact.goto(live_server.url + link)
    contact.fill("input[name=full_name]", "Gülay Şen")
    contact.fill("input[name=password1]", "Guclu-Parola-2026!")
    contact.fill("input[name=password2]", "Guclu-Parola-2026!")
    contact.check("input[name=privacy_ack]")
    contact.locator("main form button[type=submit]").click()
    contact.wait_for_url(re.compile(r"/firm/$"))
    expect(contact.locator("main")).to_contain_text(firm.name)


def test_an_ambassador_applies_on_a_phone(new_context, world, live_server, tmp_path):
    call = make_call(world, group="ambassador", quota=5)
    page = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    _ask_for_link(page, world, call, "zeynep@example.test")
    page.goto(_emailed_link(live_server, r"/p/[^/]+/applications/[^/\s]+/"))
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(PDF)
    page.fill("input[name=full_name]", "Zeynep Kaya")
    page.select_option("select[name=gender]", "woman")
    page.fill("input[name=tckn]", "10000000146")
    page.fill("input[name=phone]", "05551234567")
    page.select_option("select[name=degree_field]", "mechatronics")
    page.fill("input[name=university]", "Dokuz Eylül Üniversitesi")
    page.fill("input[name=graduation_year]", "2023")
    page.select_option("select[name=province]", str(Province.objects.get(plate=34).pk))
    page.check(f"input[name=work_provinces][value='{Province.objects.get(plate=34).pk}']")
    page.set_input_files("input[name=cv]", str(cv))
    page.fill("textarea[name=motivation]", "Fabrikalarda dijital dönüşümde görev almak istiyorum.")
    page.check("input[name=privacy_consent]")
    assert_fits(page, "the application form")
    page.locator("button[name=submit]").click()
    expect(page.locator("main")).to_contain_text("B-")
    with scopes_disabled():
        application = Application.objects.get(call=call)
    assert application.status == Application.Status.SUBMITTED and application.eligible
    assert "10000000146" not in page.content()
