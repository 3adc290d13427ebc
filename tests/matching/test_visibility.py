"""Regression for the crawler report "/matching/mine/ shows another firm's trainee names": each audience's overview
holds only what is hers — each firm user her firm's candidates and employees, a candidate her own offer, a mentor
her mentees — and the second firm's candidates are never the first firm's business."""

from django.urls import reverse

from portal import roles


def _mine(client, user):
    client.force_login(user)
    return client.get(reverse("matching:overview")).content.decode()


def test_each_firm_user_sees_only_her_firms_candidates_and_employees(client, world):
    pw = world.a
    ambassador, operator = pw.trainees[roles.AMBASSADOR].user.full_name, pw.trainees[roles.OPERATOR].user.full_name
    other_ambassador, other_operator = (t.user.full_name for t in pw.other_trainees[:2])
    first = _mine(client, pw.users[roles.FIRM])
    assert ambassador in first and operator in first
    assert other_ambassador not in first and other_operator not in first
    second = _mine(client, pw.other_firm_user)
    assert other_ambassador in second and other_operator in second
    assert ambassador not in second and operator not in second
    for html in (first, second):
        assert world.b.trainees[roles.AMBASSADOR].user.full_name not in html
        assert all(t.user.full_name not in html for t in world.b.other_trainees)


def test_a_candidate_and_a_mentor_see_only_their_own(client, world):
    pw = world.a
    names = {t.user.full_name for t in [*pw.trainees.values(), *pw.other_trainees]}
    mine = _mine(client, pw.users[roles.AMBASSADOR])
    assert reverse("matching:offer_detail", args=[pw.offer.pk]) in mine
    assert reverse("matching:offer_detail", args=[pw.other_offer.pk]) not in mine
    assert reverse("matching:employment_detail", args=[pw.employment.pk]) not in mine
    operator = _mine(client, pw.users[roles.OPERATOR])
    assert reverse("matching:employment_detail", args=[pw.employment.pk]) in operator
    assert reverse("matching:employment_detail", args=[pw.other_employment.pk]) not in operator
    assert not {n for n in names if n in operator} - {pw.users[roles.OPERATOR].full_name}
    client.force_login(pw.users[roles.MENTOR])
    mentor = client.get(reverse("ambassadors:mentor_home")).content.decode()
    assert {n for n in names if n in mentor} == {pw.users[roles.AMBASSADOR].full_name}
