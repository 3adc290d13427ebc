"""A firm call with one submitted application and a review assigned to the program's staff member."""

from datetime import timedelta

from django.utils import timezone

from firms.models import FirmApplication
from portal import roles
from portal.models import Application, Call, Province, Review, RubricCriterion, Sector
from portal.models.programs import hash_token
from tests.factories import valid_vkn


def extend(world, tag):
    staff = world.users[roles.STAFF]
    call = Call.objects.create(
        program=world.program,
        group="firm",
        title_tr=f"Çağrı {tag.upper()} firmalar",
        title_en=f"Call {tag.upper()} firms",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=30),
        quota=10,
        rules=["province", "consent"],
        created_by=staff,
    )
    RubricCriterion.objects.create(program=world.program, call=call, name_tr="Kapasite", name_en="Capacity", weight=1)
    world.application_token = f"application-token-{tag}"
    application = Application.objects.create(
        program=world.program,
        call=call,
        group="firm",
        email=f"applicant-{tag}@example.test",
        token_hash=hash_token(world.application_token),
        status=Application.Status.SUBMITTED,
        display_name=f"Başvuran Firma {tag.upper()} Ltd.",
        eligible=True,
        submitted_at=timezone.now(),
    )
    FirmApplication.objects.create(
        program=world.program,
        application=application,
        trade_name=application.display_name,
        tax_number=valid_vkn(5000 + ord(tag)),
        province=Province.objects.get(plate=34),
        sector=Sector.objects.get(division="25"),
        privacy_consent=True,
    )
    world.call, world.application = call, application
    world.review = Review.objects.create(
        program=world.program, application=application, reviewer=staff, assigned_by=staff
    )
    world.extra_secrets |= {call.title_tr, call.title_en, application.display_name, application.email}
    _operator_application(world, tag)


def _operator_application(world, tag):
    """An employed operator's application naming the world's first firm (the firm user must confirm it)."""
    from operators.models import OperatorApplication

    call = Call.objects.create(
        program=world.program,
        group="operator",
        title_tr=f"Çağrı {tag.upper()} operatörler",
        title_en=f"Call {tag.upper()} operators",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=30),
        quota=10,
        created_by=world.users[roles.STAFF],
    )
    application = Application.objects.create(
        program=world.program,
        call=call,
        group="operator",
        email=f"operator-applicant-{tag}@example.test",
        token_hash=hash_token(f"operator-token-{tag}"),
        status=Application.Status.SUBMITTED,
        display_name=f"Operatör Aday {tag.upper()}",
        submitted_at=timezone.now(),
    )
    world.operator_application = OperatorApplication.objects.create(
        program=world.program,
        application=application,
        full_name=application.display_name,
        employment="employed",
        employer=world.firms[0],
        province=Province.objects.get(plate=41),
        privacy_consent=True,
    )
    world.extra_secrets |= {call.title_tr, call.title_en, application.display_name, application.email}
    # her firm sees her name (it confirms she works there); nothing else of the application
    world.visible_to.setdefault(roles.FIRM, set()).add(application.display_name)
