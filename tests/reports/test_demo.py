"""`seed_demo` shows M&E: the programme's logframe with its real targets, two closed quarters, one report."""

from django_scopes import scopes_disabled

from portal import demo
from portal.demo import seed_demo
from reports.models import (
    FiguresSnapshot,
    Indicator,
    IndicatorTarget,
    MonitoringReport,
    NarrativeSection,
    ReportingPeriod,
)


def counts():
    with scopes_disabled():
        return [
            m.objects.count() for m in (Indicator, IndicatorTarget, ReportingPeriod, NarrativeSection, MonitoringReport)
        ]


def test_the_demo_ships_targets_two_closed_periods_and_a_report(db, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    keep = {k: v for k, v in demo.demo_extensions.items() if k in {"firms", "training", "reports"}}
    monkeypatch.setattr(demo.demo_extensions, "_items", keep)
    program, _logins = seed_demo()
    first = counts()
    seed_demo()
    assert counts() == first
    with scopes_disabled():
        finals = {
            i.code: i.targets.order_by("due_on").last().value
            for i in Indicator.objects.filter(program=program).prefetch_related("targets")
            if i.targets.exists()
        }
        assert finals["OP1.1"] == 100 and finals["OP2.1"] == 200 and finals["OP2.2"] == 200
        assert finals["OC1.1"] == 100 and finals["OC1.3"] == 100 and finals["OC2.1"] == 200
        closed = ReportingPeriod.objects.filter(program=program, status="closed")
        assert closed.count() == 2
        assert all(p.snapshot["indicators"] for p in closed)
        report = MonitoringReport.objects.get(program=program)
        assert report.file and report.period.is_closed and report.snapshot == report.period.snapshot
        # the dashboards open on stored figures, in both languages, with the whole logframe
        stored = FiguresSnapshot.objects.filter(program=program)
        assert sorted(stored.values_list("language", flat=True)) == ["en", "tr"]
        assert all(len(s.figures["indicators"]) == Indicator.objects.filter(program=program).count() for s in stored)
