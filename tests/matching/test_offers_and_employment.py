"""Offers become employments only when both sides say yes, once, within the places; a declined or expired offer
passes its place on; employments end early with a reason (and tell stipends); checkpoints are confirmed, listed
when overdue and reminded."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from ambassadors.models import AmbassadorProfile
from matching import selectors, services
from matching.models import Employment, Offer, Proposal, ProposalLine, RetentionCheckpoint, add_months
from portal import roles
from portal.registry import employment_ended
from portal.tenancy import Audience, audience_for
from training.models import Trainee


def _msg(english: str) -> str:
    """The message as the user reads it (Turkish first), as a regex."""
    return re.escape(gettext(english))


def _firm_accepts(aud, pw, offer, start=None):
    return services.offer_answer_firm(
        audience=aud[roles.FIRM],
        actor=pw.users[roles.FIRM],
        offer=offer,
        accept=True,
        start_date=start or timezone.localdate(),
        contract_type="permanent",
        gross_salary_kurus=3_500_000,
    )


def _as(trainee):
    """The trainee's audience (the world's extra trainees have no membership of their own)."""
    role = roles.AMBASSADOR if trainee.track == "ambassador" else roles.OPERATOR
    return Audience(user_id=trainee.user_id, program_id=trainee.program_id, roles=frozenset({role}))


@pytest.fixture
def relocating(pw):
    """A class trainee of the world (an ambassador with no offer) who would move anywhere: the next-best."""
    trainee = pw.class_trainees[0]
    AmbassadorProfile.objects.create(program=pw.program, trainee=trainee, willing_to_relocate=True)
    return trainee


def test_both_sides_accepting_makes_one_employment_with_its_checkpoints(pw, aud):
    start = timezone.localdate() + timedelta(days=10)
    _firm_accepts(aud, pw, pw.offer, start)
    assert not Employment.objects.filter(offer=pw.offer).exists()  # the candidate has not answered yet
    offer = services.offer_answer_candidate(
        audience=aud[roles.AMBASSADOR], actor=pw.users[roles.AMBASSADOR], offer=pw.offer, accept=True
    )
    assert offer.status == Offer.Status.ACCEPTED
    employment = Employment.objects.get(offer=offer)
    assert employment.start_date == start
    assert employment.planned_end_date == add_months(start, 12) - timedelta(days=1)
    assert employment.gross_salary_kurus == 3_500_000 and employment.status == "active"
    assert [c.month for c in employment.checkpoints.order_by("month")] == [3, 6, 12]


def test_accepting_twice_is_refused_and_leaves_one_employment(pw, aud):
    _firm_accepts(aud, pw, pw.offer)
    services.offer_answer_candidate(
        audience=aud[roles.AMBASSADOR], actor=pw.users[roles.AMBASSADOR], offer=pw.offer, accept=True
    )
    with pytest.raises(ValidationError):
        services.offer_answer_candidate(
            audience=aud[roles.AMBASSADOR], actor=pw.users[roles.AMBASSADOR], offer=pw.offer, accept=True
        )
    assert Employment.objects.filter(trainee=pw.trainees[roles.AMBASSADOR]).count() == 1


def test_two_candidates_for_the_last_place_end_with_one_employment(pw, aud):
    """The second firm's position has one place; two offers for it, both accepted by both sides."""
    newcomer = pw.class_trainees[0]
    second = Offer.objects.create(
        program=pw.program,
        proposal=pw.proposal,
        position=pw.other_offer.position,
        firm=pw.firms[1],
        trainee=newcomer,
        deadline=timezone.now() + timedelta(days=3),
    )
    firm2 = audience_for(pw.other_firm_user, program_id=pw.program.pk)
    for offer in (pw.other_offer, second):
        services.offer_answer_firm(
            audience=firm2,
            actor=pw.other_firm_user,
            offer=offer,
            accept=True,
            start_date=timezone.localdate(),
            contract_type="permanent",
            gross_salary_kurus=3_000_000,
        )
    services.offer_answer_candidate(
        audience=_as(pw.other_trainees[0]), actor=pw.other_trainees[0].user, offer=pw.other_offer, accept=True
    )
    with pytest.raises(ValidationError, match=_msg("This position has no place left: all its places are taken.")):
        services.offer_answer_candidate(audience=_as(newcomer), actor=newcomer.user, offer=second, accept=True)
    assert Employment.objects.filter(firm=pw.firms[1], trainee__track="ambassador").count() == 1


