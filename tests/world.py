"""The test world: two programs, two firms and two trainees of each track per program, one user per role.

Every tenancy test runs against it, so "not yours" always has something to leak.
"""

import importlib
import pkgutil
from dataclasses import dataclass, field

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django_scopes import scopes_disabled

from portal import roles
from portal.models import Role
from tests.factories import FirmFactory, JobFactory, MembershipFactory, ProgramFactory, TraineeFactory, UserFactory
from training.models import Trainee


@dataclass
class ProgramWorld:
    program: object
    firms: list
    users: dict  # role code -> User (firm user of firms[0])
    other_firm_user: object  # firm user of firms[1]
    trainees: dict  # role code -> Trainee of that user
    other_trainees: list  # trainees of people who are not our demo users
    job: object
    totp: dict = field(default_factory=dict)  # email -> secret
    # strings of this program (added by tests/world_ext modules) that no outsider may ever see
    extra_secrets: set = field(default_factory=set)
    # role -> strings of extra_secrets that role may legitimately see (e.g. a firm: her firm's applicants)
    visible_to: dict = field(default_factory=dict)

    def secrets(self):
        """Strings that belong to this program and must never reach an outsider's page."""
        values = {self.program.name_tr, self.program.name_en, self.program.code}
        for firm in self.firms:
            values |= {firm.name, firm.tax_number}
        for user in [*self.users.values(), self.other_firm_user, *(t.user for t in self.other_trainees)]:
            values |= {user.email, user.full_name}
        return values | self.extra_secrets


def build_program(tag: str) -> ProgramWorld:
    with scopes_disabled():
        program = ProgramFactory(code=f"prog-{tag}", name_tr=f"Program {tag.upper()} Türkçe", name_en=f"Program {tag}")
        firms = [FirmFactory(program=program, name=f"Firma {tag.upper()}{i} Metal A.Ş.") for i in (1, 2)]
        role_by_code = {r.code: r for r in Role.objects.all()}
        users, totp = {}, {}
        for code in roles.ALL:
            user = UserFactory(email=f"{code}-{tag}@example.test", full_name=f"Kişi {code.title()} {tag.upper()}")
            MembershipFactory(
                program=program, user=user, role=role_by_code[code], firm=firms[0] if code == roles.FIRM else None
            )
            if role_by_code[code].requires_mfa:
                totp[user.email] = secret = generate_totp_secret()
                TOTP.activate(user, secret)
            users[code] = user
        other_firm_user = UserFactory(email=f"firm2-{tag}@example.test", full_name=f"Kişi Firma İki {tag.upper()}")
        MembershipFactory(program=program, user=other_firm_user, role=role_by_code[roles.FIRM], firm=firms[1])
        trainees = {
            roles.AMBASSADOR: TraineeFactory(program=program, user=users[roles.AMBASSADOR]),
            roles.OPERATOR: TraineeFactory(program=program, user=users[roles.OPERATOR], track=Trainee.Track.OPERATOR),
        }
        other_trainees = [
            TraineeFactory(
                program=program,
                user=UserFactory(email=f"trainee{i}-{tag}@example.test", full_name=f"Kursiyer {i} {tag.upper()}"),
                track=track,
            )
            for i, track in enumerate(Trainee.Track.values)
        ]
        job = JobFactory(program=program, requested_by=users[roles.STAFF])
        world = ProgramWorld(program, firms, users, other_firm_user, trainees, other_trainees, job, totp)
        for extension in world_extensions():
            extension.extend(world, tag)
    return world


def world_extensions():
    """Each app adds its objects to the test world in tests/world_ext/<app>.py: `extend(world, tag)`."""
    import tests.world_ext as package

    return [importlib.import_module(f"tests.world_ext.{m.name}") for m in pkgutil.iter_modules(package.__path__)]


@dataclass
class World:
    a: ProgramWorld
    b: ProgramWorld
