"""Reads of monitoring and evaluation, scoped to the audience. Individuals only for the program office."""

from datetime import date, timedelta

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.models import Job
from reports import permissions
from reports.figures import SUPPRESS_BELOW, snapshot_build, snapshot_public  # noqa: F401  (re-exported)
from reports.models import Indicator, ManualValue, MonitoringReport, NarrativeSection, ReportingPeriod
from reports.services import JOB_MONITORING_REPORT, JOB_POLICY_EXPORT, figures_current


def _office_only(audience):
    if not permissions.can_see_records(audience):
        raise Http404


def indicator_get_for_user(*, audience, pk) -> Indicator:
    _office_only(audience)
    indicator = (
        Indicator.objects.filter(program_id=audience.program_id, pk=pk)
        .select_related("result")
        .prefetch_related("targets")
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator


def indicator_ids(*, audience) -> dict:
    return dict(Indicator.objects.filter(program_id=audience.program_id).values_list("code", "pk"))


def manual_values_for_indicator(*, indicator):
    return ManualValue.objects.filter(indicator=indicator).select_related("entered_by")[:50]


def manual_value_get_for_user(*, audience, pk) -> ManualValue:
    _office_only(audience)
    entry = ManualValue.objects.filter(program_id=audience.program_id, pk=pk).first()
    if entry is None or not entry.evidence:
        raise Http404
    return entry


def period_list_for_user(*, audience):
    _office_only(audience)
    return ReportingPeriod.objects.filter(program_id=audience.program_id).order_by("-ends_on", "kind")


def period_get_for_user(*, audience, pk) -> ReportingPeriod:
    _office_only(audience)
    period = ReportingPeriod.objects.filter(program_id=audience.program_id, pk=pk).select_related("closed_by").first()
    if period is None:
        raise Http404
    return period


def closed_periods(*, audience):
    return ReportingPeriod.objects.filter(
        program_id=audience.program_id, status=ReportingPeriod.Status.CLOSED
    ).order_by("-ends_on")


def narratives_for_period(*, period) -> dict:
    return {(n.key, n.language): n for n in NarrativeSection.objects.filter(period=period)}


def reports_for_period(*, period):
    return MonitoringReport.objects.filter(period=period).select_related("job__requested_by")


def report_get_for_user(*, audience, pk) -> MonitoringReport:
    _office_only(audience)
    report = MonitoringReport.objects.filter(program_id=audience.program_id, pk=pk).first()
    if report is None:
        raise Http404
    return report


def report_jobs_recent(*, period):
    """The period's latest report jobs (running ones first): their progress bars are polled with htmx."""
    jobs = Job.objects.filter(program_id=period.program_id, kind=JOB_MONITORING_REPORT, params__period_id=period.pk)
    running = list(jobs.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).order_by("-created_at")[:5])
    return running or list(jobs.order_by("-created_at")[:1])


def policy_export_jobs(*, audience):
    return Job.objects.filter(program_id=audience.program_id, kind=JOB_POLICY_EXPORT).order_by("-created_at")[:5]


def figures_for_user(*, audience, as_of: date | None = None, period: ReportingPeriod | None = None) -> dict:
    """The snapshot a dashboard shows: a closed period's frozen one; for today the stored figures, computed in the
    background and labelled with the time they describe (`snapshot["stored"]`); for a past day the live records."""
    if period is not None:
        snapshot = period.snapshot
    elif as_of is None or as_of >= timezone.localdate():
        stored = figures_current(program_id=audience.program_id, language=(get_language() or "tr")[:2])
        snapshot = {**stored.figures, "stored": _stored_meta(stored)}
    else:
        snapshot = snapshot_build(program_id=audience.program_id, as_of=as_of, with_records=False)
    if not permissions.can_see_records(audience):
        snapshot = snapshot_public(snapshot)
    return snapshot


def figures_public(*, audience) -> dict:
    """Today's stored figures as stakeholders see them (whoever looks): aggregates, small groups suppressed."""
    stored = figures_current(program_id=audience.program_id, language=(get_language() or "tr")[:2])
    return snapshot_public({**stored.figures, "stored": _stored_meta(stored)})


