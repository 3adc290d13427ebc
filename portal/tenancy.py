"""The audience: who the current user is inside one program, computed from her memberships.

Scopes (django-scopes) are opened in exactly three places: TenancyMiddleware, the Celery base task
(portal.jobs.ScopedTask) and management commands (portal.management.base). Everything else runs inside one.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django_scopes import scope

from portal import roles
from portal.models import Membership


@dataclass(frozen=True)
class Audience:
    user_id: int | None
    program_id: int | None
    roles: frozenset = frozenset()
    firm_ids: frozenset = frozenset()
    # every program the user belongs to: (id, code, name) for the switcher
    programs: tuple = ()
    # the roles, across all her programs, whose holders must use a second factor
    requires_mfa: bool = False
    role_names: tuple = field(default=(), compare=False)
    # the role codes in Role.order, first one first: decides the home page
    roles_in_order: tuple = ()
    program: object = field(default=None, compare=False)

    @property
    def is_program_office(self) -> bool:
        return bool(self.roles & roles.PROGRAM_OFFICE)

    def has_role(self, *codes: str) -> bool:
        return any(code in self.roles for code in codes)


ANONYMOUS = Audience(user_id=None, program_id=None)


def audience_for(user, *, program_id: int | None = None) -> Audience:
    """One query: the user's active memberships with role and program."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    memberships = list(
        Membership.objects.with_scopes_disabled()
        .filter(user_id=user.pk, is_active=True)
        .select_related("role", "program")
        .order_by("program__code", "role__order", "pk")
    )
    programs = {}
    for m in memberships:
        programs.setdefault(m.program_id, m.program)
    if program_id not in programs:
        program_id = next(iter(programs), None)
    mine = [m for m in memberships if m.program_id == program_id]
    return Audience(
        user_id=user.pk,
        program_id=program_id,
        roles=frozenset(m.role.code for m in mine),
        firm_ids=frozenset(m.firm_id for m in mine if m.firm_id),
        programs=tuple((p.pk, p.code, p.name) for p in programs.values()),
        requires_mfa=user.is_staff or any(m.role.requires_mfa for m in memberships),
        role_names=tuple(dict.fromkeys(m.role.name for m in mine)),
        roles_in_order=tuple(dict.fromkeys(m.role.code for m in mine)),
        program=programs.get(program_id),
    )


@contextmanager
def program_scope(program_id: int | None):
    """Open the scope of one program; with no program, a scope that matches nothing (fail closed)."""
    with scope(program=[program_id] if program_id else []):
        yield


def public_program_view(view):
    """Marks a view that outsiders may open for one program named in the URL (`program_code`).

    TenancyMiddleware opens that program's scope for it; everything else runs in the audience's scope.
    """
    view.public_program_view = True
    return view
