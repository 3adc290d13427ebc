import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from operators.models import OperatorApplication
from portal import roles
from portal.models import Application, Province
from tests.selection_helpers import decide, make_call, post_form, start

S = Application.Status


def operator_form(world, **overrides):
    data = {
        "full_name": "Ayten Kara",
        "tckn": "12345678950",
        "phone": "05551112233",
        "employment": "employed",
        "employer": world.a.firms[0].pk,
        "province": Province.objects.get(plate=41).pk,
        "education": "vocational",
        "experience_years": 4,
        "shifts": "day",
        "care": "children",
        "care_note": "Servis olursa katılabilirim",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def call(world):
    return make_call(
        world,
        group="operator",
        quota=4,
        quotas=[
            {"key": "employed", "label": "Firmalarda çalışan", "limit": 1},
            {"key": "job_seeker", "label": "İş arayan", "limit": 3},
        ],
    )


def _details(call):
    with scopes_disabled():
        return OperatorApplication.objects.select_related("application").get(application__call=call)


def test_an_employed_operator_waits_for_her_firm_which_confirms(client, world, call):
    post_form(client, start(client, world, call), operator_form(world))
    details = _details(call)
    assert details.application.status == S.SUBMITTED  # submitted, but not yet eligible
    assert details.application.eligible is False
    firm_user = world.a.users[roles.FIRM]
    client.force_login(firm_user)
    page = client.get(reverse("operators:employer_confirmations")).content.decode()
    assert "Ayten Kara" in page
    client.post(reverse("operators:employer_confirm", args=[details.pk]), {"answer": "yes"})
    details = _details(call)
    assert details.employer_confirmed_at is not None
    assert details.application.eligible is True


def test_another_firm_sees_nothing_and_cannot_confirm(client, world, call):
    post_form(client, start(client, world, call), operator_form(world))
    details = _details(call)
    client.force_login(world.a.other_firm_user)
    assert "Ayten Kara" not in client.get(reverse("operators:employer_confirmations")).content.decode()
    assert client.post(reverse("operators:employer_confirm", args=[details.pk]), {"answer": "yes"}).status_code == 404
    assert _details(call).employer_confirmed_at is None


def test_an_employed_applicant_must_name_her_firm(client, world, call):
    response = post_form(client, start(client, world, call), operator_form(world, employer=""))
    assert response.status_code == 400


def test_a_firm_of_another_program_cannot_be_named(client, world, call):
    response = post_form(client, start(client, world, call), operator_form(world, employer=world.b.firms[0].pk))
    assert response.status_code == 400


def test_the_employed_sub_quota_holds(client, world, call):
    for i, tckn in enumerate(["10000000146", "12345678950"]):
        c = client.__class__()
        post_form(c, start(c, world, call, email=f"op{i}@example.test"), operator_form(world, tckn=tckn))
    with scopes_disabled():
        first, second = Application.objects.filter(call=call).order_by("pk")
    staff = world.a.users[roles.STAFF]
    decide(client, staff, first)
    decide(client, staff, second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.SELECTED, S.SUBMITTED)
    assert first.quota_key == "employed"


def test_a_job_seeker_has_no_employer(client, world, call):
    post_form(client, start(client, world, call), operator_form(world, employment="job_seeker"))
    details = _details(call)
    assert details.employer is None
    assert details.application.quota_key == "job_seeker"
    assert details.application.eligible is True


def test_staff_see_the_sub_quota_counters_and_raise_a_limit_never_below_what_is_selected(client, world, call):
    from django.urls import reverse

    from portal.models import AuditEvent, CallQuota

    for i, tckn in enumerate(["10000000146", "12345678950"]):
        c = client.__class__()
        post_form(c, start(c, world, call, email=f"op{i}@example.test"), operator_form(world, tckn=tckn))
    with scopes_disabled():
        first, second = Application.objects.filter(call=call).order_by("pk")
        employed = CallQuota.objects.get(call=call, key="employed")
        seeking = CallQuota.objects.get(call=call, key="job_seeker")
    staff = world.a.users[roles.STAFF]
    decide(client, staff, first)
    page = client.get(reverse("call_detail", args=[call.pk])).content.decode()
    assert 'data-quota="employed" class="table-warning"' in page  # 1 / 1: full
    detail = client.get(reverse("application_detail", args=[second.pk])).content.decode()
    assert "2 / 1" in detail  # what selecting her would do: past the employed sub-quota
    url = reverse("call_quotas", args=[call.pk])
    client.post(url, {f"limit_{employed.pk}": 0, f"limit_{seeking.pk}": 3, "reason": "Bütçe revizyonu"})
    with scopes_disabled():
        employed.refresh_from_db()
    assert employed.limit == 1  # one is selected: the limit cannot go below it
    client.post(url, {f"limit_{employed.pk}": 2, f"limit_{seeking.pk}": 3, "reason": "Bütçe revizyonu"})
    with scopes_disabled():
        employed.refresh_from_db()
        event = AuditEvent.objects.get(action="call.quotas")
    assert employed.limit == 2 and event.data["changes"] == [{"key": "employed", "from": 1, "to": 2}]
    decide(client, staff, second)
    second.refresh_from_db()
    assert second.status == S.SELECTED
