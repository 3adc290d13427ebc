"""Withdrawing a consent stops that processing: each app's registered effect runs and is recorded with it."""

from django.urls import reverse
from django_scopes import scopes_disabled

from portal import roles
from portal.models import AuditEvent, PrivacyNotice
from portal.registry import consent_withdrawn


def test_withdrawing_photos_consent_runs_the_effect_and_records_it(world, client, monkeypatch):
    hidden = []

    def hide_photos(*, user, program_id, purpose):
        if purpose != "photos":
            return []
        hidden.append(user.pk)
        return ["Her event photos are hidden from the public pages."]

    monkeypatch.setitem(consent_withdrawn._items, "test_photos", hide_photos)
    user = world.a.users[roles.OPERATOR]
    with scopes_disabled():
        PrivacyNotice.objects.get_or_create(
            program=world.a.program,
            version=1,
            defaults={"text_tr": "Metin", "text_en": "Text", "published_at": "2026-01-01T00:00:00Z"},
        )
    client.force_login(user)
    client.post(reverse("privacy"), {"purpose": "photos", "action": "give"})
    page = client.post(reverse("privacy"), {"purpose": "photos", "action": "withdraw"}, follow=True)
    assert hidden == [user.pk]
    assert "Her event photos are hidden" in page.content.decode()
    with scopes_disabled():
        event = AuditEvent.objects.filter(action="consent.withdraw").latest("pk")
    assert event.data["effects"] == ["Her event photos are hidden from the public pages."]
