"""The M&E pages take the same number of SQL queries with n and 10×n firms, women, enrolments and employments."""

from datetime import date

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from firms.models import WorkforceSnapshot
from matching.models import Employment
from portal import roles
from portal.tenancy import program_scope
from reports import services
from tests.factories import FirmFactory, TraineeFactory, province
from tests.helpers import assert_constant_queries
from training.models import Enrolment

PLATES = [34, 6, 35, 45, 41, 31]


def _grow(world):
    pw = world.a
    with scopes_disabled():
        cohort = pw.curriculum.cohorts.first()

    def grow(n):
        with scopes_disabled():
            for i in range(n):
                firm = FirmFactory(program=pw.program, province=province(PLATES[i % len(PLATES)]))
                WorkforceSnapshot.objects.create(
                    program=pw.program, firm=firm, as_of=date(2026, 1, 1), white_collar_women=3, white_collar_men=7,
                    blue_collar_women=10, blue_collar_men=30,
                )  # fmt: skip
                trainee = TraineeFactory(program=pw.program, province=province(PLATES[i % len(PLATES)]))
                Enrolment.objects.create(
                    program=pw.program, trainee=trainee, cohort=cohort, enrolled_on=date(2026, 1, 5),
                    created_by=pw.users[roles.STAFF],
                )  # fmt: skip
                Employment.objects.create(
                    program=pw.program, trainee=trainee, firm=firm, start_date=date(2026, 2, 1),
                    planned_end_date=date(2027, 1, 31), gross_salary_kurus=4_000_000,
                )  # fmt: skip
        with program_scope(pw.program.pk):
            services.figures_refresh(program_id=pw.program.pk)  # what the beat does every few minutes

    return grow


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (roles.ME, lambda w: reverse("reports:me_home")),
        (roles.STAFF, lambda w: reverse("reports:me_home") + f"?period={w.a.report_period.pk}"),
        (roles.STAKEHOLDER, lambda w: reverse("reports:stakeholder_home")),
        (roles.STAFF, lambda w: reverse("reports:indicator_detail", args=[w.a.report_indicator.pk])),
        (roles.STAFF, lambda w: reverse("reports:indicator_records", args=[w.a.report_indicator.pk])),
        (roles.STAFF, lambda w: reverse("reports:period_detail", args=[w.a.report_period.pk])),
        (roles.STAFF, lambda w: reverse("reports:cockpit_export") + "?table=all"),
        (roles.FIRM, lambda w: reverse("reports:firm_figures")),
    ],
)
def test_reports_pages_take_a_fixed_number_of_queries(client, world, role, url):
    with scopes_disabled():
        services.logframe_install_default(program=world.a.program)
    client.force_login(world.a.users[role])
    count = assert_constant_queries(client, url(world), grow=_grow(world), n=4)
    assert count < 60, count
