import pytest
from django.apps import apps
from django.core import checks
from django.db import models
from django_scopes import ScopeError

from firms.models import Firm
from portal import roles
from portal.checks import tenant_models_are_scoped
from portal.models import Membership, Role
from portal.tenancy import ANONYMOUS, audience_for, program_scope
from tests.factories import MembershipFactory


def test_tenant_data_cannot_be_read_without_a_scope(world):
    with pytest.raises(ScopeError):
        list(Firm.objects.all())
    with pytest.raises(ScopeError):
        Membership.objects.filter(user=world.a.users[roles.STAFF]).count()


def test_a_scope_shows_one_program_only(world):
    with program_scope(world.a.program.pk):
        names = set(Firm.objects.values_list("name", flat=True))
    assert names == {f.name for f in world.a.firms}


def test_no_program_means_nothing_not_everything(world):
    with program_scope(None):
        assert Firm.objects.count() == 0


def test_every_program_owned_model_is_scoped():
    assert tenant_models_are_scoped() == []
    owned = [m for m in apps.get_models() if any(f.name == "program" and f.many_to_one for f in m._meta.fields)]
    assert {"Firm", "Trainee", "Membership", "Job", "AuditEvent"} <= {m.__name__ for m in owned}


def test_the_check_catches_an_unscoped_model():
    class Leaky(models.Model):
        program = models.ForeignKey("portal.Program", on_delete=models.CASCADE)

        class Meta:
            app_label = "portal"

    try:
        errors = tenant_models_are_scoped()
        assert [e.id for e in errors] == ["portal.E001"]
        assert isinstance(errors[0], checks.Error)
    finally:
        apps.all_models["portal"].pop("leaky")
        apps.clear_cache()


def test_audience_from_memberships(world):
    firm_user = world.a.users[roles.FIRM]
    audience = audience_for(firm_user)
    assert audience.program_id == world.a.program.pk
    assert audience.roles == {roles.FIRM}
    assert audience.firm_ids == {world.a.firms[0].pk}
    assert not audience.is_program_office
    assert not audience.requires_mfa
    assert audience_for(world.a.users[roles.ASSESSOR]).requires_mfa


def test_a_user_in_two_programs_works_in_one_at_a_time(world, client):
    trainer = world.a.users[roles.TRAINER]
    MembershipFactory(program=world.b.program, user=trainer, role=Role.objects.get(code=roles.TRAINER))
    assert audience_for(trainer, program_id=world.b.program.pk).program_id == world.b.program.pk
    # an id she does not belong to falls back to one she does
    assert audience_for(trainer, program_id=999_999).program_id in {world.a.program.pk, world.b.program.pk}

    client.force_login(trainer)
    client.post("/program/switch/", {"program": world.b.program.pk})
    assert client.session["program_id"] == world.b.program.pk
    client.post("/program/switch/", {"program": 999_999})  # not hers: ignored
    assert client.session["program_id"] == world.b.program.pk


def test_anonymous_audience_has_no_program():
    assert ANONYMOUS.program_id is None and not ANONYMOUS.roles
