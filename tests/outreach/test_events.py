"""Events as a visitor registering on her phone, the organiser checking people in, and M&E counting them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from outreach.models import Registration
from portal import roles
from reports.calculators import Facts, calculators


def public(world, name, **kwargs):
    return reverse(f"public_events:{name}", kwargs={"program_code": world.a.program.code, **kwargs})


def register(client, world, email, **extra):
    data = {"full_name": "Ayşe Yıldız", "email": email, "gender": "woman", "consent": "on", **extra}
    return client.post(public(world, "event_detail", pk=world.a.event.pk), data)


def figure(world, code):
    with scopes_disabled():
        return calculators[code].evaluate(Facts(world.a.program.pk, timezone.localdate())).value


def test_a_visitor_registers_and_the_last_places_go_to_a_waiting_list(client, world):
    response = register(client, world, "ayse@example.org")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Onaylandı" in page
    # capacity 2: the world's registration and Ayşe; the next one waits, and moves up when Ayşe cancels
    waiting = Client()
    response = register(waiting, world, "fatma@example.org", full_name="Fatma Kaya")
    assert "Bekleme listesinde" in waiting.get(response["Location"]).content.decode()
    with scopes_disabled():
        ayse = Registration.objects.get(email="ayse@example.org")
    client.post(public(world, "registration", token=ayse.token), {"action": "cancel"})
    with scopes_disabled():
        assert Registration.objects.get(email="fatma@example.org").status == "confirmed"
        assert Registration.objects.get(email="ayse@example.org").status == "cancelled"


def test_registering_twice_with_one_email_is_one_registration(client, world):
    register(client, world, "ayse@example.org")
    register(client, world, "AYSE@example.org")
    with scopes_disabled():
        assert Registration.objects.filter(event=world.a.event, email="ayse@example.org").count() == 1


def test_consent_and_a_way_to_reach_her_are_required(client, world):
    response = client.post(public(world, "event_detail", pk=world.a.event.pk), {"full_name": "Ayşe", "gender": "woman"})
    assert response.status_code == 400
    with scopes_disabled():
        assert Registration.objects.filter(event=world.a.event).count() == 1


def test_the_organiser_checks_her_in_and_people_reached_moves(client, world, login):
    before = figure(world, "people_reached_awareness")
    login(world.a.users[roles.STAFF])
    registration = world.a.registration
    url = reverse("outreach:attendance_toggle", args=[world.a.event.pk, registration.pk])
    assert client.post(url, {"present": "1"}).status_code == 302
    with scopes_disabled():
        registration.refresh_from_db()
    assert registration.attended_at is not None
    assert figure(world, "people_reached_awareness") == before + 1


def test_capacity_building_counts_organisations_not_people(client, world, login):
    with scopes_disabled():
        for i in range(2):
            Registration.objects.create(
                program=world.a.program, event=world.a.private_event, full_name=f"Kişi {i}", email=f"k{i}@x.org",
                gender="man", organisation=world.a.organisation, consent=True, status="confirmed",
                attended_at=timezone.now() - timedelta(minutes=1),
            )  # fmt: skip
    assert figure(world, "stakeholder_orgs_capacity") == 1


def test_she_checks_herself_in_with_the_code_on_the_day(client, world):
    with scopes_disabled():
        event = world.a.event
        event.starts_at = timezone.now() - timedelta(minutes=30)
        event.save()
    url = public(world, "registration", token=world.a.registration.token)
    assert client.post(url, {"code": "000000" if event.checkin_code != "000000" else "111111"}).status_code == 400
    assert client.post(url, {"code": event.checkin_code}).status_code == 302
    with scopes_disabled():
        world.a.registration.refresh_from_db()
    assert world.a.registration.attended_at is not None


def test_the_calendar_file_names_the_event(client, world):
    response = client.get(public(world, "event_ics", pk=world.a.event.pk))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "SUMMARY:Farkındalık semineri A" in body


def test_a_stakeholder_sees_her_organisations_closed_session_and_a_firm_user_does_not(client, world, login):
    login(world.a.users[roles.STAKEHOLDER])
    assert world.a.private_event.title_tr in client.get(reverse("outreach:event_list")).content.decode()
    login(world.a.users[roles.FIRM])
    assert world.a.private_event.title_tr not in client.get(reverse("outreach:event_list")).content.decode()
    assert client.get(reverse("outreach:event_detail", args=[world.a.private_event.pk])).status_code == 404


def test_a_closed_event_is_not_on_the_public_site(client, world):
    assert client.get(public(world, "event_detail", pk=world.a.private_event.pk)).status_code == 404
    assert world.a.private_event.title_tr not in client.get(public(world, "event_list")).content.decode()


@pytest.mark.parametrize(
    "value", ["' OR 1=1 --", "<script>alert(1)</script>", "a" * 3000, "\u202e", "9" * 40, "İ" * 50]
)
def test_hostile_registration_input_gives_no_5xx(client, world, value):
    data = {
        "full_name": value, "email": value, "phone": value, "organisation": value, "organisation_name": value,
        "gender": value, "consent": value,
    }  # fmt: skip
    assert client.post(public(world, "event_detail", pk=world.a.event.pk), data).status_code < 500
    assert (
        client.post(public(world, "registration", token=world.a.registration.token), {"code": value}).status_code < 500
    )


def test_the_event_list_takes_the_same_queries_at_two_sizes(client, world):
    url = public(world, "event_list")
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    with scopes_disabled():
        event = world.a.event
        for i in range(20):
            event.pk = None
            event.title_tr = f"Ek etkinlik {i}"
            event.save()
    assert count() == small
