"""People's data stays whole: staff editing one field never changes another (blank means unchanged, removal is
a ticked box with a reason), and a trainee gives her own IBAN from her phone (checksum, attestation, audit), which
the next payment run flags for the approver."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal import roles
from portal.models import AuditEvent
from training.models import Trainee

TCKN = "10000000146"
IBAN = "TR330006100519786457841326"
OTHER_IBAN = "TR320010009999901234567890"


@pytest.fixture
def trainee(world):
    with scopes_disabled():
        t = world.a.class_trainees[0]
        Trainee.objects.filter(pk=t.pk).update(tckn=TCKN, tckn_hash="h-tckn", iban=IBAN, iban_hash="h-iban")
        t.refresh_from_db()
        return t


def _stored(t):
    with scopes_disabled():
        t.refresh_from_db()
    return {"tckn": t.tckn or "", "iban": t.iban or "", "phone": t.phone}


def test_changing_only_her_phone_keeps_her_identity_number_and_iban(client, world, trainee):
    client.force_login(world.a.users[roles.STAFF])
    url = reverse("training:trainee_edit", args=[trainee.pk])
    page = client.get(url).content.decode()
    assert TCKN not in page and IBAN not in page and "•" in page  # masked, never sent in clear
    assert client.post(url, {"tckn": "", "iban": "", "phone": "0532 444 55 66"}).status_code == 302
    assert _stored(trainee) == {"tckn": TCKN, "iban": IBAN, "phone": "+905324445566"}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["tckn", "iban", "phone"]))
def test_editing_one_field_never_changes_another(client, world, trainee, field):
    client.force_login(world.a.users[roles.STAFF])
    before = _stored(trainee)
    new = {"tckn": "10000000078", "iban": OTHER_IBAN, "phone": "+905551112233"}[field]
    data = {"tckn": "", "iban": "", "phone": ""} | {field: new}
    client.post(reverse("training:trainee_edit", args=[trainee.pk]), data)
    after = _stored(trainee)
    assert {k: v for k, v in after.items() if k != field} == {k: v for k, v in before.items() if k != field}
    # put it back for the next example
    with scopes_disabled():
        Trainee.objects.filter(pk=trainee.pk).update(**before)


def test_removing_a_value_needs_the_box_and_a_reason_and_is_audited(client, world, trainee):
    client.force_login(world.a.users[roles.STAFF])
    url = reverse("training:trainee_edit", args=[trainee.pk])
    assert client.post(url, {"remove_iban": "on"}).status_code == 400  # no reason
    assert _stored(trainee)["iban"] == IBAN
    assert client.post(url, {"remove_iban": "on", "removal_reason": "Hesap kapandı"}).status_code == 302
    assert _stored(trainee) == {"tckn": TCKN, "iban": "", "phone": trainee.phone}
    with scopes_disabled():
        event = AuditEvent.objects.filter(action="trainee.personal_data").latest("pk")
    assert event.data == {"fields": ["iban"], "removed": ["iban"], "reason": "Hesap kapandı"}


def test_a_trainee_gives_her_own_iban_with_its_checksum_and_an_attestation(client, world):
    pw = world.a
    with scopes_disabled():
        me = Trainee.objects.get(user=pw.users[roles.AMBASSADOR], program=pw.program)
        Trainee.objects.filter(pk=me.pk).update(iban="", iban_hash="")
    client.force_login(pw.users[roles.AMBASSADOR])
    url = reverse("training:my_iban")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"iban": "TR33 0006 1005 1978 6457 8413 27", "attested": "on"})
    assert bad.status_code == 400 and "IBAN" in bad.content.decode()
    assert client.post(url, {"iban": IBAN}).status_code == 400  # not attested
    assert not _stored(me)["iban"]
    assert client.post(url, {"iban": "tr33 0006 1005 1978 6457 8413 26", "attested": "on"}).status_code == 302
    with scopes_disabled():
        me.refresh_from_db()
        event = AuditEvent.objects.get(action="trainee.iban_own", target_id=str(me.pk))
    assert me.iban == IBAN and me.iban_hash and me.iban_changed_at is not None
    assert IBAN not in str(event.data)


def test_another_persons_iban_page_does_not_exist_for_staff(client, world):
    client.force_login(world.a.users[roles.STAFF])
    assert client.get(reverse("training:my_iban")).status_code == 403
