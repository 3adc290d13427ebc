"""An ambassador keeps her profile (specialisation, provinces, ranked firms) from her phone; a mentor logs sessions
with her mentee; a month without one is flagged."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from ambassadors.models import AmbassadorProfile, MentoringSession
from portal import roles
from portal.tenancy import program_scope


def test_an_ambassador_saves_her_profile_with_ranked_firms(client, world):
    pw = world.a
    client.force_login(pw.users[roles.AMBASSADOR])
    page = client.get(reverse("ambassadors:profile")).content.decode()
    assert pw.firms[1].name in page and pw.firms[0].tax_number not in page
    data = {
        "stem_field": "industrial",
        "specialisation": "green",
        "skills": "Enerji verimliliği",
        "languages": "Türkçe, İngilizce",
        "work_provinces": [pw.firms[0].province_id],
        "willing_to_relocate": "on",
        "first_choice": pw.firms[1].pk,
        "second_choice": pw.firms[0].pk,
    }
    assert client.post(reverse("ambassadors:profile"), data).status_code == 302
    with program_scope(pw.program.pk):
        profile = AmbassadorProfile.objects.get(trainee=pw.trainees[roles.AMBASSADOR])
        assert profile.specialisation == "green" and profile.willing_to_relocate
        assert [p.firm_id for p in profile.preferences.order_by("rank")] == [pw.firms[1].pk, pw.firms[0].pk]
    # the same firm twice is refused, nothing half-written
    data["second_choice"] = pw.firms[1].pk
    response = client.post(reverse("ambassadors:profile"), data)
    assert response.status_code == 400
    with program_scope(pw.program.pk):
        assert profile.preferences.count() == 2


def test_a_firm_of_another_program_cannot_be_ranked(client, world):
    client.force_login(world.a.users[roles.AMBASSADOR])
    response = client.post(
        reverse("ambassadors:profile"),
        {"stem_field": "industrial", "specialisation": "both", "first_choice": world.b.firms[0].pk},
    )
    assert response.status_code == 400


def test_a_mentor_logs_a_session_and_a_missed_month_is_flagged(client, world):
    pw = world.a
    client.force_login(pw.users[roles.MENTOR])
    url = reverse("ambassadors:assignment_detail", args=[pw.assignment.pk])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.post(url, {"held_on": tomorrow, "topics": "Plan"}).status_code == 400
    today = timezone.localdate().isoformat()
    assert (
        client.post(url, {"held_on": today, "topics": "Enerji ölçümü", "agreed_actions": "Sayaç listesi"}).status_code
        == 302
    )
    with program_scope(pw.program.pk):
        assert MentoringSession.objects.filter(assignment=pw.assignment).count() == 2
        MentoringSession.objects.filter(assignment=pw.assignment).update(
            held_on=timezone.localdate() - timedelta(days=45)
        )
    home = client.get(reverse("ambassadors:mentor_home")).content.decode()
    assert "data-missed" in home
    # the mentee reads her sessions but cannot log one
    client.force_login(pw.users[roles.AMBASSADOR])
    assert client.get(reverse("ambassadors:my_mentoring")).status_code == 302
    assert client.post(url, {"held_on": today, "topics": "x"}).status_code == 403


def test_staff_assign_a_mentor(client, world):
    pw = world.a
    client.force_login(pw.users[roles.STAFF])
    response = client.post(
        reverse("ambassadors:mentor_assign"),
        {"trainee": pw.other_trainees[0].pk, "mentor": pw.users[roles.MENTOR].pk},
    )
    assert response.status_code == 302
    client.force_login(pw.users[roles.MENTOR])
    assert pw.other_trainees[0].user.full_name in client.get(reverse("ambassadors:mentor_home")).content.decode()


def test_staff_find_an_ambassador_to_mentor_by_name(client, world):
    """At national size the choice cannot list every ambassador: it lists the first ones by name, or those whose
    name contains what staff typed; the assignment accepts any ambassador without a mentor."""
    pw = world.a
    other = pw.other_trainees[0]  # an ambassador without a mentor ("Kursiyer 0 A")
    client.force_login(pw.users[roles.STAFF])
    url = reverse("ambassadors:mentoring_list")
    found = client.get(url, {"q": "kursiyer 0"}).content.decode()
    assert f'value="{other.pk}"' in found and "Elçinin adında geçen" in found
    missing = client.get(url, {"q": "nobody-has-this-name"}).content.decode()
    assert f'value="{other.pk}"' not in missing
    response = client.post(
        reverse("ambassadors:mentor_assign"), {"trainee": other.pk, "mentor": pw.users[roles.MENTOR].pk}
    )
    assert response.status_code == 302
    assert f'value="{other.pk}"' not in client.get(url, {"q": "kursiyer 0"}).content.decode()
