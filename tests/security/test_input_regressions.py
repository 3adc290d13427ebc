"""The inputs that answered 500 in the hostile-input run of issue 15, each now a form error, an ignored filter or a
409 — and the parsing rules under them, as properties."""

import datetime

from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from portal import roles
from portal.filters import INT_MAX, ascii_int, parse_month
from tests.security.test_hostile_inputs import HOSTILE


@given(st.text(max_size=12))
def test_ascii_int_reads_only_ascii_digits_within_bounds(text):
    number = ascii_int(text, low=1, high=99)
    if number is not None:
        assert text.strip().isascii() and text.strip().isdigit() and 1 <= number <= 99


@given(st.sampled_from(HOSTILE) | st.text(max_size=10))
def test_parse_month_gives_a_real_month_or_nothing(text):
    month = parse_month(text)
    assert month is None or (month.day == 1 and 2000 <= month.year <= 2100)


def test_the_parsers_refuse_what_int_and_date_would_read_differently():
    assert [ascii_int(v) for v in ("⁰⁴⁵", "٤٥", "１２", "-1", " 7 ", str(INT_MAX + 1))] == [None] * 4 + [7, None]
    assert [parse_month(v) for v in ("0000-00", "2024-13", "2024-1", "2025-03x")] == [None] * 4
    assert parse_month("2025-03") == datetime.date(2025, 3, 1)


def test_a_month_of_zeroes_filters_nothing_on_the_entitlements(client, world):
    client.force_login(world.a.users[roles.FINANCE])
    url = reverse("stipends:entitlement_list")
    for month in ("0000-00", "0-0", "٢٠٢٤-٠١", "9999-99"):
        response = client.get(url, {"month": month})
        assert response.status_code == 200 and "uygulanmadı: Ay" in response.content.decode()  # she is told
    assert "uygulanmadı" not in client.get(url, {"month": "2026-01"}).content.decode()


def test_unicode_digits_in_the_call_filters_are_ignored(client, world):
    client.force_login(world.a.users[roles.STAFF])
    url = reverse("call_detail", args=[world.a.call.pk])
    for params in ({"min_score": "⁰⁴⁵"}, {"province": "²"}, {"sector": "99999999999"}, {"order": "⁰"}):
        response = client.get(url, params)
        assert response.status_code == 200
        assert world.a.application.display_name in response.content.decode()
        assert "uygulanmadı" in response.content.decode()


def test_nan_or_infinity_as_a_salary_is_a_form_error(client, world):
    pw = world.a
    client.force_login(pw.users[roles.FIRM])
    url = reverse("matching:offer_answer", args=[pw.offer.pk])
    for salary in ("NaN", "Infinity", "INF", "-Infinity", "sNaN", "1e309"):
        data = {"answer": "accept", "start_date": "2026-01-05", "contract_type": "permanent", "gross_salary": salary}
        response = client.post(url, data)
        assert response.status_code == 400 and "32.500,00" in response.content.decode()


def test_accepting_an_offer_twice_says_so_with_a_409(client, world):
    pw = world.a
    client.force_login(pw.users[roles.AMBASSADOR])
    url = reverse("matching:offer_answer", args=[pw.offer.pk])
    assert client.post(url, {"answer": "accept"}).status_code == 302
    again = client.post(url, {"answer": "accept"})
    assert again.status_code == 409
    assert "already answered" in again.content.decode() or "zaten" in again.content.decode()


def test_a_late_firm_accept_is_a_409_with_the_reason(client, world):
    pw = world.a
    from django_scopes import scopes_disabled

    with scopes_disabled():
        pw.offer.deadline = timezone.now() - datetime.timedelta(days=1)
        pw.offer.save(update_fields=["deadline"])
    client.force_login(pw.users[roles.FIRM])
    data = {"answer": "accept", "start_date": "2026-01-05", "contract_type": "permanent", "gross_salary": "32.500"}
    response = client.post(reverse("matching:offer_answer", args=[pw.offer.pk]), data)
    assert response.status_code == 409


def test_a_huge_choice_is_not_one_of_the_choices(client, world):
    client.force_login(world.a.users[roles.OPERATOR])
    response = client.post(reverse("operators:profile"), {"work_provinces": "99999999999999999999999999999"})
    assert response.status_code in {200, 400}