def test_a_firm_cannot_answer_another_firms_offer(pw, aud):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _firm_accepts(aud, pw, pw.other_offer)


def test_accepting_without_salary_or_start_date_says_what_is_missing(pw, aud):
    with pytest.raises(ValidationError) as error:
        services.offer_answer_firm(
            audience=aud[roles.FIRM], actor=pw.users[roles.FIRM], offer=pw.offer, accept=True, contract_type="x"
        )
    assert set(error.value.message_dict) == {"start_date", "contract_type", "gross_salary"}
    assert Offer.objects.get(pk=pw.offer.pk).firm_answer == "pending"


def test_declining_needs_a_reason_and_passes_the_place_to_the_next_best(pw, aud, relocating):
    with pytest.raises(ValidationError):
        services.offer_answer_candidate(
            audience=aud[roles.AMBASSADOR], actor=pw.users[roles.AMBASSADOR], offer=pw.offer, accept=False, reason=" "
        )
    services.offer_answer_candidate(
        audience=aud[roles.AMBASSADOR],
        actor=pw.users[roles.AMBASSADOR],
        offer=pw.offer,
        accept=False,
        reason="Şehir değiştiremiyorum",
    )
    pw.offer.refresh_from_db()
    assert pw.offer.status == "declined" and "Şehir değiştiremiyorum" in pw.offer.decline_reason
    nxt = Offer.objects.get(replaces=pw.offer)
    assert nxt.position_id == pw.offer.position_id and nxt.status == "open"
    assert nxt.trainee_id == relocating.pk and nxt.trainee.track == Trainee.Track.AMBASSADOR
    assert nxt.components, "the next offer carries its own explanation"
    # the rest of the proposal stays
    assert Offer.objects.get(pk=pw.other_offer.pk).status == "open"


