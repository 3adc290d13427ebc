from datetime import date

from django.utils.translation import gettext_lazy as _

from portal import roles
from portal.demo import demo_extensions
from portal.registry import (
    Export,
    employment_ended,
    employment_start_changed,
    exports,
    firm_progress,
    role_homes,
    scale_seeders,
    task_providers,
)
from portal.registry import selectors as registry_selectors
from stipends import notifications  # noqa: F401  (registers money's notification kinds)

role_homes.register(roles.FINANCE, "stipends:finance_home")
role_homes.register(roles.FINANCE_APPROVER, "stipends:finance_home")


def _employment_ended(employment):
    from stipends.claims import employment_ended as hook

    hook(employment)


employment_ended.register("stipends", _employment_ended)


def _employment_start_changed(employment, old_start):
    from stipends.claims import employment_start_changed as hook

    hook(employment, old_start)


employment_start_changed.register("stipends", _employment_start_changed)


def _step_salary_support(firm):
    from stipends.models import SupportClaim

    return (50, _("Salary support claimed"), SupportClaim.objects.filter(firm=firm).exists())


firm_progress.register("salary_support", _step_salary_support)


def _demo(program, users):
    from stipends import demo

    demo.seed(program, users)


demo_extensions.register("stipends", _demo)


def _scale(ctx):
    from stipends import scale

    scale.seed(ctx)


scale_seeders.register("stipends", _scale)


def _bank_file_sample(text: str) -> bytes:
    from stipends import bankfiles
    from stipends.models import BankFileFormat

    fmt = BankFileFormat(
        name=text, file_type="xlsx", columns=list(BankFileFormat.COLUMN_CHOICES), include_header=True, control_row=True
    )
    line = bankfiles.Line(text, text, text, 12_345, text, text)
    return bankfiles.EXPORTERS["xlsx"].render(fmt, [line], date.today())


exports.register("entitlements", Export("stipends:entitlement_list", params={"format": "xlsx"}))
exports.register("budget", Export("stipends:budget", params={"format": "xlsx"}))
exports.register("totals", Export("stipends:totals", params={"format": "xlsx"}))
exports.register("run_lines", Export("stipends:run_lines_xlsx"))
exports.register("bank_file", Export(sample=_bank_file_sample))


def _register_personal_data():
    from portal.registry import personal_data, retention_rules
    from stipends import personal_data as provided

    personal_data.register("stipends", provided.provider)
    retention_rules.register("stipends.bank_files", provided.BANK_FILE_RULE)


_register_personal_data()


def _waiting(audience):
    from stipends.waiting import waiting

    return waiting(audience)


task_providers.register("stipends", _waiting)


def stipend_attendance_threshold(*, program_id: int, track: str, day) -> int | None:
    """The attendance (%) the stipend rule in force on `day` needs for the track, or None without a rule: the row the
    monthly run reads. Training warns a trainee approaching it; it sits below this app, so it reads it by name."""
    from stipends.models import StipendRule

    return (
        StipendRule.objects.filter(program_id=program_id, track=track, effective_from__lte=day)
        .order_by("-effective_from")
        .values_list("attendance_threshold_percent", flat=True)
        .first()
    )


registry_selectors.register("stipend_attendance_threshold", stipend_attendance_threshold)
