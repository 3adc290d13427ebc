"""Matching tells people: an offer reaches the candidate by SMS, email and inbox and the firm by email and inbox;
48 h and 24 h reminders go once each; answers and expiry reach the other side."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from matching import services
from matching.models import Offer, Proposal
from portal import roles
from portal.models import Delivery, Notification
from portal.notifications import sms
from tests.matching.conftest import aud, pw  # noqa: F401 - fixtures


@pytest.fixture
def sms_outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def _kinds_for(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_locking_a_proposal_offers_by_sms_email_and_inbox(pw, aud, sms_outbox, django_capture_on_commit_callbacks):  # noqa: F811
    office, staff = aud[roles.STAFF], pw.users[roles.STAFF]
    ambassador = pw.trainees[roles.AMBASSADOR]
    ambassador.phone = "+905321234567"
    ambassador.save(update_fields=["phone"])
    Proposal.objects.filter(pk=pw.proposal.pk).update(status="discarded")
    Offer.objects.filter(proposal=pw.proposal, status="open").update(status="expired")
    proposal = services.proposal_run(audience=office, actor=staff, track="ambassador", method="optimal")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        offers = services.proposal_lock(audience=office, actor=staff, proposal=proposal)
    mine = [o for o in offers if o.trainee_id == ambassador.pk]
    assert mine, "the world's ambassador is placed by the optimal assignment"
    (note,) = Notification.objects.filter(recipient=ambassador.user, kind="matching.offer_made")
    assert {d.channel: d.status for d in note.deliveries.all()} == {"inbox": "sent", "email": "sent", "sms": "sent"}
    assert any(m.to == [ambassador.user.email] and "teklif" in m.subject.lower() for m in mail.outbox)
    text = next(s.text for s in sms_outbox if s.to == "+905321234567")
    assert f"/matching/offers/{mine[0].pk}/" in text and text.startswith("http") is False
    firm_user = pw.users[roles.FIRM]
    if mine[0].firm_id == pw.firms[0].pk:
        assert "matching.offer_made_firm" in _kinds_for(firm_user)


def test_deadline_reminders_go_once_per_window_to_whoever_has_not_answered(
    pw,  # noqa: F811
    aud,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    offer = pw.offer
    now = timezone.now()
    Offer.objects.filter(pk=offer.pk).update(deadline=now + timedelta(hours=40), firm_answer="accepted")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.offers_remind(program_id=pw.program.pk, now=now) >= 1
        services.offers_remind(program_id=pw.program.pk, now=now + timedelta(hours=1))  # same window: nothing new
    reminders = Notification.objects.filter(kind="matching.offer_reminder", object_id=offer.pk)
    assert [n.recipient for n in reminders] == [pw.trainees[roles.AMBASSADOR].user]  # the firm already answered
    with django_capture_on_commit_callbacks(execute=True):
        services.offers_remind(program_id=pw.program.pk, now=now + timedelta(hours=20))  # inside 24 h
    assert reminders.all().count() == 2  # a fresh query: the list above cached the first answer


def test_the_firm_hears_when_the_candidate_accepts_and_both_when_it_expires(
    pw,  # noqa: F811
    aud,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    ambassador = pw.users[roles.AMBASSADOR]
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_answer_candidate(audience=aud[roles.AMBASSADOR], actor=ambassador, offer=pw.offer, accept=True)
    assert "matching.offer_accepted_by_other" in _kinds_for(pw.users[roles.FIRM])
    Offer.objects.filter(pk=pw.offer.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.offers_expire(program_id=pw.program.pk)
    assert "matching.offer_expired" in _kinds_for(ambassador)
    assert "matching.offer_expired" in _kinds_for(pw.users[roles.FIRM])
    assert Delivery.objects.filter(notification__kind="matching.offer_expired", status="failed").count() == 0
