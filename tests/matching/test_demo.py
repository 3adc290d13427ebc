"""`seed_demo` gives matching something to show: a locked proposal, accepted and declined offers, employments at
different months with checkpoints due, the demo ambassador's open offer, mentoring sessions, peer posts."""

from django.utils import timezone
from django_scopes import scopes_disabled

from ambassadors.models import MentoringSession
from matching.models import Employment, Offer, PeerPost, Proposal, RetentionCheckpoint
from portal import roles
from portal.demo import seed_demo
from portal.models import User


def test_the_demo_shows_matching_and_employment(db):
    program, _logins = seed_demo()
    with scopes_disabled():
        assert Proposal.objects.filter(program=program, status="locked", track="ambassador").count() == 1
        statuses = set(Offer.objects.filter(program=program).values_list("status", flat=True))
        assert {"accepted", "declined", "open"} <= statuses
        employments = list(Employment.objects.filter(program=program))
        assert len(employments) >= 3
        assert len({e.start_date for e in employments}) >= 3, "employments at different months"
        today = timezone.localdate()
        due = RetentionCheckpoint.objects.filter(program=program, due_on__lte=today)
        assert (
            due.filter(firm_confirmed_at__isnull=False).exists() and due.filter(firm_confirmed_at__isnull=True).exists()
        )
        ambassador = User.objects.get(email__startswith=f"{roles.AMBASSADOR}@")
        assert Offer.objects.filter(program=program, trainee__user=ambassador, status="open").exists()
        assert MentoringSession.objects.filter(program=program).exists()
        assert PeerPost.objects.filter(program=program).exists()
        counts = (Offer.objects.count(), Employment.objects.count(), MentoringSession.objects.count())
    seed_demo()
    with scopes_disabled():
        assert (Offer.objects.count(), Employment.objects.count(), MentoringSession.objects.count()) == counts
