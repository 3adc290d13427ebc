"""Writes of monitoring and evaluation: logframe and targets, manual values, period close, narratives, and the
background jobs that build monitoring reports and the anonymised policy-report data."""

import calendar
import logging
import time
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.api import webhooks
from portal.api.webhooks import webhook_emit
from portal.models import Job
from portal.services.audit import audit_record
from portal.services.jobs import JobResult, job_enqueue
from portal.uploads import validate_upload
from reports import permissions
from reports.figures import snapshot_build
from reports.models import (
    FiguresSnapshot,
    Indicator,
    IndicatorTarget,
    ManualValue,
    MonitoringReport,
    NarrativeSection,
    ReportingPeriod,
    Result,
)

logger = logging.getLogger(__name__)

JOB_MONITORING_REPORT = "reports.monitoring_report"
JOB_POLICY_EXPORT = "reports.policy_export"


def _require_manager(audience):
    if not permissions.can_manage(audience):
        raise PermissionDenied


def _decimal(value, field: str) -> Decimal:
    try:
        result = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, AttributeError):
        raise ValidationError({field: _("Enter a number.")}) from None
    if not result.is_finite() or abs(result) >= Decimal("1e14"):
        raise ValidationError({field: _("Enter a number.")})
    return result.quantize(Decimal("0.01"))


# --- logframe -------------------------------------------------------------------------------------


def _period_end(kind: str, starts_on: date) -> date:
    months = 1 if kind == ReportingPeriod.Kind.MONTHLY else 3
    last_month = starts_on.month + months - 1
    year, month = starts_on.year + (last_month - 1) // 12, (last_month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


@transaction.atomic
def indicator_target_set(*, audience, actor, indicator: Indicator, due_on: date, value) -> IndicatorTarget:
    _require_manager(audience)
    amount = _decimal(value, "value")
    target, _created = IndicatorTarget.objects.update_or_create(
        program_id=indicator.program_id, indicator=indicator, due_on=due_on, defaults={"value": amount}
    )
    audit_record(
        program_id=indicator.program_id,
        actor=actor,
        action="reports.target_set",
        target=indicator,
        data={"due_on": due_on.isoformat(), "value": str(amount)},
    )
    return target


@transaction.atomic
def indicator_update(*, audience, actor, indicator: Indicator, form) -> Indicator:
    """Save a validated IndicatorForm; the audit names the fields changed."""
    _require_manager(audience)
    if not form.is_valid():
        raise ValidationError(_("Check the indicator's fields."))
    indicator = form.save()
    audit_record(
        program_id=indicator.program_id,
        actor=actor,
        action="reports.indicator_update",
        target=indicator,
        data={"fields": sorted(form.changed_data)},
    )
    return indicator


@transaction.atomic
def manual_value_add(
    *, audience, actor, indicator: Indicator, as_of: date, value, evidence, note: str = ""
) -> ManualValue:
    """A hand-entered figure needs the document that proves it; the file is checked for what it really is."""
    _require_manager(audience)
    if indicator.method != Indicator.Method.MANUAL:
        raise ValidationError(_("This indicator is calculated from the records; it cannot be entered by hand."))
    if evidence is None:
        raise ValidationError({"evidence": _("Attach the evidence for this figure.")})
    validate_upload(evidence)
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": _("A figure cannot be dated in the future.")})
    entry = ManualValue(
        program_id=indicator.program_id,
        indicator=indicator,
        as_of=as_of,
        value=_decimal(value, "value"),
        evidence=evidence,
        note=note[:300],
        entered_by=actor,
    )
    entry.save()
    audit_record(
        program_id=indicator.program_id,
        actor=actor,
        action="reports.manual_value_add",
        target=indicator,
        data={"as_of": as_of.isoformat(), "value": str(entry.value)},
    )
    return entry


# --- reporting periods ----------------------------------------------------------------------------


