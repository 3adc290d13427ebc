"""factory_boy factories. Rows are created with scopes disabled: building the test world is not a request."""

import factory
from django_scopes import scopes_disabled
from stdnum.tr import vkn

from firms.models import Firm
from portal.models import Job, Membership, Program, Province, Role, User
from portal.pii import pii_hash
from training.models import Trainee


class ScopeFreeFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


class UserFactory(ScopeFreeFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name", locale="tr_TR")
    password = factory.django.Password("Test-Parola-2026")


class ProgramFactory(ScopeFreeFactory):
    class Meta:
        model = Program
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"program-{n}")
    name_tr = factory.Sequence(lambda n: f"Program {n} TR")
    name_en = factory.Sequence(lambda n: f"Program {n} EN")


def province(plate: int = 34) -> Province:
    return Province.objects.get(plate=plate)


def valid_vkn(n: int) -> str:
    """The n-th valid tax number (VKN) after 1000000000."""
    base = 100_000_000 + n
    return next(f"{base}{d}" for d in "0123456789" if vkn.is_valid(f"{base}{d}"))


class FirmFactory(ScopeFreeFactory):
    class Meta:
        model = Firm

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Firma {n} Sanayi A.Ş.")
    tax_number = factory.Sequence(lambda n: valid_vkn(n))
    tax_number_hash = factory.LazyAttribute(lambda firm: pii_hash("vkn", firm.tax_number))
    province = factory.LazyFunction(lambda: province(41))


class MembershipFactory(ScopeFreeFactory):
    class Meta:
        model = Membership

    program = factory.SubFactory(ProgramFactory)
    user = factory.SubFactory(UserFactory)
    role = factory.LazyFunction(lambda: Role.objects.get(code="staff"))


class TraineeFactory(ScopeFreeFactory):
    class Meta:
        model = Trainee

    program = factory.SubFactory(ProgramFactory)
    user = factory.SubFactory(UserFactory)
    track = Trainee.Track.AMBASSADOR
    province = factory.LazyFunction(lambda: province(34))


class JobFactory(ScopeFreeFactory):
    class Meta:
        model = Job

    program = factory.SubFactory(ProgramFactory)
    requested_by = factory.SubFactory(UserFactory)
    kind = "members_export"
