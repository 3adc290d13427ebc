"""Who sees what: a trainer her cohorts, a trainee herself, the programme office all of its programme."""

import pytest
from django.http import Http404

from portal import roles
from portal.tenancy import audience_for
from training import selectors


def aud(pw, role):
    return audience_for(pw.users[role])


def test_a_trainer_sees_the_cohorts_sessions_and_trainees_she_is_assigned_to(pw):
    audience = aud(pw, roles.TRAINER)
    assert list(selectors.cohort_list_for_user(audience=audience)) == [pw.cohort]
    assert set(selectors.session_list_for_user(audience=audience)) == {pw.past_session, pw.session, pw.future_session}
    assert set(selectors.trainee_list_for_user(audience=audience)) == set(pw.class_trainees)
    with pytest.raises(Http404):
        selectors.cohort_get_for_user(audience=audience, pk=pw.own_cohort.pk)
    with pytest.raises(Http404):
        selectors.trainee_get_for_user(audience=audience, pk=pw.trainees[roles.AMBASSADOR].pk)


def test_a_trainee_sees_herself_and_no_cohort_pages(pw):
    audience = aud(pw, roles.AMBASSADOR)
    assert list(selectors.trainee_list_for_user(audience=audience)) == [pw.trainees[roles.AMBASSADOR]]
    assert not selectors.cohort_list_for_user(audience=audience).exists()
    assert not selectors.session_list_for_user(audience=audience).exists()
    with pytest.raises(Http404):
        selectors.certificate_get_for_user(audience=audience, pk=pw.certificate.pk)


def test_the_programme_office_sees_the_whole_programme_and_nothing_of_another(pw, world):
    audience = aud(pw, roles.ME)
    assert set(selectors.cohort_list_for_user(audience=audience)) == {pw.cohort, pw.own_cohort, pw.done_cohort}
    assert selectors.certificate_get_for_user(audience=audience, pk=pw.certificate.pk) == pw.certificate
    with pytest.raises(Http404):
        selectors.cohort_get_for_user(audience=audience, pk=world.b.cohort.pk)


@pytest.mark.parametrize("role", [roles.FIRM, roles.MENTOR, roles.ASSESSOR, roles.STAKEHOLDER])
def test_other_roles_see_no_training_records(pw, role):
    audience = aud(pw, role)
    assert not selectors.trainee_list_for_user(audience=audience).exists()
    assert not selectors.cohort_list_for_user(audience=audience).exists()


def test_the_roster_of_a_session_is_who_was_enrolled_that_day(pw):
    assert {e.trainee for e in selectors.session_roster(session=pw.session)} == set(pw.class_trainees)


def test_verifying_a_certificate_works_from_any_programme_and_shows_only_public_facts(world):
    verified = selectors.certificate_verify(code=world.b.certificate.code)
    assert verified.full_name == world.b.trainees[roles.OPERATOR].user.full_name
    assert verified.program_name_tr == world.b.program.name_tr
    assert not hasattr(verified, "email") and not hasattr(verified, "trainee")
    assert selectors.certificate_verify(code="x") is None
