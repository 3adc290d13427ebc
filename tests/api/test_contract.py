"""Contract test: schemathesis generates requests from the live schema and calls the API through Django (WSGI)
with an assessor's and a staff member's token: no 5xx, every response matches the schema. A few examples per
operation, so it stays well under a minute on the embedded default (SQLite)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from portal import roles
from tests.api.helpers import make_token

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
EXAMPLES = 8


@pytest.fixture
def keep_test_connection():
    """The WSGI app ends each request by closing old connections, which would close the test's own (PostgreSQL);
    Django's test client disconnects that handler the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize("role", [roles.ASSESSOR, roles.STAFF])
def test_every_operation_answers_by_its_schema(world, role, keep_test_connection):
    app = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app)
    headers = {"Authorization": f"Bearer {make_token(world.a.users[role], world.a.program)}"}
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)

        try:
            check()
        except Exception as error:  # every operation's failure, reported together
            failures.append(f"{operation.label}: {error}")
    assert operations >= 14
    assert not failures, "\n\n".join(failures)