def _stored_meta(stored) -> dict:
    return {
        "computed_at": stored.computed_at,
        "duration_s": round(stored.duration_ms / 1000, 1),
        "pending": stored.refresh_pending,
    }


# --- drill-down -----------------------------------------------------------------------------------


def records_for_refs(*, audience, refs: list[str]) -> list[dict]:
    """The records behind a figure ("kind:id" references), as rows to list: one query per kind of record."""
    _office_only(audience)
    from assessments.models import Assessment, Roadmap
    from firms.models import Firm, WorkforceSnapshot
    from portal.models import Application
    from training.models import Trainee

    by_kind: dict[str, list[int]] = {}
    for ref in refs:
        kind, _sep, pk = ref.partition(":")
        if pk.isdigit():
            by_kind.setdefault(kind, []).append(int(pk))
    program_id = audience.program_id
    rows = []

    def add(kind_label, items, name, url_name=None, url_pk=None, extra=None):
        for item in items:
            url = reverse(url_name, args=[url_pk(item) if url_pk else item.pk]) if url_name else ""
            rows.append({"kind": kind_label, "name": name(item), "url": url, "extra": extra(item) if extra else ""})

    if "firm" in by_kind:
        add(
            _("Firm"),
            Firm.objects.filter(program_id=program_id, pk__in=by_kind["firm"]).select_related("province"),
            lambda f: f.name,
            "firms:firm_detail",
            extra=lambda f: f.province.name,
        )
    if "trainee" in by_kind:
        add(
            _("Trainee"),
            Trainee.objects.filter(program_id=program_id, pk__in=by_kind["trainee"]).select_related("user", "province"),
            lambda t: t.user.full_name or t.user.email,
            "training:trainee_detail",
            extra=lambda t: f"{t.get_track_display()} · {t.province.name}",
        )
    if "application" in by_kind:
        add(
            _("Application"),
            Application.objects.filter(program_id=program_id, pk__in=by_kind["application"]),
            lambda a: f"{a.reference} {a.display_name or a.email}",
            "application_detail",
            extra=lambda a: a.get_status_display(),
        )
    if "assessment" in by_kind:
        add(
            _("Assessment"),
            Assessment.objects.filter(program_id=program_id, pk__in=by_kind["assessment"]).select_related(
                "firm", "framework"
            ),
            lambda a: f"{a.framework.code} · {a.firm.name}",
            "assessments:assessment_detail",
            extra=lambda a: a.get_status_display(),
        )
    if "roadmap" in by_kind:
        add(
            _("Roadmap"),
            Roadmap.objects.filter(program_id=program_id, pk__in=by_kind["roadmap"]).select_related("firm"),
            lambda r: r.firm.name,
            "assessments:roadmap",
            url_pk=lambda r: r.assessment_id,
            extra=lambda r: _("revision %(n)s") % {"n": r.revision},
        )
    if "workforce" in by_kind:
        add(
            _("Workforce figures"),
            WorkforceSnapshot.objects.filter(program_id=program_id, pk__in=by_kind["workforce"]).select_related("firm"),
            lambda w: w.firm.name,
            "firms:firm_detail",
            url_pk=lambda w: w.firm_id,
            extra=lambda w: f"{w.as_of:%d.%m.%Y}",
        )
    if "manualvalue" in by_kind:
        add(
            _("Manual value"),
            ManualValue.objects.filter(program_id=program_id, pk__in=by_kind["manualvalue"]),
            lambda m: f"{m.value} ({m.as_of:%d.%m.%Y})",
            "reports:manual_value_evidence",
            extra=lambda m: m.note,
        )
    if "employment" in by_kind:
        from matching.models import Employment

        add(
            _("Employment"),
            Employment.objects.filter(program_id=program_id, pk__in=by_kind["employment"]).select_related(
                "trainee__user", "firm"
            ),
            lambda e: f"{e.trainee.user.full_name or e.trainee.user.email} · {e.firm.name}",
            "matching:employment_detail",
            extra=lambda e: f"{e.start_date:%d.%m.%Y} · {e.get_status_display()}",
        )
    if "payment" in by_kind:
        from stipends.models import Payment

        add(
            _("Payment"),
            Payment.objects.filter(program_id=program_id, pk__in=by_kind["payment"]).select_related("entitlement"),
            lambda p: f"{p.reference} · {p.payee_name}",
            extra=lambda p: f"{p.amount_kurus / 100:.2f} ₺ · {p.entitlement.get_kind_display()}",
        )
    return rows


