"""Pages take a fixed number of SQL queries whatever the data size (n rows, then 10×n)."""

import pytest
from django.urls import reverse

from portal import roles
from portal.models import Role
from tests.factories import FirmFactory, MembershipFactory, TraineeFactory, province
from tests.helpers import assert_constant_queries

PILOT_PLATES = [34, 6, 35, 45, 41]


def _more_firms(world):
    def grow(n):
        for i in range(n):
            firm = FirmFactory(program=world.a.program, province=province(PILOT_PLATES[i % 5]))
            MembershipFactory(program=world.a.program, firm=firm, role=Role.objects.get(code=roles.FIRM))

    return grow


def _more_trainees(world):
    def grow(n):
        for _ in range(n):
            TraineeFactory(program=world.a.program)

    return grow


def _more_members(world):
    def grow(n):
        for _ in range(n):
            MembershipFactory(program=world.a.program, role=Role.objects.get(code=roles.TRAINER))

    return grow


@pytest.mark.parametrize(
    ("role", "url_name", "grower"),
    [
        (roles.STAFF, "firms:firm_list", _more_firms),
        (roles.STAFF, "member_list", _more_members),
        (roles.STAFF, "staff_home", _more_members),
        (roles.STAFF, "training:trainee_list", _more_trainees),
        (roles.FIRM, "firms:home", _more_firms),
        (roles.STAKEHOLDER, "reports:stakeholder_home", _more_firms),
        (roles.ME, "reports:me_home", _more_trainees),
    ],
)
def test_page_query_count_does_not_grow_with_data(client, world, role, url_name, grower):
    client.force_login(world.a.users[role])
    count = assert_constant_queries(client, reverse(url_name), grow=grower(world), n=6)
    assert count < 25, f"{url_name} takes {count} queries"