def test_expired_offers_pass_their_place_on_once(pw, relocating):
    Offer.objects.filter(pk=pw.offer.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    assert services.offers_expire(program_id=pw.program.pk) == 1
    assert services.offers_expire(program_id=pw.program.pk) == 0
    pw.offer.refresh_from_db()
    assert pw.offer.status == "expired"
    assert Offer.objects.filter(replaces=pw.offer, status="open").get().trainee_id == relocating.pk


def test_with_nobody_left_the_place_waits(pw):
    """No other ambassador can work in the firm's province: the place stays open (the waitlist is empty)."""
    Offer.objects.filter(pk=pw.offer.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    assert services.offers_expire(program_id=pw.program.pk) == 1
    assert not Offer.objects.filter(replaces=pw.offer).exists()


def test_an_offer_past_its_deadline_cannot_be_accepted(pw, aud):
    Offer.objects.filter(pk=pw.offer.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match=_msg("The deadline for this offer has passed.")):
        services.offer_answer_candidate(
            audience=aud[roles.AMBASSADOR], actor=pw.users[roles.AMBASSADOR], offer=pw.offer, accept=True
        )


def test_ending_early_needs_a_reason_and_a_date_and_calls_the_stipends_hook(pw, aud):
    called = []
    employment_ended.register("test-hook", lambda e: called.append((e.pk, e.status, e.terminated_on)))
    try:
        with pytest.raises(ValidationError) as error:
            services.employment_terminate(
                audience=aud[roles.FIRM],
                actor=pw.users[roles.FIRM],
                employment=pw.employment,
                on=pw.employment.start_date - timedelta(days=1),
                reason="",
            )
        assert set(error.value.message_dict) == {"on", "reason"}
        assert called == []
        on = pw.employment.start_date + timedelta(days=40)
        services.employment_terminate(
            audience=aud[roles.FIRM], actor=pw.users[roles.FIRM], employment=pw.employment, on=on, reason="İstifa"
        )
    finally:
        employment_ended._items.pop("test-hook", None)
    assert called == [(pw.employment.pk, "terminated", on)]
    with pytest.raises(ValidationError):
        services.employment_terminate(
            audience=aud[roles.STAFF], actor=pw.users[roles.STAFF], employment=pw.employment, on=on, reason="again"
        )


def test_overdue_checkpoints_are_listed_and_both_sides_reminded_once_a_week(
    pw, aud, settings, django_capture_on_commit_callbacks
):
    overdue = list(selectors.checkpoints_overdue(program_id=pw.program.pk))
    assert pw.checkpoint in overdue
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.checkpoints_remind(program_id=pw.program.pk) == 2  # both firms' operators
    recipients = {address for message in mail.outbox for address in message.to}
    assert pw.users[roles.FIRM].email in recipients and pw.users[roles.OPERATOR].email in recipients
    assert "kontrol" in mail.outbox[0].subject.lower() or "checkpoint" in mail.outbox[0].subject.lower()
    assert services.checkpoints_remind(program_id=pw.program.pk) == 0
    services.checkpoint_confirm(
        audience=aud[roles.FIRM], actor=pw.users[roles.FIRM], checkpoint=pw.checkpoint, still_employed=True
    )
    services.checkpoint_confirm(
        audience=aud[roles.OPERATOR], actor=pw.users[roles.OPERATOR], checkpoint=pw.checkpoint, still_employed=True
    )
    assert pw.checkpoint not in list(selectors.checkpoints_overdue(program_id=pw.program.pk))
    assert RetentionCheckpoint.objects.get(pk=pw.checkpoint.pk).is_complete


def test_a_checkpoint_not_yet_due_cannot_be_confirmed(pw, aud):
    future = RetentionCheckpoint.objects.create(
        program=pw.program,
        employment=pw.employment,
        firm=pw.firms[0],
        trainee=pw.employment.trainee,
        month=6,
        due_on=timezone.localdate() + timedelta(days=30),
    )
    with pytest.raises(ValidationError):
        services.checkpoint_confirm(
            audience=aud[roles.FIRM], actor=pw.users[roles.FIRM], checkpoint=future, still_employed=True
        )


# --- proposals ------------------------------------------------------------------------------------------------------


def test_staff_run_adjust_and_lock_a_proposal(pw, aud):
    office, staff = aud[roles.STAFF], pw.users[roles.STAFF]
    proposal = services.proposal_run(audience=office, actor=staff, track="ambassador", method="optimal")
    lines = {line.trainee_id: line for line in proposal.lines.all()}
    assert pw.trainees[roles.AMBASSADOR].pk in lines
    placed = [line for line in lines.values() if line.position_id]
    assert placed and all(line.components for line in placed)
    # capacity holds when staff move someone
    line = placed[0]
    full = pw.other_offer.position  # one place
    taken = ProposalLine.objects.filter(proposal=proposal, position=full).exclude(pk=line.pk).exists()
    if taken:
        with pytest.raises(ValidationError):
            services.proposal_adjust(audience=office, actor=staff, line=line, position=full, reason="deneme")
    with pytest.raises(ValidationError):
        services.proposal_adjust(audience=office, actor=staff, line=line, position=None, reason="")
    services.proposal_adjust(audience=office, actor=staff, line=line, position=None, reason="Mülakata gelmedi")
    line.refresh_from_db()
    assert line.position_id is None and line.adjusted_reason == "Mülakata gelmedi"
    # one locked proposal per track: the world's is locked already
    with pytest.raises(ValidationError, match=_msg("Another proposal of this track is already locked.")):
        services.proposal_lock(audience=office, actor=staff, proposal=proposal)
    Proposal.objects.filter(pk=pw.proposal.pk).update(status="discarded")
    Offer.objects.filter(proposal=pw.proposal, status="open").update(status="expired")
    offers = services.proposal_lock(audience=office, actor=staff, proposal=proposal)
    assert {o.trainee_id for o in offers} == {
        line.trainee_id for line in ProposalLine.objects.filter(proposal=proposal, position__isnull=False)
    }
    assert all(o.deadline > timezone.now() + timedelta(days=6) for o in offers)


def test_a_hard_constraint_cannot_be_adjusted_away(pw, aud):
    office, staff = aud[roles.STAFF], pw.users[roles.STAFF]
    proposal = services.proposal_run(audience=office, actor=staff, track="ambassador", method="stable")
    from portal.models import Province

    # a class trainee lists no provinces and does not relocate: a province that is neither hers nor a firm's
    trainee = pw.class_trainees[0]
    far = Province.objects.exclude(
        pk__in=[pw.firms[0].province_id, pw.firms[1].province_id, trainee.province_id]
    ).first()
    position = pw.position
    position.province = far
    position.save()
    line = ProposalLine.objects.get(proposal=proposal, trainee=trainee)
    with pytest.raises(
        ValidationError,
        match=_msg("Excluded: the firm is in a province where she cannot work, and she does not relocate."),
    ):
        services.proposal_adjust(audience=office, actor=staff, line=line, position=position, reason="deneme")


def test_the_daily_beat_task_expires_offers_and_reminds_in_every_program(
    world, settings, django_capture_on_commit_callbacks
):
    from django_scopes import scopes_disabled

    from matching.tasks import matching_daily_all

    assert settings.CELERY_BEAT_SCHEDULE["matching-daily"]["task"] == "matching.tasks.matching_daily_all"
    with scopes_disabled():
        Offer.objects.filter(pk__in=[world.a.offer.pk, world.b.offer.pk]).update(
            deadline=timezone.now() - timedelta(minutes=1)
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert matching_daily_all.delay().get() == 2
    with scopes_disabled():
        assert set(
            Offer.objects.filter(pk__in=[world.a.offer.pk, world.b.offer.pk]).values_list("status", flat=True)
        ) == {"expired"}
    assert len(mail.outbox) >= 2  # overdue checkpoints of both programs


def test_the_start_date_cannot_be_before_the_offer_is_accepted_unless_staff_say_why(pw, aud):
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        _firm_accepts(aud, pw, pw.offer, yesterday)
    assert set(error.value.message_dict) == {"start_date"}
    with pytest.raises(PermissionDenied):  # a firm user cannot override
        services.offer_answer_firm(
            audience=aud[roles.FIRM], actor=pw.users[roles.FIRM], offer=pw.offer, accept=True, start_date=yesterday,
            contract_type="permanent", gross_salary_kurus=3_500_000, start_override_reason="geriye dönük",
        )  # fmt: skip


def test_staff_record_an_employment_reported_late_only_with_a_reason(pw, aud):
    from portal.models import AuditEvent

    trainee = pw.trainees[roles.AMBASSADOR]  # the world's operator is employed already; the ambassador is not
    start = timezone.localdate() - timedelta(days=20)
    kwargs = {"trainee": trainee, "firm": pw.firms[1], "start_date": start, "gross_salary_kurus": 3_000_000}
    with pytest.raises(PermissionDenied):
        services.employment_record(audience=aud[roles.FIRM], actor=pw.users[roles.FIRM], reason="geç", **kwargs)
    with pytest.raises(ValidationError):
        services.employment_record(audience=aud[roles.STAFF], actor=pw.users[roles.STAFF], reason=" ", **kwargs)
    employment = services.employment_record(
        audience=aud[roles.STAFF], actor=pw.users[roles.STAFF], reason="SGK bildirgesi geç geldi", **kwargs
    )
    assert (employment.start_date, employment.offer_id, employment.status) == (start, None, "active")
    event = AuditEvent.objects.get(action="matching.employment_record")
    assert event.data["reason"] == "SGK bildirgesi geç geldi"