# --- what is overdue ------------------------------------------------------------------------------


def overdue_for_user(*, audience, today: date | None = None) -> list[dict]:
    """Open items past their date: assessments not published after their planned end (plus claims and retention
    checkpoints where those apps provide them, reports.calculators_ext)."""
    _office_only(audience)
    from assessments.models import Assessment

    today = today or timezone.localdate()
    items = []
    assessments = (
        Assessment.objects.filter(program_id=audience.program_id, ends_on__lt=today)
        .exclude(status=Assessment.Status.PUBLISHED)
        .select_related("firm", "framework")
        .order_by("ends_on")[:20]
    )
    for a in assessments:
        items.append(
            {
                "kind": _("Assessment"),
                "name": f"{a.framework.code} · {a.firm.name}",
                "due": a.ends_on,
                "url": reverse("assessments:assessment_detail", args=[a.pk]),
            }
        )
    from matching.models import RetentionCheckpoint
    from stipends.models import SupportClaim

    checkpoints = (
        RetentionCheckpoint.objects.filter(
            program_id=audience.program_id, due_on__lt=today, firm_confirmed_at__isnull=True
        )
        .select_related("firm", "trainee__user")
        .order_by("due_on")[:20]
    )
    for c in checkpoints:
        items.append(
            {
                "kind": _("Retention checkpoint"),
                "name": f"{c.trainee.user.full_name or c.trainee.user.email} · {c.firm.name} · {c.month}",
                "due": c.due_on,
                "url": reverse("matching:employment_detail", args=[c.employment_id]),
            }
        )
    # a claim is overdue once the month after its month has passed without a decision
    month_start = today.replace(day=1)
    last_month = (month_start - timedelta(days=1)).replace(day=1)
    claims = (
        SupportClaim.objects.filter(program_id=audience.program_id, status="submitted", period__lt=last_month)
        .select_related("firm")
        .order_by("period")[:20]
    )
    for c in claims:
        items.append(
            {
                "kind": _("Salary-support claim"),
                "name": f"{c.firm.name} · {c.period:%m.%Y}",
                "due": month_start,
                "url": reverse("stipends:claim_detail", args=[c.pk]),
            }
        )
    return items


# --- a firm's own figures -------------------------------------------------------------------------


def firm_figures_for_user(*, audience) -> list[dict]:
    """A firm user's own firm only: its women's share over time, its assessments and roadmap."""
    from assessments.models import Assessment, Roadmap
    from firms.models import Firm, WorkforceSnapshot

    firm_ids = sorted(audience.firm_ids)
    firms = Firm.objects.filter(program_id=audience.program_id, pk__in=firm_ids).order_by("name")
    snaps = {}
    for s in WorkforceSnapshot.objects.filter(program_id=audience.program_id, firm_id__in=firm_ids).order_by("as_of"):
        snaps.setdefault(s.firm_id, []).append(s)
    published = {}
    for firm_id, code in Assessment.objects.filter(
        program_id=audience.program_id, firm_id__in=firm_ids, status=Assessment.Status.PUBLISHED
    ).values_list("firm_id", "framework__code"):
        published.setdefault(firm_id, set()).add(code)
    roadmaps = set(
        Roadmap.objects.filter(program_id=audience.program_id, firm_id__in=firm_ids).values_list("firm_id", flat=True)
    )
    result = []
    for firm in firms:
        history = []
        for s in snaps.get(firm.pk, []):
            total = s.white_collar_women + s.white_collar_men + s.blue_collar_women + s.blue_collar_men
            women = s.white_collar_women + s.blue_collar_women
            history.append({"as_of": s.as_of, "women": women, "total": total, "share": _share(women, total)})
        result.append(
            {
                "firm": firm,
                "history": history,
                "published": sorted(published.get(firm.pk, set())),
                "roadmap": firm.pk in roadmaps,
            }
        )
    return result


def _share(women, total):
    if not total:
        return None
    from decimal import ROUND_HALF_UP, Decimal

    return (Decimal(100 * women) / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
