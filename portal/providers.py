import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from portal import roles
from portal.models import Membership
from portal.registry import job_kinds, role_homes, scale_seeders
from portal.services.jobs import JobResult

role_homes.register(roles.STAFF, "staff_home")


def members_export(job, progress) -> JobResult:
    """Excel list of the program's members, for staff."""
    rows = (
        Membership.objects.filter(program_id=job.program_id)
        .select_related("user", "role", "firm")
        .order_by("role__order", "user__email")
    )
    total = rows.count()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Members"))
    sheet.append([_("Name"), _("Email"), _("Role"), _("Firm"), _("Active"), _("Since")])
    for i, m in enumerate(rows.iterator(chunk_size=2000), start=1):
        sheet.append(
            [
                m.user.full_name,
                m.user.email,
                m.role.name,
                m.firm.name if m.firm else "",
                _("yes") if m.is_active else _("no"),
                m.created_at.date().isoformat(),
            ]
        )
        if i % 500 == 0:
            progress(i, total)
    buffer = io.BytesIO()
    book.save(buffer)
    return JobResult(filename=f"members-{job.pk}.xlsx", content=buffer.getvalue())


job_kinds.register("members_export", members_export)


def applications_export(job, progress) -> JobResult:
    """Excel of one call's applications (submitted onwards), with the group's own columns."""
    from portal.models import Application
    from portal.selection.kinds import application_kinds

    filters = job.params.get("filters", {})
    rows = Application.objects.filter(program_id=job.program_id, call_id=job.params["call"]).exclude(
        status=Application.Status.DRAFT
    )
    if filters.get("status") in Application.Status.values:
        rows = rows.filter(status=filters["status"])
    if str(filters.get("province", "")).isdigit():
        rows = rows.filter(province__plate=int(filters["province"]))
    rows = list(rows.select_related("province").order_by("pk"))
    kinds = {}
    details = {}
    for application in rows:
        kind = kinds.setdefault(application.group, application_kinds[application.group])
        details.setdefault(kind, set()).add(application.pk)
    details_by_app = {}
    for kind, ids in details.items():  # one query per group, not per row
        for d in kind.details_model.objects.filter(application_id__in=ids).select_related("province", "sector"):
            details_by_app[d.application_id] = (kind, d)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Applications"))
    header_done = False
    for i, application in enumerate(rows, start=1):
        kind, d = details_by_app.get(application.pk, (None, None))
        extra = kind.export_columns(d) if kind and kind.export_columns and d else []
        if not header_done:
            sheet.append([_("Ref."), _("Status"), _("Email"), _("Score"), _("Eligible")] + [h for h, _v in extra])
            header_done = True
        sheet.append(
            [
                application.reference,
                application.get_status_display(),
                application.email,
                float(application.score) if application.score is not None else None,
                application.eligible,
            ]
            + [v for _h, v in extra]
        )
        if i % 200 == 0:
            progress(i, len(rows))
    buffer = io.BytesIO()
    book.save(buffer)
    return JobResult(filename=f"applications-{job.params['call']}.xlsx", content=buffer.getvalue())


job_kinds.register("applications_export", applications_export)


def _scale_seed(ctx):
    from portal.selection import scale

    scale.seed(ctx)


scale_seeders.register("portal", _scale_seed)
