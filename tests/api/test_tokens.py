"""Personal access tokens: made by a person for herself (shown once, stored hashed), bound to her membership,
refused when revoked, expired or her membership ends; MFA roles need MFA to make one; every use is audited;
staff revoke any token of their program; throttled with a clear 429."""

from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from portal import roles
from portal.api.tokens import token_create
from portal.models import ApiToken, AuditEvent, Membership
from portal.tenancy import audience_for
from tests.api.helpers import make_token, token_client, token_row


def test_the_token_is_shown_once_and_stored_hashed(world):
    client = Client()
    client.force_login(world.a.users[roles.ASSESSOR])
    response = client.post(reverse("api_token_list"), {"name": "SIRI aracı", "scopes": ["read", "write"], "days": 30})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("kip_") and secret in response.content.decode()
    row = token_row(secret)
    assert row.token_hash != secret and secret not in row.token_hash and row.prefix == secret[:12]
    assert secret not in client.get(reverse("api_token_list")).content.decode()
    assert token_client(secret).get("/api/v1/assessments/").status_code == 200


def test_mfa_roles_need_mfa_to_make_a_token(world):
    assessor = world.a.users[roles.ASSESSOR]
    with scopes_disabled():
        Authenticator.objects.filter(user=assessor).delete()
        try:
            token_create(
                actor=assessor,
                audience=audience_for(assessor, program_id=world.a.program.pk),
                name="x",
                scopes=["read"],
                days=5,
            )
        except ValidationError as error:
            assert error.code == "mfa_required"
        else:
            raise AssertionError("a token was made without MFA")
    # a firm user's role does not require it
    assert make_token(world.a.users[roles.FIRM], world.a.program).startswith("kip_")


def test_revoked_expired_and_former_members_tokens_are_refused(world):
    firm_user = world.a.users[roles.FIRM]
    revoked, expired, left = (make_token(firm_user, world.a.program) for _ in range(3))
    with scopes_disabled():
        ApiToken.objects.filter(pk=token_row(revoked).pk).update(revoked_at=timezone.now())
        ApiToken.objects.filter(pk=token_row(expired).pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    for secret in (revoked, expired, "kip_made-up", "not-even-ours"):
        response = token_client(secret).get("/api/v1/assessments/")
        assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert token_client(left).get("/api/v1/assessments/").status_code == 200
    with scopes_disabled():
        Membership.objects.filter(user=firm_user, program=world.a.program).update(is_active=False)
    assert token_client(left).get("/api/v1/assessments/").status_code == 401


def test_every_use_is_in_the_audit_trail(world):
    secret = make_token(world.a.users[roles.STAFF], world.a.program)
    client = token_client(secret)
    client.get("/api/v1/firms/")
    client.get("/api/v1/firms/999999/")
    with scopes_disabled():
        events = list(AuditEvent.objects.filter(action="api.request", target_id=str(token_row(secret).pk)))
        assert token_row(secret).last_used_at is not None
    assert sorted(e.data["status"] for e in events) == [200, 404]
    assert {e.actor_id for e in events} == {world.a.users[roles.STAFF].pk}


def test_the_token_sees_only_its_program(world):
    secret = make_token(world.a.users[roles.STAFF], world.a.program)
    other = world.b.firms[0]
    assert token_client(secret).get(f"/api/v1/firms/{other.pk}/").status_code == 404


def test_staff_revoke_a_token_of_their_program_others_cannot(world):
    secret = make_token(world.a.users[roles.FIRM], world.a.program)
    pk = token_row(secret).pk
    outsider = Client()
    outsider.force_login(world.b.users[roles.STAFF])
    assert outsider.post(reverse("api_token_revoke", args=[pk])).status_code == 404
    colleague = Client()
    colleague.force_login(world.a.users[roles.ASSESSOR])
    assert colleague.post(reverse("api_token_revoke", args=[pk])).status_code == 404
    staff = Client()
    staff.force_login(world.a.users[roles.STAFF])
    assert staff.post(reverse("api_token_revoke", args=[pk])).status_code == 302
    assert token_client(secret).get("/api/v1/assessments/").status_code == 401


def test_throttled_with_retry_after(world):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {"token": "3/min", "anon": "2/min"}
    try:
        client = token_client(make_token(world.a.users[roles.STAFF], world.a.program))
        statuses = [client.get("/api/v1/firms/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = client.get("/api/v1/firms/")
        assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
        public = f"/api/v1/public/{world.a.program.code}/calls/"
        assert [Client().get(public).status_code for _ in range(3)] == [200, 200, 429]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
        api_settings.reload()


def test_unknown_api_paths_answer_json(world):
    response = Client().get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_schema_and_docs_are_served(client, db):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    assert "/api/v1/assessments/{id}/scores/" in schema.json()["paths"]
    assert client.get("/openapi.json").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger-ui-bundle.js" in docs.content and b"<script>" not in docs.content


def test_a_token_stops_when_its_owner_turns_mfa_off(world):
    secret = make_token(world.a.users[roles.ASSESSOR], world.a.program)
    with scopes_disabled():
        Authenticator.objects.filter(user=world.a.users[roles.ASSESSOR]).delete()
    response = token_client(secret).get("/api/v1/assessments/")
    assert response.status_code == 403 and response.json()["code"] == "mfa_required"
