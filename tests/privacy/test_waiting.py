"""Data-subject requests wait on the handlers' homes by their legal deadline (overdue in red), and the handlers
are reminded once before it and once when it has passed."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from portal import roles
from portal.models import Notification
from privacy.models import DataRequest
from privacy.waiting import request_deadlines_tell
from tests.helpers import assert_constant_queries


def _request(world, due_in_days, **extra):
    return DataRequest.objects.create(
        program=world.a.program,
        subject=world.a.users[roles.AMBASSADOR],
        kind="erasure",
        text="Verilerimi silin",
        due_on=timezone.localdate() + timedelta(days=due_in_days),
        **extra,
    )


def test_staff_see_requests_by_deadline_overdue_in_red(client, world):
    with scopes_disabled():
        late = _request(world, -2)
        soon = _request(world, 10)
    client.force_login(world.a.users[roles.STAFF])
    section = client.get(reverse("staff_home")).content.decode().split('id="waiting-for-you"')[1].split("</section>")[0]
    late_at = section.index(reverse("privacy:request_detail", args=[late.pk]))
    assert late_at < section.index(reverse("privacy:request_detail", args=[soon.pk]))  # soonest first
    late_item = section[:late_at].rsplit("<li", 1)[1]
    assert "list-group-item-danger" in late_item
    client.force_login(world.a.users[roles.FINANCE])
    html = client.get(reverse("stipends:finance_home")).content.decode()
    assert reverse("privacy:request_detail", args=[late.pk]) not in html  # the handlers' business only


def test_handlers_are_reminded_once_before_the_deadline_and_once_after(world):
    staff = world.a.users[roles.STAFF]
    with scopes_disabled():
        request = _request(world, 3)
        _request(world, 20)  # far away: no reminder yet
        assert request_deadlines_tell(program_id=world.a.program.pk) >= 1
        assert request_deadlines_tell(program_id=world.a.program.pk) == 0  # the next day's beat: nothing new
        (soon,) = Notification.objects.filter(kind="privacy.request_deadline", recipient=staff)
        assert (
            soon.subject
            == f"#{request.pk} numaralı ilgili kişi başvurusu en geç {request.due_on:%d.%m.%Y} tarihinde yanıtlanmalı"
        )
        assert soon.link == reverse("privacy:request_detail", args=[request.pk])
        request_deadlines_tell(program_id=world.a.program.pk, today=request.due_on + timedelta(days=1))
        late = Notification.objects.filter(kind="privacy.request_deadline", recipient=staff).exclude(pk=soon.pk).get()
        assert late.subject.startswith("Süresi geçti")


def test_the_staff_home_with_requests_takes_the_same_queries_at_n_and_10n(client, world):
    def grow(n):
        with scopes_disabled():
            for i in range(n):
                _request(world, i - 3)

    client.force_login(world.a.users[roles.STAFF])
    assert_constant_queries(client, reverse("staff_home"), grow=grow, n=2)