@transaction.atomic
def period_create(*, audience, actor, kind: str, starts_on: date) -> ReportingPeriod:
    _require_manager(audience)
    if kind not in ReportingPeriod.Kind.values:
        raise ValidationError({"kind": _("Choose monthly or quarterly.")})
    if starts_on.day != 1 or (kind == ReportingPeriod.Kind.QUARTERLY and starts_on.month % 3 != 1):
        raise ValidationError(
            {"starts_on": _("A month starts on its first day; a quarter in January, April, July or October.")}
        )
    if ReportingPeriod.objects.filter(program_id=audience.program_id, kind=kind, starts_on=starts_on).exists():
        raise ValidationError({"starts_on": _("This period exists already.")})
    period = ReportingPeriod.objects.create(
        program_id=audience.program_id,
        kind=kind,
        starts_on=starts_on,
        ends_on=_period_end(kind, starts_on),
        created_by=actor,
    )
    audit_record(program_id=period.program_id, actor=actor, action="reports.period_create", target=period)
    return period


@transaction.atomic
def period_close(*, audience, actor, period: ReportingPeriod) -> ReportingPeriod:
    """Freeze the period's figures: every indicator as of its last day, with disaggregations and record ids."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not permissions.can_manage(audience):
        raise PermissionDenied
    if period.is_closed:
        raise ValidationError(_("This period is closed already."))
    if period.ends_on >= timezone.localdate():
        raise ValidationError(_("A period can be closed once it has ended."))
    # figures dated inside the period, including those entered after its end but before the close
    period.snapshot = snapshot_build(program_id=period.program_id, as_of=period.ends_on, known_at=timezone.now())
    period.status = ReportingPeriod.Status.CLOSED
    period.closed_by = actor
    period.closed_at = timezone.now()
    period.save(update_fields=["snapshot", "status", "closed_by", "closed_at"])
    audit_record(
        program_id=period.program_id,
        actor=actor,
        action="reports.period_close",
        target=period,
        data={"indicators": len(period.snapshot["indicators"])},
    )
    webhook_emit(
        program_id=period.program_id,
        event=webhooks.PERIOD_CLOSED,
        data={"period": period.pk, "starts_on": period.starts_on, "ends_on": period.ends_on},
    )
    return period


@transaction.atomic
def narrative_save(*, audience, actor, period: ReportingPeriod, key: str, language: str, text: str) -> NarrativeSection:
    if not permissions.narrative_can_edit(audience, period):
        raise PermissionDenied
    if key not in NarrativeSection.Key.values:
        raise ValidationError({"key": _("Choose a section.")})
    if language not in ("tr", "en"):
        raise ValidationError({"language": _("Choose a language.")})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the section's text.")})
    if len(text) > 20000:
        raise ValidationError({"text": _("Keep a section under 20,000 characters.")})
    section, _created = NarrativeSection.objects.update_or_create(
        program_id=period.program_id,
        period=period,
        key=key,
        language=language,
        defaults={"text": text, "updated_by": actor},
    )
    audit_record(
        program_id=period.program_id,
        actor=actor,
        action="reports.narrative_save",
        target=period,
        data={"key": key, "language": language},
    )
    return section


# --- the stored figures the dashboards read -------------------------------------------------------


def figures_compute(*, program_id: int, language: str) -> FiguresSnapshot:
    """Compute the program's current figures (set-based: reports.calculators, a fixed number of queries) in one
    language and store them. The figures describe the records as they stood when the computation began; a slower
    computation that began earlier never overwrites a newer one."""
    started = timezone.now()
    clock = time.perf_counter()
    with translation.override(language):
        figures = snapshot_build(
            program_id=program_id, as_of=timezone.localdate(started), with_records=False, known_at=started
        )
    duration_ms = int((time.perf_counter() - clock) * 1000)
    values = {"computed_at": started, "duration_ms": duration_ms, "figures": figures}
    rows = FiguresSnapshot.objects.filter(program_id=program_id, language=language)
    with transaction.atomic():
        if not rows.filter(computed_at__lt=started).update(**values) and not rows.exists():
            try:
                with transaction.atomic():
                    FiguresSnapshot.objects.create(program_id=program_id, language=language, **values)
            except IntegrityError:
                pass  # a computation running at the same time stored its figures first
    return rows.get()


def figures_languages(*, program_id: int) -> list[str]:
    """The languages whose figures are kept: those somebody has viewed, and Turkish."""
    stored = set(FiguresSnapshot.objects.filter(program_id=program_id).values_list("language", flat=True))
    return sorted(stored | {settings.LANGUAGE_CODE[:2]})


def figures_refresh(*, program_id: int) -> int:
    """Recompute every kept language's figures (Celery: reports.tasks.figures_refresh). Returns how many."""
    languages = figures_languages(program_id=program_id)
    for language in languages:
        figures_compute(program_id=program_id, language=language)
    return len(languages)


