"""Monitoring-and-evaluation objects of each test-world program (a handful of bulk inserts).

- `report_indicator` (calculated: firms selected) and `manual_indicator` (with a hand-entered value and its
  evidence, `manual_value`), under a small logframe with targets;
- `report_period`: a closed quarter with a frozen snapshot naming the world's firms and trainees by id only;
  `open_period`: an ended quarter not closed yet; both with a narrative (a secret only the office may read);
- `monitoring_report`: a generated report with its PDF and job;
- the dashboards' stored figures (`FiguresSnapshot`, Turkish), so the M&E pages read them as in production.
"""

from datetime import date

from django.core.files.base import ContentFile
from django.utils import timezone

from portal import roles
from portal.models import Job
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

TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _snapshot(world) -> dict:
    firms = [f"firm:{f.pk}" for f in world.firms]
    return {
        "as_of": "2026-03-31",
        "built_at": "2026-04-01T09:00:00+03:00",
        "language": "tr",
        "indicators": [
            {
                "code": "OP1.1",
                "result": "OP1",
                "level": "output",
                "name_tr": "Seçilen firma sayısı",
                "name_en": "Firms selected",
                "unit": "firms",
                "method": "calculated",
                "baseline": 0,
                "target": 50,
                "target_due": "2026-06-30",
                "final_target": 100,
                "value": len(firms),
                "available": True,
                "disaggregations": {"province": [["Kocaeli", len(firms), len(firms)]]},
                "records": firms,
                "progress": 2,
            }
        ],
        "funnel": {"ambassador": [["applied", 3], ["selected", 1]], "operator": [["applied", 2], ["selected", 1]]},
        "provinces": [["Kocaeli", {"firms": [len(firms), len(firms)]}]],
        "province_columns": ["firms"],
    }


def extend(world, tag: str) -> None:
    program, staff = world.program, world.users[roles.STAFF]
    impact = Result.objects.create(program=program, level="impact", code="I", name_tr="Etki", name_en="Impact")
    output = Result.objects.create(
        program=program, level="output", parent=impact, code="OP1", name_tr="Çıktı", name_en="Output"
    )
    world.report_indicator, world.manual_indicator = Indicator.objects.bulk_create(
        [
            Indicator(
                program=program, result=output, code="OP1.1", name_tr="Seçilen firma sayısı", name_en="Firms selected",
                unit="firms", method="calculated", calculator="firms_selected",
            ),
            Indicator(
                program=program, result=output, code="OP3.1", name_tr="Paydaş kuruluşlar",
                name_en="Stakeholder organisations", unit="items", method="manual",
            ),
        ]
    )  # fmt: skip
    IndicatorTarget.objects.create(
        program=program, indicator=world.report_indicator, due_on=date(2027, 12, 31), value=100
    )
    world.manual_value = ManualValue(
        program=program, indicator=world.manual_indicator, as_of=date(2026, 3, 31), value=7, entered_by=staff,
        note=f"Katılım listesi {tag.upper()}",
    )  # fmt: skip
    world.manual_value.evidence.save(f"liste-{tag}.pdf", ContentFile(TINY_PDF), save=False)
    world.manual_value.save()
    world.report_period, world.open_period = ReportingPeriod.objects.bulk_create(
        [
            ReportingPeriod(
                program=program, kind="quarterly", starts_on=date(2026, 1, 1), ends_on=date(2026, 3, 31),
                status="closed", snapshot=_snapshot(world), created_by=staff, closed_by=staff,
                closed_at=timezone.now(),
            ),
            ReportingPeriod(
                program=program, kind="quarterly", starts_on=date(2026, 4, 1), ends_on=date(2026, 6, 30),
                created_by=staff,
            ),
        ]
    )  # fmt: skip
    narrative = f"Dönem anlatısı {tag.upper()} gizli"
    NarrativeSection.objects.bulk_create(
        [
            NarrativeSection(
                program=program, period=period, key="summary", language="tr", text=narrative, updated_by=staff
            )
            for period in (world.report_period, world.open_period)
        ]
    )
    job = Job.objects.create(
        program=program, kind="reports.monitoring_report", requested_by=staff, status=Job.Status.DONE, progress=100,
        params={"period_id": world.report_period.pk, "language": "tr"},
    )  # fmt: skip
    world.monitoring_report = MonitoringReport(
        program=program, period=world.report_period, language="tr", job=job, snapshot=_snapshot(world)
    )
    world.monitoring_report.file.save(f"monitoring-{tag}.pdf", ContentFile(TINY_PDF), save=False)
    world.monitoring_report.save()
    # the dashboards' stored figures (as the beat or a first visit leaves them): today's, without record ids
    live = _snapshot(world)
    live["indicators"] = [{**e, "records": []} for e in live["indicators"]]
    FiguresSnapshot.objects.create(program=program, language="tr", computed_at=timezone.now(), figures=live)
    world.extra_secrets |= {narrative, f"Katılım listesi {tag.upper()}"}
