"""The trainee record: created once per person (the selection engine calls it), personal data validated,
encrypted, masked, revealed only with a reason that is logged."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django_scopes import scopes_disabled

from portal import roles
from portal.models import AuditEvent, PiiAccessLog
from portal.tenancy import program_scope
from tests.factories import UserFactory, province
from training import services
from training.models import Trainee

TCKN = "10000000146"
IBAN = "TR330006100519786457841326"


def raw_column(trainee, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM training_trainee WHERE id = %s", [trainee.pk])
        return cursor.fetchone()[0]


def test_creating_a_trainee_twice_gives_the_same_record(pw):
    person = UserFactory(full_name="Seçilen Elçi")
    first = services.trainee_create(
        program=pw.program, user=person, track="ambassador", province=province(35), actor=pw.users[roles.STAFF],
        tckn=TCKN, iban=IBAN.lower().replace("tr", "TR ", 1), phone="0532 111 22 33",
    )  # fmt: skip
    again = services.trainee_create(
        program=pw.program, user=person, track="operator", province=province(6), actor=pw.users[roles.STAFF]
    )
    assert again.pk == first.pk and again.track == "ambassador"
    assert Trainee.objects.filter(user=person).count() == 1
    assert (first.tckn, first.iban, first.phone) == (TCKN, IBAN, "+905321112233")
    assert (
        first.tckn_masked == "•••••••••46"
        and first.iban_masked.startswith("TR33")
        and first.iban_masked.endswith("1326")
    )
    # encrypted at rest, never plaintext in the table or the audit trail
    assert TCKN not in raw_column(first, "tckn") and IBAN not in raw_column(first, "iban")
    event = AuditEvent.objects.get(action="trainee.create", target_id=str(first.pk))
    assert TCKN not in str(event.data) and event.data["personal_data"] == ["iban", "phone", "tckn"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("tckn", "12345678901"),
        ("iban", "DE89370400440532013000"),
        ("iban", "TR330006100519786457841327"),
        ("phone", "212"),
    ],
)
def test_invalid_personal_data_is_refused_with_the_field_named(pw, field, value):
    with pytest.raises(ValidationError) as caught:
        services.trainee_create(
            program=pw.program, user=UserFactory(), track="operator", province=province(41),
            actor=pw.users[roles.STAFF], **{field: value},
        )  # fmt: skip
    assert field in caught.value.message_dict


def test_one_identity_number_is_one_trainee_per_programme(pw, world):
    services.trainee_create(
        program=pw.program,
        user=UserFactory(),
        track="operator",
        province=province(41),
        actor=pw.users[roles.STAFF],
        tckn=TCKN,
    )
    with pytest.raises(ValidationError):
        services.trainee_create(
            program=pw.program,
            user=UserFactory(),
            track="operator",
            province=province(41),
            actor=pw.users[roles.STAFF],
            tckn=TCKN,
        )
    with program_scope(world.b.program.pk):  # another programme keeps its own records
        services.trainee_create(
            program=world.b.program, user=UserFactory(), track="operator", province=province(41),
            actor=world.b.users[roles.STAFF], tckn=TCKN,
        )  # fmt: skip


def test_staff_change_personal_data_and_the_audit_names_fields_only(client, world):
    pw = world.a
    trainee = pw.class_trainees[0]
    client.force_login(pw.users[roles.STAFF])
    url = reverse("training:trainee_edit", args=[trainee.pk])
    assert client.post(url, {"tckn": "1234", "iban": "", "phone": ""}).status_code == 400
    assert client.post(url, {"tckn": TCKN, "iban": IBAN, "phone": "+90 (532) 444 55 66"}).status_code == 302
    with scopes_disabled():
        trainee.refresh_from_db()
        event = AuditEvent.objects.get(action="trainee.personal_data")
    assert (trainee.tckn, trainee.phone) == (TCKN, "+905324445566")
    assert event.data == {"fields": ["tckn", "iban", "phone"], "removed": [], "reason": ""}
    page = client.get(reverse("training:trainee_detail", args=[trainee.pk])).content.decode()
    assert "•••••••••46" in page and TCKN not in page and IBAN not in page


def test_only_staff_may_change_personal_data(pw):
    with pytest.raises(PermissionDenied):
        services.trainee_personal_data_update(
            trainee=pw.trainees[roles.AMBASSADOR], actor=pw.users[roles.FINANCE], tckn=TCKN, iban="", phone=""
        )


def test_revealing_a_number_needs_a_reason_and_is_logged(client, world):
    pw = world.a
    ambassador = pw.trainees[roles.AMBASSADOR]
    url = reverse("training:trainee_reveal", args=[ambassador.pk])
    client.force_login(pw.users[roles.FINANCE])
    assert client.post(url, {"field": "iban", "reason": "no"}).status_code == 400
    with scopes_disabled():
        assert not PiiAccessLog.objects.exists()
    response = client.post(url, {"field": "iban", "reason": "Burs ödemesi dosyası için"})
    assert response.status_code == 200 and ambassador.iban in response.content.decode()
    with scopes_disabled():
        log = PiiAccessLog.objects.get()
    assert (log.actor, log.field, log.subject_id) == (pw.users[roles.FINANCE], "iban", str(ambassador.pk))
    assert ambassador.iban not in log.reason
    client.force_login(pw.users[roles.ME])
    assert client.post(url, {"field": "iban", "reason": "merak ettim"}).status_code == 403


def test_a_trainer_sees_her_trainees_progress_but_not_their_personal_data(client, world):
    pw = world.a
    trainee = pw.class_trainees[0]
    client.force_login(pw.users[roles.TRAINER])
    page = client.get(reverse("training:trainee_detail", args=[trainee.pk])).content.decode()
    assert trainee.user.full_name in page and pw.cohort.name in page
    assert "data-tckn-masked" not in page and trainee.user.email not in page
    assert client.get(reverse("training:trainee_detail", args=[pw.trainees[roles.AMBASSADOR].pk])).status_code == 404


def test_a_trainee_sees_only_herself(client, world):
    pw = world.a
    client.force_login(pw.users[roles.AMBASSADOR])
    assert client.get(reverse("training:trainee_detail", args=[pw.trainees[roles.AMBASSADOR].pk])).status_code == 200
    for other in (pw.other_trainees[0], pw.class_trainees[0], pw.trainees[roles.OPERATOR]):
        assert client.get(reverse("training:trainee_detail", args=[other.pk])).status_code == 404


def test_the_trainee_list_filters_by_track_and_shows_the_cohort(client, world):
    pw = world.a
    client.force_login(pw.users[roles.ME])
    html = client.get(reverse("training:trainee_list"), {"track": "operator"}).content.decode()
    assert pw.trainees[roles.OPERATOR].user.full_name in html
    assert pw.trainees[roles.AMBASSADOR].user.full_name not in html
    html = client.get(reverse("training:trainee_list")).content.decode()
    assert pw.own_cohort.name in html
