"""The notification service's promises: every kind renders in both languages, one event tells a person once,
a failed email is retried and recorded, preferences are honoured, SMS length and numbers are right."""

import ast
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django_scopes import scopes_disabled
from hypothesis import given
from hypothesis import strategies as st

from portal import roles
from portal.models import Delivery, Notification, Preference
from portal.notifications import kinds, sms
from portal.notifications.phone import sms_parts, to_e164
from portal.notifications.service import Recipient, notify
from portal.tenancy import program_scope

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def sms_outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.mark.parametrize("kind", kinds.all_kinds(), ids=lambda k: k.key)
@pytest.mark.parametrize("language", ["tr", "en"])
def test_every_kind_renders_in_turkish_and_english_without_missing_variables(kind, language):
    rendered = kinds.render_kind(kind, kind.example, language=language, engine=kinds.strict_engine)
    for text in (rendered.subject, rendered.body, rendered.sms):
        assert "MISSING" not in text, f"{kind.key} ({language}): {text}"
        assert "{{" not in text and "{%" not in text
    assert rendered.subject and rendered.body
    if language == "tr" and not kind.bilingual:
        english = kinds.render_kind(kind, kind.example, language="en", engine=kinds.strict_engine)
        assert rendered.body != english.body, f"{kind.key} has no Turkish text"


def test_there_are_kinds_of_every_app_that_tells_people_things():
    apps = {k.key.split(".")[0] for k in kinds.all_kinds()}
    assert {"selection", "portal", "matching"} <= apps


def test_no_module_but_the_notification_service_sends_mail():
    allowed = {ROOT / "portal" / "notifications" / "delivery.py"}
    offenders = []
    for app in ["portal", "firms", "assessments", "training", "ambassadors", "operators", "matching", "stipends"]:
        for path in (ROOT / app).rglob("*.py"):
            if path in allowed or "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.ImportFrom):
                    names = [node.module or ""]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                if any(n == "django.core.mail" or n.startswith("django.core.mail.") for n in names):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    for app in ["reports"]:
        for path in (ROOT / app).rglob("*.py"):
            if "django.core.mail" in path.read_text():
                offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"send through portal.notifications.notify: {offenders}"


def _tell(world, user, **kw):
    with program_scope(world.a.program.pk):
        return notify(
            kind=kw.pop("kind", "portal.invitation"),
            recipients=[user],
            obj=kw.pop("obj", world.a.firms[0]),
            context=kinds.get("portal.invitation").example,
            **kw,
        )


def test_the_same_event_notifies_once(world, django_capture_on_commit_callbacks):
    staff = world.a.users[roles.STAFF]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = _tell(world, staff)
        again = _tell(world, staff)
    with django_capture_on_commit_callbacks(execute=True):
        later = _tell(world, staff)
    assert len(first) == 1 and again == [] and later == []
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        other_key = _tell(world, staff, key="second reminder")
    assert len(other_key) == 1 and len(mail.outbox) == 2
    with scopes_disabled():
        assert Notification.objects.filter(recipient=staff).exclude(key__startswith="world:").count() == 2


