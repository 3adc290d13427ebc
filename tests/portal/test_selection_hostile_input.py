"""Hostile strings in every free-text field of each application kind: stored intact, rendered escaped."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from portal import roles
from portal.models import Application, Province, Sector
from portal.selection.kinds import application_kinds
from tests.factories import valid_vkn
from tests.selection_helpers import make_call, post_form, start

HOSTILE = "<script>alert('x')</script> \"; DROP TABLE x;-- {{ 7*7 }} {% now 'Y' %} İğüşöç"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _base(group, world):
    kocaeli = Province.objects.get(plate=41).pk
    if group == "firm":
        return {
            "tax_number": valid_vkn(31),
            "province": kocaeli,
            "sector": Sector.objects.get(division="25").pk,
            "white_collar_total": 10,
            "white_collar_women": 2,
            "blue_collar_total": 10,
            "blue_collar_women": 2,
            "contact_email": "c@example.test",
            "contact_phone": "05320000000",
            "privacy_consent": "on",
        }
    if group == "ambassador":
        return {
            "gender": "woman",
            "tckn": "10000000146",
            "phone": "05550000000",
            "degree_field": "industrial",
            "graduation_year": 2020,
            "province": kocaeli,
            "work_provinces": [kocaeli],
            "cv": SimpleUploadedFile("cv.pdf", PDF),
            "privacy_consent": "on",
        }
    return {
        "tckn": "10000000146",
        "phone": "05550000000",
        "employment": "job_seeker",
        "province": kocaeli,
        "education": "high_school",
        "shifts": "day",
        "care": "none",
        "privacy_consent": "on",
    }


TEXT_FIELDS = {
    "firm": ["trade_name", "district", "osb", "contact_name", "contact_title"],
    "ambassador": ["full_name", "university", "languages", "motivation"],
    "operator": ["full_name", "care_note"],
}


@pytest.mark.parametrize("group", ["firm", "ambassador", "operator"])
def test_every_text_field_survives_hostile_input(client, world, group):
    call = make_call(world, group=group, quota=3)
    data = _base(group, world) | dict.fromkeys(TEXT_FIELDS[group], HOSTILE)
    response = post_form(client, start(client, world, call), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        application = Application.objects.get(call=call)
        details = application_kinds[group].details_model.objects.get(application=application)
    for name in TEXT_FIELDS[group]:
        assert getattr(details, name) == HOSTILE  # stored as typed
    client.force_login(world.a.users[roles.STAFF])
    html = client.get(f"/applications/{application.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html  # shown as typed, never evaluated as a template