def figures_current(*, program_id: int, language: str) -> FiguresSnapshot:
    """The stored figures in a language; when there are none yet (a new program, a first visit in English) they
    are computed now, once, and stored, so the page always shows figures and says how old they are."""
    snapshot = FiguresSnapshot.objects.filter(program_id=program_id, language=language).first()
    return snapshot or figures_compute(program_id=program_id, language=language)


def _refresh_send(program_id: int) -> None:
    from reports.tasks import figures_refresh as task

    try:
        task.apply_async(kwargs={"program_id": program_id}, retry=False)
    except Exception:  # kombu raises several types for an unreachable broker
        logger.warning("broker unavailable; figures of program %s refresh on the next beat", program_id, exc_info=True)


@transaction.atomic
def figures_refresh_request(*, audience, actor) -> bool:
    """ "Refresh now": queue one recomputation of the program's figures. A refresh already asked for and not done
    (a double click, a colleague) is not queued again, unless it has waited longer than the refresh interval (a
    lost worker). Returns whether a refresh was queued."""
    if not permissions.can_see_records(audience):
        raise PermissionDenied
    now = timezone.now()
    stale = now - timedelta(minutes=settings.REPORTS_FIGURES_REFRESH_MINUTES)
    rows = FiguresSnapshot.objects.filter(program_id=audience.program_id)
    claimed = rows.filter(
        Q(refresh_requested_at__isnull=True)
        | Q(refresh_requested_at__lte=F("computed_at"))
        | Q(refresh_requested_at__lt=stale)
    ).update(refresh_requested_at=now)
    if not claimed and rows.exists():
        return False
    target = rows.first()
    if target is not None:
        audit_record(program_id=audience.program_id, actor=actor, action="reports.figures_refresh", target=target)
    program_id = audience.program_id
    transaction.on_commit(lambda: _refresh_send(program_id))
    return True


# --- monitoring reports ---------------------------------------------------------------------------


@transaction.atomic
def monitoring_report_request(*, audience, actor, period: ReportingPeriod, language: str) -> Job:
    _require_manager(audience)
    if language not in ("tr", "en"):
        raise ValidationError({"language": _("Choose a language.")})
    return job_enqueue(
        program_id=period.program_id,
        actor=actor,
        kind=JOB_MONITORING_REPORT,
        params={"period_id": period.pk, "language": language},
    )


def monitoring_report_job(job, progress) -> JobResult:
    """Cover, summary, indicators against targets, charts, disaggregations, narratives, annexes; EU block on every
    page (templates/pdf/base.html). A closed period uses its frozen snapshot; an open one the records as of its
    last day (or today, if it has not ended). The report is kept with the snapshot it was built from."""
    from reports import documents

    language = job.params.get("language", "tr")
    period = ReportingPeriod.objects.select_related("program").get(pk=job.params["period_id"])
    with translation.override(language):
        progress(1, 5)
        if period.is_closed:
            snapshot = period.snapshot
        else:
            as_of = min(period.ends_on, timezone.localdate())
            snapshot = snapshot_build(program_id=period.program_id, as_of=as_of, known_at=timezone.now())
        progress(2, 5)
        narratives = {
            n.key: n.text for n in NarrativeSection.objects.filter(period=period, language=language).order_by("key")
        }
        context = documents.report_context(period=period, snapshot=snapshot, narratives=narratives)
        progress(3, 5)
        pdf = documents.render_report(context, language=language)
        progress(4, 5)
    filename = f"monitoring-{period.kind}-{period.starts_on:%Y-%m}-{language}.pdf"
    with transaction.atomic():
        report = MonitoringReport(
            program_id=period.program_id, period=period, language=language, job=job, snapshot=snapshot
        )
        report.file.save(filename, ContentFile(pdf), save=False)
        report.save()
        audit_record(
            program_id=period.program_id,
            actor=job.requested_by,
            action="reports.monitoring_report",
            target=report,
            data={"period": period.pk, "language": language},
        )
    progress(5, 5)
    return JobResult(filename=filename, content=pdf)


