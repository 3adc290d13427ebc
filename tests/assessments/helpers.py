"""Builders for assessment tests: everything goes through the services, as a person would."""

import io

from django_scopes import scopes_disabled
from openpyxl import load_workbook

from assessments import services
from assessments.models import Assessment, FrameworkVersion
from assessments.selectors import assessment_list_for_user, version_dimensions
from portal import roles
from portal.models import Role
from portal.tenancy import audience_for, program_scope
from tests.factories import FirmFactory, MembershipFactory, UserFactory


def version(code: str = "SIRI") -> FrameworkVersion:
    return FrameworkVersion.objects.select_related("framework").get(framework__code=code, is_current=True)


def new_assessor(program, name: str = "Yeni Değerlendirici"):
    """An assessor of the program, with the second factor her role requires."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory(full_name=name)
    MembershipFactory(program=program, user=user, role=Role.objects.get(code=roles.ASSESSOR))
    TOTP.activate(user, generate_totp_secret())
    return user


def new_firm_user(program, firm):
    user = UserFactory()
    MembershipFactory(program=program, user=user, role=Role.objects.get(code=roles.FIRM), firm=firm)
    return user


class Flow:
    """One program's actors moving assessments along, through the services."""

    def __init__(self, pw):
        self.pw = pw
        self.program = pw.program
        self.staff = pw.users[roles.STAFF]
        self.assessor = pw.users[roles.ASSESSOR]
        self.firm_user = pw.users[roles.FIRM]

    def audience(self, user):
        return audience_for(user, program_id=self.program.pk)

    def fresh(self, assessment, user=None) -> Assessment:
        """The assessment as `user` (default: the assessor) sees it, with her assignment flags."""
        with program_scope(self.program.pk):
            return assessment_list_for_user(audience=self.audience(user or self.assessor)).get(pk=assessment.pk)

    def schedule(self, firm=None, code="SIRI", *, lead=None, co=(), **extra) -> Assessment:
        with program_scope(self.program.pk):
            a = services.assessment_schedule(
                actor=self.staff,
                program_id=self.program.pk,
                firm=firm or FirmFactory(program=self.program),
                version=version(code),
                lead=lead or self.assessor,
                co_assessors=co,
                **extra,
            )
        return self.fresh(a, lead or self.assessor)

    def move(self, assessment, name, *, by=None, reason=""):
        by = by or self.assessor
        with program_scope(self.program.pk):
            services.MOVE_SERVICES[name](
                audience=self.audience(by), actor=by, assessment=self.fresh(assessment, by), reason=reason
            )
        return self.fresh(assessment, by)

    def to_evaluation(self, assessment):
        self.move(assessment, "open_self_assessment", by=self.staff)
        return self.move(assessment, "start_evaluation", by=self.staff)

    def bands(self, assessment, bands, *, by=None, note=""):
        with program_scope(self.program.pk):
            dims = version_dimensions(assessment.version)
            if isinstance(bands, int):
                bands = [bands] * len(dims)
            services.assessor_bands_save(
                actor=by or self.assessor,
                assessment=assessment,
                entries={d.pk: (b, note) for d, b in zip(dims, bands, strict=False)},
            )

    def publish(self, assessment, bands=2, *, by=None):
        """From scheduled (or evaluation) to published with the given bands."""
        if assessment.status == Assessment.Status.SCHEDULED:
            assessment = self.to_evaluation(assessment)
        self.bands(assessment, bands, by=by)
        self.move(assessment, "submit_for_review", by=by)
        return self.move(assessment, "publish", by=by)

    def published_firms(self, n, bands=2, **firm_fields):
        """n firms of the program, each with a published SIRI assessment (a benchmark pool)."""
        out = []
        for i in range(n):
            firm = FirmFactory(program=self.program, **firm_fields)
            a = self.schedule(firm)
            out.append(self.publish(a, bands if isinstance(bands, int) else bands[i]))
        return out


def workbook_rows(content: bytes, sheet: str | None = None) -> list:
    book = load_workbook(io.BytesIO(content))
    ws = book[sheet] if sheet else book.active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def unscoped(fn):
    with scopes_disabled():
        return fn()
