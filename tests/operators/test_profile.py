"""An operator keeps her profile: employed at a participating firm (she stays matched to it unless she asks
otherwise) or job seeker; shifts, care responsibilities, provinces."""

from django.urls import reverse

from operators.models import OperatorProfile
from portal import roles
from portal.tenancy import program_scope


def test_an_employed_operator_names_her_firm(client, world):
    pw = world.a
    client.force_login(pw.users[roles.OPERATOR])
    url = reverse("operators:profile")
    base = {"employment": "employed", "shifts": "day", "care": "children", "work_provinces": [pw.firms[0].province_id]}
    response = client.post(url, base)
    assert response.status_code == 400  # no employer named
    assert client.post(url, {**base, "employer": pw.firms[0].pk}).status_code == 302
    with program_scope(pw.program.pk):
        profile = OperatorProfile.objects.get(trainee=pw.trainees[roles.OPERATOR])
        assert profile.employer_id == pw.firms[0].pk and not profile.wants_other_firm and profile.care == "children"
    # a job seeker has no employer, whatever the form sent
    assert client.post(url, {**base, "employment": "job_seeker", "employer": pw.firms[0].pk}).status_code == 302
    with program_scope(pw.program.pk):
        assert OperatorProfile.objects.get(pk=profile.pk).employer_id is None


def test_staff_read_operator_profiles(client, world):
    client.force_login(world.a.users[roles.STAFF])
    html = client.get(reverse("operators:profile_list")).content.decode()
    assert world.a.users[roles.OPERATOR].full_name in html