def periods_due_for_report(*, program_id: int, today: date):
    """Periods that have ended with no report yet: Celery beat builds one for each (reports.tasks)."""
    waiting = {
        int(pk)
        for pk in Job.objects.filter(
            program_id=program_id, kind=JOB_MONITORING_REPORT, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
        ).values_list("params__period_id", flat=True)
        if pk is not None
    }
    return ReportingPeriod.objects.filter(program_id=program_id, ends_on__lt=today, reports__isnull=True).exclude(
        pk__in=waiting
    )


@transaction.atomic
def monitoring_reports_schedule(*, program_id: int, today: date) -> int:
    """At period end: enqueue the report of every period that ended without one (in Turkish, by its creator)."""
    count = 0
    for period in periods_due_for_report(program_id=program_id, today=today).select_related("created_by"):
        job_enqueue(
            program_id=program_id,
            actor=period.created_by,
            kind=JOB_MONITORING_REPORT,
            params={"period_id": period.pk, "language": "tr", "scheduled": True},
        )
        count += 1
    return count


# --- policy-report data ---------------------------------------------------------------------------


@transaction.atomic
def policy_export_request(*, audience, actor) -> Job:
    _require_manager(audience)
    return job_enqueue(program_id=audience.program_id, actor=actor, kind=JOB_POLICY_EXPORT, params={})


def policy_export_job(job, progress) -> JobResult:
    from reports import policy_export

    content = policy_export.build(program_id=job.program_id, progress=progress)
    return JobResult(filename=f"policy-data-{timezone.localdate():%Y%m%d}.zip", content=content)


# --- the program's logframe -----------------------------------------------------------------------

# code, level, parent, statement tr, statement en
DEFAULT_RESULTS = [
    (
        "I",
        "impact",
        None,
        "İmalat sanayinde kadınların nitelikli işlerdeki payı ve konumu güçlenir; "
        "imalatçılar ikiz dönüşüme uyum sağlar.",
        "Women's share and position in skilled manufacturing jobs grow; manufacturers adapt to the twin transition.",
    ),
    (
        "OC1",
        "outcome",
        "I",
        "Seçilen imalatçılar dijital ve yeşil dönüşümde ilerler.",
        "The selected manufacturers advance in their digital and green transformation.",
    ),
    (
        "OC2",
        "outcome",
        "I",
        "Eğitilen kadınlar seçilen firmalarda istihdam edilir ve işlerini sürdürür.",
        "The women trained are employed in the selected firms and stay in their jobs.",
    ),
    (
        "OP1",
        "output",
        "OC1",
        "Pilot illerden imalatçı firmalar seçilir, SIRI/COSIRI ile değerlendirilir ve yol haritası hazırlanır.",
        "Manufacturers from the pilot provinces are selected, assessed with SIRI/COSIRI and given a roadmap.",
    ),
    (
        "OP2",
        "output",
        "OC2",
        "Değişim elçileri ve operatörler seçilir ve dijital ile sürdürülebilirlik eğitimini tamamlar.",
        "Change ambassadors and operators are selected and complete the digital and sustainability training.",
    ),
    (
        "OP3",
        "output",
        "OC1",
        "Yerel paydaşlar ve arayüz kuruluşları ikiz dönüşüm konusunda kapasite geliştirir.",
        "Local stakeholders and interface organisations build capacity on the twin transition.",
    ),
]

