import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from portal import roles
from portal.models import Membership
from portal.registry import job_kinds, role_homes
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
