from django.utils.functional import Promise
from django.utils.translation import gettext as _

from portal import roles
from portal.filters import ascii_int
from portal.models import Membership
from portal.notifications import (
    portal_kinds,  # noqa: F401  (registers the core's notification kinds)
    waiting,
)
from portal.registry import Export, exports, job_kinds, role_homes, scale_seeders, task_providers
from portal.services.jobs import PROBE_JOB, JobResult, probe_job
from portal.xlsx import Column, Workbook, text_columns

role_homes.register(roles.STAFF, "staff_home")
job_kinds.register(PROBE_JOB, probe_job)
task_providers.register("portal", waiting.waiting)


def members_export(job, progress) -> JobResult:
    """Excel list of the program's members, for staff."""
    rows = (
        Membership.objects.filter(program_id=job.program_id)
        .select_related("user", "role", "firm")
        .order_by("role__order", "user__email")
    )
    total = rows.count()
    book = Workbook(write_only=True)
    sheet = book.sheet(
        _("Members"), text_columns([_("Name"), _("Email"), _("Role"), _("Firm"), _("Active"), _("Since")])
    )
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
    return JobResult(filename=f"members-{job.pk}.xlsx", content=book.to_bytes())


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
    if (plate := ascii_int(filters.get("province"), low=1, high=99)) is not None:
        rows = rows.filter(province__plate=plate)
    rows = list(rows.select_related("province").order_by("pk"))
    # grouped by the group's code: an ApplicationKind holds dicts, so it cannot be a dict key itself
    ids_by_group = {}
    for application in rows:
        ids_by_group.setdefault(application.group, set()).add(application.pk)
    details_by_app = {}
    for group, ids in ids_by_group.items():  # one query per group, not per row
        kind = application_kinds[group]
        model = kind.details_model
        related = [f.name for f in model._meta.get_fields() if f.name in {"province", "sector"}]  # not every group's
        for d in model.objects.filter(application_id__in=ids).select_related(*related):
            details_by_app[d.application_id] = (kind, d)
    book = Workbook(write_only=True)
    sheet = book.sheet(_("Applications"))
    header_done = False
    for i, application in enumerate(rows, start=1):
        kind, d = details_by_app.get(application.pk, (None, None))
        extra = kind.export_columns(d) if kind and kind.export_columns and d else []
        if not header_done:
            sheet.heading(
                [
                    *text_columns([_("Ref."), _("Status"), _("Email")]),
                    Column(_("Score"), "decimal"),
                    Column(_("Eligible"), "bool"),
                    *text_columns(h for h, _v in extra),
                ]
            )
            header_done = True
        sheet.append(
            [
                application.reference,
                application.get_status_display(),
                application.email,
                float(application.score) if application.score is not None else None,
                application.eligible,
            ]
            + [str(v) if isinstance(v, Promise) else v for _h, v in extra]  # lazy labels are not cells
        )
        if i % 200 == 0:
            progress(i, len(rows))
    return JobResult(filename=f"applications-{job.params['call']}.xlsx", content=book.to_bytes())


job_kinds.register("applications_export", applications_export)


def _scale_seed(ctx):
    from portal.selection import scale

    scale.seed(ctx)


scale_seeders.register("portal", _scale_seed)

exports.register("members", Export("members_export", method="post"))
exports.register("applications", Export("applications_export", method="post"))
from portal.api import webhooks as _webhooks  # noqa: E402,F401  (registers the core's webhook events)


def _register_api():
    from django.urls import path

    from portal.api import selection_api, webhook_api
    from portal.api.router import Route, register
    from portal.tenancy import public_program_view

    register("portal.webhooks", Route("webhooks", webhook_api.WebhookViewSet, "webhook"))
    register(
        "portal.public_calls",
        path(
            "public/<slug:program_code>/calls/",
            public_program_view(selection_api.PublicCallList.as_view()),
            name="public-call-list",
        ),
    )
    register(
        "portal.application_status",
        path(
            "public/<slug:program_code>/applications/<str:token>/",
            public_program_view(selection_api.ApplicationStatus.as_view()),
            name="application-status",
        ),
    )


_register_api()


def _register_personal_data():
    from portal import personal_data_core
    from portal.registry import personal_data, retention_rules

    personal_data.register("portal", personal_data_core.provider)
    for code, rule in personal_data_core.RULES.items():
        retention_rules.register(code, rule)


_register_personal_data()