class FlakyBackend(EmailBackend):
    """Fails the first `failures` sends, as a mail server that is briefly down."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionRefusedError("SMTP server unreachable")
        return super().send_messages(messages)


def test_a_failed_email_is_retried_and_recorded(world, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.notifications.test_core.FlakyBackend"
    FlakyBackend.failures = 2
    mail.outbox = []
    staff = world.a.users[roles.STAFF]
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = _tell(world, staff)
    assert len(mail.outbox) == 1  # it arrived on the third try
    with scopes_disabled():
        email = Delivery.objects.get(notification=notification, channel="email")
    assert email.status == "sent" and email.attempts == 3
    assert "SMTP server unreachable" in email.error  # the last failure stays readable


def test_an_email_that_never_goes_stays_failed_and_the_event_is_kept(
    world, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.test_core.FlakyBackend"
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    FlakyBackend.failures = 10
    mail.outbox = []
    staff = world.a.users[roles.STAFF]
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = _tell(world, staff)
    FlakyBackend.failures = 0
    assert mail.outbox == []
    with scopes_disabled():
        email = Delivery.objects.get(notification=notification, channel="email")
        assert email.status == "failed" and email.attempts == 3
        assert Notification.objects.filter(pk=notification.pk).exists()


def test_rolled_back_events_send_nothing(world, django_capture_on_commit_callbacks):
    from django.db import transaction

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                _tell(world, world.a.users[roles.STAFF])
                raise RuntimeError("the event failed")
        except RuntimeError:
            pass
    assert mail.outbox == []
    with scopes_disabled():
        assert not Notification.objects.exclude(key__startswith="world:").exists()


def test_a_person_who_switched_email_off_gets_the_inbox_only_but_required_kinds_still_go(
    world, django_capture_on_commit_callbacks
):
    staff = world.a.users[roles.STAFF]
    Preference.objects.create(user=staff, kind="", channel="email", enabled=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _tell(world, staff, kind="selection.draft_reminder", obj=world.a.firms[1])
        _tell(world, staff)  # the invitation kind is required
    assert len(mail.outbox) == 1
    with scopes_disabled():
        skipped = Delivery.objects.get(notification__kind="selection.draft_reminder", channel="email")
    assert skipped.status == "skipped"


def test_an_applicant_without_an_account_is_told_by_email_only(world, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), program_scope(world.a.program.pk):
        (n,) = notify(
            kind="selection.application_received",
            recipients=[Recipient(email="Ayse@Example.test", language="en")],
            obj=world.a.firms[0],
            context={"ref": "AMB-1", "title": "Call"},
        )
    assert n.recipient is None and n.email == "ayse@example.test"
    assert mail.outbox[0].to == ["ayse@example.test"] and "AMB-1" in mail.outbox[0].subject
    assert "Avrupa Birliği" not in mail.outbox[0].body and "European Union" in mail.outbox[0].body


def test_links_point_at_the_request_host_and_else_at_site_url(world, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "http://127.0.0.1:8102"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _tell(world, world.a.users[roles.STAFF], link="/inbox/")
    assert "http://127.0.0.1:8102/inbox/" in mail.outbox[0].body
    assert "http://127.0.0.1:8102/inbox/preferences/" in mail.outbox[0].body


# --- SMS -------------------------------------------------------------------------------------------------------


def test_turkish_numbers_become_e164():
    assert to_e164("0532 123 45 67") == "+905321234567"
    assert to_e164("+90 (532) 123-45-67") == "+905321234567"
    assert to_e164("5321234567") == "+905321234567"
    assert to_e164("0212 123 45 67") == ""  # a landline gets no SMS
    assert to_e164("12345") == "" and to_e164("") == ""


def test_turkish_letters_make_an_sms_ucs2_and_shorten_its_parts():
    assert sms_parts("Teklifiniz var: portala bakin") == ("gsm7", 1)
    assert sms_parts("Teklifiniz var: portala bakın") == ("ucs2", 1)
    assert sms_parts("a" * 160) == ("gsm7", 1) and sms_parts("a" * 161) == ("gsm7", 2)
    assert sms_parts("ş" * 70) == ("ucs2", 1) and sms_parts("ş" * 71) == ("ucs2", 2)
    assert sms_parts("{" * 80) == ("gsm7", 1) and sms_parts("{" * 81) == ("gsm7", 2)  # extension: 2 septets


@given(st.text(max_size=400))
def test_sms_parts_are_enough_for_the_text(text):
    encoding, parts = sms_parts(text)
    per_part = (153 if parts > 1 else 160) if encoding == "gsm7" else (67 if parts > 1 else 70)
    assert parts >= 1
    assert len(text) <= parts * per_part


class _Gateway(BaseHTTPRequestHandler):
    received: list = []
    answer = "00 123456789"

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        _Gateway.received.append(parse_qs(body))
        payload = _Gateway.answer.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Gateway.received = []
    settings.SMS_BACKEND = "netgsm"
    settings.SMS_HTTP_URL = f"http://127.0.0.1:{server.server_port}/sms/send/get"
    settings.SMS_USER, settings.SMS_PASSWORD, settings.SMS_SENDER = "8503000000", "parola", "KADINIMALAT"
    yield _Gateway
    server.shutdown()
    server.server_close()


def _offer_sms(world, django_capture_on_commit_callbacks, phone="0532 123 45 67"):
    trainee = world.a.trainees[roles.OPERATOR]
    with django_capture_on_commit_callbacks(execute=True), program_scope(world.a.program.pk):
        (n,) = notify(
            kind="matching.offer_made",
            recipients=[Recipient(user=trainee.user, phone=phone)],
            obj=world.a.firms[0],
            context=kinds.get("matching.offer_made").example,
            link="/matching/mine/",
        )
    with scopes_disabled():
        return Delivery.objects.get(notification=n, channel="sms")


def test_sms_goes_through_the_http_gateway_in_turkish(world, gateway, django_capture_on_commit_callbacks):
    delivery = _offer_sms(world, django_capture_on_commit_callbacks)
    (request,) = gateway.received
    assert request["gsmno"] == ["905321234567"] and request["msgheader"] == ["KADINIMALAT"]
    assert request["dil"] == ["TR"] and request["usercode"] == ["8503000000"]
    assert "/matching/mine/" in request["message"][0]
    assert re.search(r"[çğışöüİ]", request["message"][0])  # Turkish letters travel as they are
    assert delivery.status == "sent" and delivery.provider_ref == "123456789" and delivery.segments >= 1


def test_a_refusing_gateway_is_recorded_and_not_retried_when_retrying_cannot_help(
    world, gateway, django_capture_on_commit_callbacks
):
    gateway.answer = "30"  # wrong credentials
    try:
        delivery = _offer_sms(world, django_capture_on_commit_callbacks)
    finally:
        gateway.answer = "00 123456789"
    assert delivery.status == "failed" and delivery.attempts == 1 and "30" in delivery.error


def test_console_sms_backend_keeps_what_it_sent_and_opt_out_is_honoured(
    world, sms_outbox, django_capture_on_commit_callbacks
):
    delivery = _offer_sms(world, django_capture_on_commit_callbacks)
    assert delivery.status == "sent" and sms_outbox[-1].to == "+905321234567"
    # offers are required: an SMS opt-out does not silence them, but it silences optional kinds
    trainee = world.a.trainees[roles.OPERATOR]
    Preference.objects.create(user=trainee.user, kind="", channel="sms", enabled=False)
    with django_capture_on_commit_callbacks(execute=True), program_scope(world.a.program.pk):
        (n,) = notify(
            kind="matching.offer_reminder",
            recipients=[Recipient(user=trainee.user, phone="05321234567")],
            obj=world.a.firms[0],
            context=kinds.get("matching.offer_reminder").example,
        )
    with scopes_disabled():
        assert Delivery.objects.get(notification=n, channel="sms").status == "skipped"


def test_no_valid_number_means_no_sms_and_says_why(world, sms_outbox, django_capture_on_commit_callbacks):
    delivery = _offer_sms(world, django_capture_on_commit_callbacks, phone="12")
    assert delivery.status == "skipped" and "mobile" in delivery.error and sms_outbox == []
