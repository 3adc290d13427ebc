"""Demo data of monitoring and evaluation, added by `seed_demo` through reports/providers.py: the programme's
logframe with its real targets, the last two quarters closed (figures frozen), narratives, and one monitoring
report built. Idempotent: a second run changes nothing."""

from datetime import date

from django.utils import timezone

from portal import roles
from portal.services.jobs import job_run
from portal.tenancy import audience_for
from reports import services
from reports.models import MonitoringReport, NarrativeSection, ReportingPeriod

NARRATIVES = {
    "summary": (
        "Bu çeyrekte firma seçimi tamamlandı, SIRI ve COSIRI değerlendirmeleri başladı ve ilk eğitim sınıfları açıldı.",
        "This quarter the selection of firms was completed, SIRI and COSIRI assessments began and the first "
        "training cohorts opened.",
    ),
    "challenges": (
        "Deprem bölgesindeki illerden gelen başvuruların vaka bazında değerlendirilmesi beklenenden uzun sürdü.",
        "Reviewing the applications from the earthquake provinces case by case took longer than planned.",
    ),
}


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _previous_quarter(start: date) -> date:
    return date(start.year - 1, 10, 1) if start.month == 1 else date(start.year, start.month - 3, 1)


def seed(program, users) -> None:
    staff = users[roles.ME] if roles.ME in users else users[roles.STAFF]
    services.logframe_install_default(program=program, actor=staff)
    audience = audience_for(staff, program_id=program.pk)
    last = _previous_quarter(_quarter_start(timezone.localdate()))
    for start in (_previous_quarter(last), last):
        period = ReportingPeriod.objects.filter(program=program, kind="quarterly", starts_on=start).first()
        if period is None:
            period = services.period_create(audience=audience, actor=staff, kind="quarterly", starts_on=start)
        for key, (tr, en) in NARRATIVES.items():
            if not NarrativeSection.objects.filter(period=period, key=key).exists():
                services.narrative_save(audience=audience, actor=staff, period=period, key=key, language="tr", text=tr)
                services.narrative_save(audience=audience, actor=staff, period=period, key=key, language="en", text=en)
        if not period.is_closed:
            services.period_close(audience=audience, actor=staff, period=period)
    period = ReportingPeriod.objects.get(program=program, kind="quarterly", starts_on=last)
    if not MonitoringReport.objects.filter(period=period).exists():
        job = services.monitoring_report_request(audience=audience, actor=staff, period=period, language="tr")
        job_run(job_id=job.pk)  # built now, so the demo opens with a report; the queued send then finds it done
    # the dashboards read stored figures (refreshed by Celery beat): leave them in place in both languages
    for language in ("tr", "en"):
        services.figures_compute(program_id=program.pk, language=language)
