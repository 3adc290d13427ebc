"""Accounts in a real browser: password + TOTP login, inviting a firm user, language switch, phone layout, CSP.

Expected texts come from the translation catalogue (gettext under the page's language), so the tests
hold whether or not locale/*.mo has been compiled.
"""

import re

import pytest
from django.utils import translation
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from firms.models import Firm
from portal import roles
from portal.models import Invitation, Membership, Role, User
from tests.e2e.conftest import assert_fits, enter_totp, log_in, submit
from tests.helpers import totp_now

# transaction=True: the live server's threads must see what the test writes (live_server implies it anyway).
# serialized_rollback=True: each test gets back the rows the data migrations made (roles, provinces), which
# the flush after every transactional test would otherwise wipe for the next one.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def tr(message: str) -> str:
    with translation.override("tr"):
        return translation.gettext(message)


def h1(page):
    return page.locator("main h1")


def test_staff_logs_in_with_password_and_totp_and_lands_on_staff_home(page, world):
    staff = world.a.users[roles.STAFF]

    page.goto("/accounts/login/")
    expect(h1(page)).to_have_text(tr("Log in"))
    page.locator("input[name=login]").fill(staff.email)
    page.locator("input[name=password]").fill("Test-Parola-2026")
    page.get_by_role("button", name=tr("Log in"), exact=True).click()

    # The password alone is not enough: the second factor is asked for before any portal page opens.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    expect(h1(page)).to_have_text(tr("Two-Factor Authentication"))
    page.goto("/staff/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))  # sent back to the second factor
    expect(h1(page)).to_have_text(tr("Two-Factor Authentication"))

    # A wrong code is refused on the spot.
    page.locator("input[name=code]").fill("000000" if totp_now(world.a.totp[staff.email]) != "000000" else "111111")
    submit(page)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    expect(page.locator("main .invalid-feedback, main .errorlist").first).to_be_visible()

    enter_totp(page, world.a.totp[staff.email])
    expect(page).to_have_url(re.compile(r"/staff/$"))
    expect(h1(page)).to_have_text(tr("Programme office"))
    expect(page.get_by_text(world.a.program.name_tr, exact=False).first).to_be_visible()
    # her own account (data, privacy, security, log out) is one menu at the right of the work menu
    page.locator("#account-menu > button").click()
    expect(page.get_by_role("button", name=tr("Log out"))).to_be_visible()
    page.log.assert_no_csp_violations()


def test_staff_invites_a_firm_user_who_joins_through_the_emailed_link(
    page, new_context, world, mailoutbox, live_server
):
    staff = world.a.users[roles.STAFF]
    firm = world.a.firms[0]
    email = "yeni.firma@example.test"
    firm_role = Role.objects.get(code=roles.FIRM)

    log_in(page, staff, totp_secret=world.a.totp[staff.email])
    page.goto("/staff/invitations/new/")
    expect(h1(page)).to_have_text(tr("Invite a person"))
    page.locator("#id_email").fill(email)
    page.locator("#id_role").select_option(value=str(firm_role.pk))
    expect(page.locator("#id_role option:checked")).to_have_text(firm_role.name_tr)  # "Firma kullanıcısı"
    page.locator("#id_firm").select_option(value=str(firm.pk))
    page.get_by_role("button", name=tr("Send invitation")).click()

    expect(page).to_have_url(re.compile(r"/staff/members/$"))
    expect(page.locator(".alert-success")).to_have_text(tr("Invitation sent to %(email)s.") % {"email": email})
    expect(page.get_by_role("cell", name=email, exact=True)).to_be_visible()  # listed under open invitations

    assert len(mailoutbox) == 1, [m.subject for m in mailoutbox]
    message = mailoutbox[0]
    assert message.to == [email]
    match = re.search(
        r"(https?://[^/\s]+)(/p/" + re.escape(world.a.program.code) + r"/invitation/[\w-]+/)", message.body
    )
    assert match, message.body
    # the link is built from the request that sent the invitation: it points at the server she was invited from
    assert match.group(1) == live_server.url
    live_link = match.group(0)

    # The invitee is someone else, on another device: a fresh, logged-out browser.
    invitee = new_context().new_page()
    invitee.goto(live_link)
    expect(h1(invitee)).to_have_text(tr("You are invited"))
    expect(invitee.locator("main")).to_contain_text(firm_role.name_tr)
    expect(invitee.locator("main")).to_contain_text(firm.name)
    invitee.locator("#id_full_name").fill("Selin Yeni Firma")
    invitee.locator("#id_password1").fill("Kalip-Dokum-Tezgahi-7391")
    invitee.locator("#id_password2").fill("Kalip-Dokum-Tezgahi-7391")
    invitee.locator("#id_privacy_ack").check()
    invitee.get_by_role("button", name=tr("Accept and continue")).click()

    expect(invitee).to_have_url(re.compile(r"/firm/$"))
    expect(h1(invitee)).to_have_text(tr("Our firm"))
    expect(invitee.locator("main").get_by_role("link", name=firm.name)).to_be_visible()
    expect(invitee.locator(".alert-success")).to_contain_text(world.a.program.name_tr)

    with scopes_disabled():
        user = User.objects.get(email=email)
        assert user.full_name == "Selin Yeni Firma"
        assert Membership.objects.filter(user=user, role=firm_role, firm=firm, is_active=True).exists()
        assert Invitation.objects.get(email=email).accepted_by == user
        assert not Membership.objects.filter(user=user).exclude(firm=firm).exists()
        assert Firm.objects.filter(memberships__user=user).get() == firm

    # The link works once.
    again = new_context().new_page()
    response = again.goto(live_link)
    assert response.status == 404
    expect(h1(again)).to_have_text(tr("This invitation link is not valid"))

    page.log.assert_no_csp_violations()
    invitee.context.log.assert_no_csp_violations()


def test_language_switch_on_the_login_page(new_context):
    # A phone set to English still gets Turkish first; English only when she picks it.
    page = new_context(locale="en-US").new_page()
    page.goto("/accounts/login/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "tr")
    expect(h1(page)).to_have_text(re.compile(r"^\s*Giriş"))
    expect(page.get_by_role("button", name=tr("Log in"), exact=True)).to_be_visible()

    page.locator("#language-form").get_by_role("button", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(h1(page)).to_have_text("Log in")
    expect(page.get_by_role("button", name="Log in", exact=True)).to_be_visible()
    expect(page.locator("label[for=id_password]")).to_contain_text("Password")
    expect(page.locator("#language-form button[value=en]")).to_have_class(re.compile(r"\bbtn-secondary\b"))

    # The choice sticks for the next page.
    page.goto("/")
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("footer")).to_contain_text("This project is funded by the European Union.")

    page.locator("#language-form").get_by_role("button", name="Türkçe").click()
    expect(html).to_have_attribute("lang", "tr")
    expect(page.locator("footer")).to_contain_text(tr("This project is funded by the European Union."))
    page.goto("/accounts/login/")
    expect(h1(page)).to_have_text(tr("Log in"))
    page.context.log.assert_no_csp_violations()


def test_operator_on_a_phone_sees_her_training_page_without_sideways_scrolling(new_context, world):
    operator = world.a.users[roles.OPERATOR]
    context = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=3)
    page = context.new_page()

    log_in(page, operator)
    page.goto("/training/me/")
    expect(h1(page)).to_have_text(tr("My training"))
    expect(page.locator("main .card")).to_have_count(1)

    assert_fits(page, "/training/me/")
    footer_img = page.locator("footer.eu-footer img")
    footer_img.scroll_into_view_if_needed()
    expect(footer_img).to_be_visible()
    expect(footer_img).to_have_attribute("alt", tr("Flag of the European Union"))
    assert footer_img.evaluate("img => img.complete && img.naturalWidth > 0"), "EU emblem did not load"
    box = footer_img.bounding_box()
    assert box["height"] >= 30 and box["x"] >= 0 and box["x"] + box["width"] <= 390, box

    # The collapsed menu opens with the hamburger button.
    page.locator(".navbar-toggler").click()
    page.locator("#account-menu > button").click()
    expect(page.get_by_role("button", name=tr("Log out"))).to_be_visible()
    assert_fits(page, "/training/me/ with the menu open")
    context.log.assert_no_csp_violations()


def test_pages_raise_no_content_security_policy_violations(page, world):
    staff = world.a.users[roles.STAFF]
    page.goto("/")
    page.goto("/accounts/login/")
    log_in(page, staff, totp_secret=world.a.totp[staff.email])
    for path in [
        "/staff/",
        "/staff/members/",
        "/staff/invitations/new/",
        "/firm/all/",
        f"/firm/{world.a.firms[0].pk}/",
        "/training/trainees/",
        "/privacy/",
        "/accounts/2fa/",
    ]:
        response = page.goto(path)
        assert response.status == 200, (path, response.status)
        page.wait_for_load_state("load")
    # htmx and Bootstrap actually run (the page's scripts were not blocked).
    assert page.evaluate("() => typeof window.htmx === 'object' && typeof window.bootstrap === 'object'")
    page.log.assert_no_csp_violations()
    assert not [e for e in page.log.entries if e[1].startswith("pageerror")], page.log.entries

    # The net catches fish: a resource from another origin is refused and the log sees it.
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            "() => { const i = new Image(); i.src = 'https://csp-canary.invalid/x.png'; document.body.append(i); }"
        )
    with pytest.raises(AssertionError, match="Content-Security-Policy"):
        page.log.assert_no_csp_violations()
