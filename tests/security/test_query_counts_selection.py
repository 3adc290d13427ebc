"""Selection and firm pages: the same number of SQL queries with n rows and with 10×n."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from firms.models import WorkforceSnapshot
from operators.models import OperatorApplication
from portal import roles
from portal.models import Application, Call, Province, Review
from tests.helpers import assert_constant_queries


def _applications(world, *, group="firm", review=False):
    counter = iter(range(10_000))

    def grow(n):
        pw = world.a
        for _ in range(n):
            i = next(counter)
            application = Application.objects.create(
                program=pw.program,
                call=pw.call if group == "firm" else pw.operator_application.application.call,
                group=group,
                email=f"grow{i}@example.test",
                token_hash=f"{group}-grow-{i}",
                status=Application.Status.SUBMITTED,
                display_name=f"Aday {i}",
                province=Province.objects.get(plate=34),
                submitted_at=timezone.now(),
            )
            if group == "operator":
                OperatorApplication.objects.create(
                    program=pw.program,
                    application=application,
                    full_name=f"Aday {i}",
                    employment="employed",
                    employer=pw.firms[0],
                    privacy_consent=True,
                )
            if review:
                Review.objects.create(
                    program=pw.program,
                    application=application,
                    reviewer=pw.users[roles.STAFF],
                    assigned_by=pw.users[roles.STAFF],
                )

    return grow


def _calls(world):
    counter = iter(range(10_000))

    def grow(n):
        for _ in range(n):
            Call.objects.create(
                program=world.a.program,
                group="ambassador",
                title_tr=f"Çağrı {next(counter)}",
                title_en="Call",
                opens_at=timezone.now() - timedelta(days=1),
                closes_at=timezone.now() + timedelta(days=3),
                quota=5,
                created_by=world.a.users[roles.STAFF],
            )

    return grow


def _snapshots(world):
    counter = iter(range(10_000))

    def grow(n):
        for _ in range(n):
            WorkforceSnapshot.objects.create(
                program=world.a.program,
                firm=world.a.firms[0],
                as_of=date(2020, 1, 1) + timedelta(days=30 * next(counter)),
                white_collar_women=3,
                white_collar_men=7,
                blue_collar_women=5,
                blue_collar_men=20,
            )

    return grow


@pytest.mark.parametrize(
    ("role", "url", "grower"),
    [
        (roles.STAFF, lambda pw: reverse("call_detail", args=[pw.call.pk]), lambda w: _applications(w)),
        (
            roles.STAFF,
            lambda pw: reverse("call_detail", args=[pw.call.pk]) + "?order=score&province=34",
            lambda w: _applications(w),
        ),
        (roles.STAFF, lambda pw: reverse("call_list"), _calls),
        (roles.STAFF, lambda pw: reverse("review_list"), lambda w: _applications(w, review=True)),
        (
            roles.FIRM,
            lambda pw: reverse("operators:employer_confirmations"),
            lambda w: _applications(w, group="operator"),
        ),
        (roles.FIRM, lambda pw: reverse("firms:firm_detail", args=[pw.firms[0].pk]), _snapshots),
        (None, lambda pw: reverse("call_list_public", kwargs={"program_code": pw.program.code}), _calls),
    ],
)
def test_selection_pages_take_a_fixed_number_of_queries(client, world, role, url, grower):
    if role:
        client.force_login(world.a.users[role])
    count = assert_constant_queries(client, url(world.a), grow=grower(world), n=5)
    assert count < 30
