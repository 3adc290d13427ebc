"""Two staff members selecting at the same moment cannot both take the last place of a quota."""

import threading

import pytest
from django.db import connection, connections
from django_scopes import scopes_disabled

from firms.models import FirmApplication
from portal import roles
from portal.models import Application, Province
from portal.services.selection import application_transition
from portal.tenancy import audience_for, program_scope
from tests.factories import valid_vkn
from tests.selection_helpers import make_call


@pytest.mark.django_db(transaction=True)
def test_concurrent_selections_respect_the_quota(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises every write anyway (CI runs this on PostgreSQL)")
    call = make_call(world, quota=1, rules=())
    with scopes_disabled():
        applications = [
            Application.objects.create(
                program=world.a.program,
                call=call,
                group="firm",
                email=f"c{i}@example.test",
                token_hash=f"concurrent-{i}",
                status=Application.Status.SUBMITTED,
            )
            for i in range(2)
        ]
        for i, application in enumerate(applications):
            FirmApplication.objects.create(
                program=world.a.program,
                application=application,
                trade_name=f"Eşzamanlı {i}",
                tax_number=valid_vkn(8800 + i),
                province=Province.objects.get(plate=34),
                privacy_consent=True,
            )
    staff = world.a.users[roles.STAFF]
    audience = audience_for(staff)
    barrier = threading.Barrier(2)
    outcomes = []

    def select(application):
        try:
            with program_scope(world.a.program.pk):
                barrier.wait()
                application_transition(
                    audience=audience, actor=staff, application=application, to_status="selected", reason="ikisi birden"
                )
            outcomes.append("selected")
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=select, args=(a,)) for a in applications]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ValidationError", "selected"]
    with scopes_disabled():
        assert Application.objects.filter(call=call, status="selected").count() == 1
