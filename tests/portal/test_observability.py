"""What operations see: the health URL, request ids in logs and jobs, quiet 403/404s, branded error pages."""

import io
import json
import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scopes_disabled

from portal import roles
from portal.logs import JsonFormatter, log_context
from portal.models import Job
from portal.views.error_pages import server_error

CHECKS = {"Database", "Cache", "Broker", "Worker", "Storage", "Disk"}


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_health_url_checks_everything_and_all_is_green(client):
    """Embedded: no broker, no worker process, and still every check passes; in CI's second pass, the real ones."""
    response = client.get(reverse("healthz"), {"format": "json"})
    assert response.status_code == 200, response.content
    report = response.json()
    assert {name.split("(")[0] for name in report} == CHECKS
    assert set(report.values()) == {"OK"}


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_health_url_says_so_and_pages_still_serve(client, world):
    from portal.celery import app

    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_read_url", "broker_write_url")}
    nowhere = "redis://127.0.0.1:1/0"  # nothing listens there
    # read and write URLs win over CELERY_BROKER_URL (set in CI); the connection pool was made with the real one
    app.conf.update(task_always_eager=False, broker_read_url=nowhere, broker_write_url=nowhere)
    app._pool = None
    try:
        response = client.get(reverse("healthz"), {"format": "json"})
        report = {name.split("(")[0]: status for name, status in response.json().items()}
        assert response.status_code == 500
        assert report["Broker"] != "OK" and report["Worker"] != "OK"
        assert report["Database"] == report["Storage"] == "OK"
        assert client.get(reverse("healthz_live")).status_code == 200  # the container stays up
        client.force_login(world.a.users[roles.STAFF])
        assert client.get(reverse("member_list")).status_code == 200
    finally:
        app.conf.update(saved)
        app._pool = None


def test_every_response_carries_a_request_id_and_a_proxys_id_is_kept(client, db):
    mine = client.get(reverse("landing"))["X-Request-ID"]
    assert len(mine) == 32
    assert client.get(reverse("landing"), HTTP_X_REQUEST_ID="edge-1234abcd")["X-Request-ID"] == "edge-1234abcd"
    forged = client.get(reverse("landing"), HTTP_X_REQUEST_ID="x\nINFO fake line")["X-Request-ID"]
    assert "\n" not in forged and forged != "x\nINFO fake line"


def test_a_job_remembers_the_request_that_asked_for_it(client, world):
    client.force_login(world.a.users[roles.STAFF])
    response = client.post(reverse("members_export"), HTTP_X_REQUEST_ID="req-members-0001")
    job_pk = int(response.url.rstrip("/").split("/")[-1])
    with scopes_disabled():
        assert Job.objects.get(pk=job_pk).request_id == "req-members-0001"


def test_json_log_lines_carry_the_request_and_the_job():
    from portal.logs import ContextFilter

    record = logging.LogRecord("portal.services.jobs", logging.ERROR, __file__, 1, "job %s failed", (7,), None)
    with log_context(request_id="req-abc12345", job_id=7):
        ContextFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line | {"time": None} == {
        "time": None,
        "level": "ERROR",
        "logger": "portal.services.jobs",
        "message": "job 7 failed",
        "request_id": "req-abc12345",
        "job_id": 7,
    }


def test_a_403_or_404_is_one_log_line_without_a_traceback(client, world, settings):
    settings.DEBUG = False
    console = next(h for h in logging.getLogger("django.request").handlers if isinstance(h, logging.StreamHandler))
    stream = io.StringIO()
    old = console.setStream(stream)
    try:
        client.force_login(world.a.users[roles.OPERATOR])
        assert client.get(reverse("member_list")).status_code == 403
        assert client.get("/no-such-page/").status_code == 404
    finally:
        console.setStream(old)
    logged = stream.getvalue()
    assert "/staff/members/" in logged and "/no-such-page/" in logged
    assert "Traceback" not in logged


@pytest.mark.parametrize(
    ("url", "status", "turkish", "english"),
    [
        ("/no-such-page/", 404, "Sayfa bulunamadı", "Page not found"),
        ("/staff/members/", 403, "Bu sayfayı açma yetkiniz yok", "You may not open this page"),
    ],
)
def test_error_pages_are_branded_in_turkish_and_english(client, world, settings, url, status, turkish, english):
    settings.DEBUG = False
    client.force_login(world.a.users[roles.OPERATOR])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == status
    assert html.index(turkish) < html.index(english)  # Turkish first
    assert "European Union" in html and "Avrupa Birliği" in html
    assert response["X-Request-ID"] in html or status != 500


def test_the_500_page_renders_with_no_request_context_and_gives_a_reference():
    from portal.logs import request_id_var

    token = request_id_var.set("req-500-ref-0001")
    try:
        response = server_error(RequestFactory().get("/"))
    finally:
        request_id_var.reset(token)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Bir hata oluştu" in html and "Something went wrong" in html and "req-500-ref-0001" in html


def test_a_reset_for_an_unknown_address_says_what_to_do_without_a_dead_sign_up_link(client, db, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "nobody-here@example.test"})
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "davet" in body and "başvuru" in body  # how accounts are opened here, in Turkish first
    assert "/accounts/signup/" not in body and "http" not in body.split("davet", 1)[1]