# code, result, unit, calculator (blank: manual), final target (None: none set), name tr, name en, definition tr, en
DEFAULT_INDICATORS = [
    (
        "I.1", "I", "percent", "women_share_workforce", None,
        "Seçilen firmaların çalışanları içinde kadınların payı",
        "Women's share in the selected firms' workforce",
        "Her firmanın tarihe kadar bildirdiği son işgücü rakamlarında kadın çalışanların tüm çalışanlara oranı.",
        "Women employees over all employees in each firm's latest workforce figures reported by the date.",
    ),
    (
        "OC1.1", "OC1", "firms", "firms_assessed_siri", 100,
        "SIRI değerlendirmesi yayımlanan firma sayısı",
        "Firms with a published SIRI assessment",
        "Tarihe kadar SIRI değerlendirmesi yayımlanan tekil firma sayısı.",
        "Distinct firms whose SIRI assessment was published by the date.",
    ),
    (
        "OC1.2", "OC1", "firms", "firms_assessed_cosiri", 100,
        "COSIRI değerlendirmesi yayımlanan firma sayısı",
        "Firms with a published COSIRI assessment",
        "Tarihe kadar COSIRI değerlendirmesi yayımlanan tekil firma sayısı.",
        "Distinct firms whose COSIRI assessment was published by the date.",
    ),
    (
        "OC1.3", "OC1", "firms", "firms_with_roadmap", 100,
        "Yol haritası hazırlanan firma sayısı",
        "Firms with a roadmap",
        "Tarihe kadar firmaya özel yol haritası hazırlanan tekil firma sayısı.",
        "Distinct firms with a firm-specific roadmap by the date.",
    ),
    (
        "OC2.1", "OC2", "people", "employed_ambassador", 200,
        "Seçilen firmalarda istihdam edilen değişim elçisi sayısı",
        "Change ambassadors employed in the selected firms",
        "Tarihe kadar işe başlayan tekil değişim elçisi sayısı.",
        "Distinct change ambassadors who started work by the date.",
    ),
    (
        "OC2.2", "OC2", "people", "employed_operator", 100,
        "İşe yerleştirilen operatör sayısı",
        "Operators placed in a job",
        "Tarihe kadar programın firmalarında işe başlayan tekil operatör sayısı.",
        "Distinct operators who started work in a programme firm by the date.",
    ),
    (
        "OC2.3", "OC2", "people", "retained_12_ambassador", 200,
        "12 ay istihdamda kalan değişim elçisi sayısı",
        "Change ambassadors retained for 12 months",
        "İşe başlangıcından 12 ay sonra işten ayrılmamış tekil değişim elçisi sayısı.",
        "Distinct change ambassadors still employed 12 months after starting.",
    ),
    (
        "OC2.4", "OC2", "kurus", "money_paid", None,
        "Ödenen nakit destek (burs ve maaş desteği)",
        "Cash support paid (stipends and salary support)",
        "Tarihe kadar yararlanıcılara ödenen tutar; ters kayıtlar düşülür. Hedef: bütçe.",
        "Amount paid to beneficiaries by the date, reversals deducted. Target: the budget.",
    ),
    (
        "OP1.1", "OP1", "firms", "firms_selected", 100,
        "Seçilen firma sayısı",
        "Firms selected",
        "Tarihe kadar seçilen tekil firma sayısı.",
        "Distinct firms selected by the date.",
    ),
    (
        "OP2.1", "OP2", "people", "selected_ambassador", 200,
        "Seçilen değişim elçisi sayısı",
        "Change ambassadors selected",
        "Tarihe kadar seçilen tekil değişim elçisi adayı sayısı.",
        "Distinct change-ambassador applicants selected by the date.",
    ),
    (
        "OP2.2", "OP2", "people", "selected_operator", 200,
        "Seçilen operatör sayısı (yarısı çalışan, yarısı iş arayan)",
        "Operators selected (half employed, half job-seeking)",
        "Tarihe kadar seçilen tekil operatör adayı sayısı.",
        "Distinct operator applicants selected by the date.",
    ),
    (
        "OP2.3", "OP2", "people", "trainees_completed_ambassador", 200,
        "Eğitimi tamamlayan değişim elçisi sayısı",
        "Change ambassadors who completed training",
        "Tarihe kadar bir sınıfı tamamlayan tekil değişim elçisi sayısı; ayrılanlar sayılmaz.",
        "Distinct change ambassadors who completed a cohort by the date; withdrawals do not count.",
    ),
    (
        "OP2.4", "OP2", "people", "trainees_completed_operator", 200,
        "Eğitimi tamamlayan operatör sayısı",
        "Operators who completed training",
        "Tarihe kadar bir sınıfı tamamlayan tekil operatör sayısı; ayrılanlar sayılmaz.",
        "Distinct operators who completed a cohort by the date; withdrawals do not count.",
    ),
    (
        "OP2.5", "OP2", "people", "trainees_certified", 400,
        "Sertifika alan kadın sayısı",
        "Women certified",
        "Tarihe kadar sertifika verilen tekil kursiyer sayısı.",
        "Distinct trainees issued a certificate by the date.",
    ),
    (
        "OP3.1", "OP3", "items", "", None,
        "Kapasite geliştirme faaliyetlerine katılan paydaş kuruluş sayısı",
        "Stakeholder organisations taking part in capacity building",
        "Katılım listeleriyle belgelenen tekil kuruluş sayısı (elle girilir).",
        "Distinct organisations documented by attendance lists (entered by hand).",
    ),
]  # fmt: skip

