"""Accepting an offer twice at the same moment, or two candidates taking the last place at once, ends with one
employment, never two. Real threads on PostgreSQL (row locks); SQLite serialises every write anyway."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone
from django_scopes import scopes_disabled

from matching import services
from matching.models import Employment, Offer
from portal import roles
from portal.tenancy import Audience, program_scope


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def _skip_unless_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises every write anyway (CI runs this on PostgreSQL)")


def _firm_accept(pw, offer, firm_user, firm):
    audience = Audience(
        user_id=firm_user.pk, program_id=pw.program.pk, roles=frozenset({roles.FIRM}), firm_ids=frozenset({firm.pk})
    )
    with program_scope(pw.program.pk):
        services.offer_answer_firm(
            audience=audience,
            actor=firm_user,
            offer=offer,
            accept=True,
            start_date=timezone.localdate(),
            contract_type="permanent",
            gross_salary_kurus=3_000_000,
        )


def _candidate_accept(pw, offer, trainee):
    audience = Audience(user_id=trainee.user_id, program_id=pw.program.pk, roles=frozenset({roles.AMBASSADOR}))
    with program_scope(pw.program.pk):
        services.offer_answer_candidate(audience=audience, actor=trainee.user, offer=offer, accept=True)


@pytest.mark.django_db(transaction=True)
def test_accepting_the_same_offer_twice_at_once_makes_one_employment(world):
    _skip_unless_postgres()
    pw = world.a
    _firm_accept(pw, pw.offer, pw.users[roles.FIRM], pw.firms[0])
    trainee = pw.trainees[roles.AMBASSADOR]
    outcomes = _race([lambda: _candidate_accept(pw, pw.offer, trainee)] * 2)
    assert outcomes == ["ValidationError", "ok"]
    with scopes_disabled():
        assert Employment.objects.filter(trainee=trainee).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_candidates_accepting_the_last_place_at_once_make_one_employment(world):
    _skip_unless_postgres()
    pw = world.a
    newcomer = pw.class_trainees[0]
    with scopes_disabled():
        second = Offer.objects.create(
            program=pw.program,
            proposal=pw.proposal,
            position=pw.other_offer.position,  # one place
            firm=pw.firms[1],
            trainee=newcomer,
            deadline=timezone.now() + timedelta(days=3),
        )
    for offer in (pw.other_offer, second):
        _firm_accept(pw, offer, pw.other_firm_user, pw.firms[1])
    outcomes = _race(
        [
            lambda: _candidate_accept(pw, pw.other_offer, pw.other_trainees[0]),
            lambda: _candidate_accept(pw, second, newcomer),
        ]
    )
    assert outcomes == ["ValidationError", "ok"]
    with scopes_disabled():
        assert Employment.objects.filter(firm=pw.firms[1], trainee__track="ambassador").count() == 1
        assert Offer.objects.filter(pk__in=[pw.other_offer.pk, second.pk], status="accepted").count() == 1
