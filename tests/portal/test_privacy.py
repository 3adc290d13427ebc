from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from portal import roles
from portal.models import AuditEvent, Consent, NoticeAcknowledgement, PrivacyNotice


def _notice(world):
    with scopes_disabled():
        return PrivacyNotice.objects.create(
            program=world.a.program,
            version=3,
            text_tr="Aydınlatma metni",
            text_en="Privacy notice text",
            published_at=timezone.now(),
        )


def test_a_trainee_acknowledges_the_notice_once(client, world):
    notice = _notice(world)
    operator = world.a.users[roles.OPERATOR]
    client.force_login(operator)
    page = client.get(reverse("privacy")).content.decode()
    assert "Aydınlatma metni" in page and "v3" in page
    for _ in range(2):  # a double submit records it once
        client.post(reverse("privacy"), {"acknowledge": "1"}, REMOTE_ADDR="10.1.2.3")
    with scopes_disabled():
        acks = NoticeAcknowledgement.objects.filter(user=operator, notice=notice)
        assert acks.count() == 1
        assert acks.get().ip_address == "10.1.2.3"
    assert "Bu sürümü okudunuz" in client.get(reverse("privacy")).content.decode()


def test_consent_is_per_purpose_not_pre_ticked_and_withdrawable(client, world):
    _notice(world)
    operator = world.a.users[roles.OPERATOR]
    client.force_login(operator)
    page = client.get(reverse("privacy")).content.decode()
    assert "checked" not in page
    assert page.count('value="give"') == len(Consent.Purpose.choices)  # nothing given by default
    client.post(reverse("privacy"), {"purpose": "photos", "action": "give"})
    client.post(reverse("privacy"), {"purpose": "photos", "action": "give"})
    with scopes_disabled():
        assert Consent.objects.filter(user=operator, withdrawn_at__isnull=True).count() == 1
    client.post(reverse("privacy"), {"purpose": "photos", "action": "withdraw"})
    with scopes_disabled():
        consent = Consent.objects.get(user=operator)
        assert consent.withdrawn_at is not None  # the record stays, marked withdrawn
        assert list(
            AuditEvent.objects.filter(actor=operator).order_by("created_at").values_list("action", flat=True)
        ) == ["consent.give", "consent.withdraw"]


def test_an_unknown_purpose_changes_nothing(client, world):
    _notice(world)
    client.force_login(world.a.users[roles.OPERATOR])
    response = client.post(reverse("privacy"), {"purpose": "selling-data", "action": "give"})
    assert response.status_code == 302
    with scopes_disabled():
        assert not Consent.objects.exists()