MEANS = {
    "firms": "Portal kayıtları (firma, değerlendirme, yol haritası)",
    "people": "Portal kayıtları (başvuru, sınıf, sertifika, istihdam)",
    "percent": "Firmaların portalda bildirdiği işgücü rakamları",
    "kurus": "Çift kayıtlı defter ve banka mutabakatı",
    "items": "Katılım listeleri ve etkinlik raporları",
}


@transaction.atomic
def logframe_install_default(*, program, actor=None) -> int:
    """The programme's logframe with its real targets (PROGRAM.md): 100 firms, 200 ambassadors, 200 operators.
    Targets fall due at the program's end (or two years from its start), with half due at the midpoint.
    Idempotent: existing rows are kept as they are. Returns how many indicators were created."""
    results = {}
    for order, (code, level, parent, name_tr, name_en) in enumerate(DEFAULT_RESULTS):
        results[code], _created = Result.objects.get_or_create(
            program=program,
            code=code,
            defaults={
                "level": level,
                "parent": results.get(parent),
                "name_tr": name_tr,
                "name_en": name_en,
                "order": order,
            },
        )
    start = program.starts_on or timezone.localdate().replace(month=1, day=1)
    end = program.ends_on or start.replace(year=start.year + 2) - timedelta(days=1)
    middle = start + (end - start) / 2
    created = 0
    for order, (code, result, unit, calculator, final, name_tr, name_en, def_tr, def_en) in enumerate(
        DEFAULT_INDICATORS
    ):
        indicator, was_created = Indicator.objects.get_or_create(
            program=program,
            code=code,
            defaults={
                "result": results[result],
                "unit": unit,
                "method": Indicator.Method.CALCULATED if calculator else Indicator.Method.MANUAL,
                "calculator": calculator,
                "name_tr": name_tr,
                "name_en": name_en,
                "definition_tr": def_tr,
                "definition_en": def_en,
                "means_of_verification": MEANS[unit],
                "owner": "UNDP İzleme ve Değerlendirme",
                "order": order,
            },
        )
        if was_created:
            created += 1
            if final is not None:
                IndicatorTarget.objects.bulk_create(
                    [
                        IndicatorTarget(program=program, indicator=indicator, due_on=middle, value=Decimal(final) / 2),
                        IndicatorTarget(program=program, indicator=indicator, due_on=end, value=final),
                    ]
                )
    if created:
        audit_record(program_id=program.pk, actor=actor, action="reports.logframe_install", target=program)
    return created
