"""`seed_demo` gives training something to show: running cohorts per track in two provinces, trainees at risk,
a graduate with her certificate. It can run twice without adding a row."""

import pytest
from django_scopes import scopes_disabled

from portal import demo
from portal.demo import seed_demo
from portal.tenancy import audience_for, program_scope
from training import selectors
from training.models import (
    Attendance,
    AttendanceChange,
    Certificate,
    Cohort,
    CompletionRule,
    Curriculum,
    CurriculumModule,
    Enrolment,
    Grade,
    Session,
    Trainee,
)

MODELS = (
    Trainee,
    Curriculum,
    CurriculumModule,
    CompletionRule,
    Cohort,
    Session,
    Enrolment,
    Attendance,
    AttendanceChange,
    Grade,
    Certificate,
)


@pytest.fixture
def only_our_demo(monkeypatch):
    """Seed the core, firms and training only: other apps' demo data has its own tests."""
    keep = {k: v for k, v in demo.demo_extensions.items() if k in {"firms", "training"}}
    monkeypatch.setattr(demo.demo_extensions, "_items", keep)


def counts():
    with scopes_disabled():
        return {model.__name__: model.objects.count() for model in MODELS}


def test_the_demo_has_running_cohorts_people_at_risk_and_a_graduate_and_seeds_once(db, only_our_demo):
    program, _logins = seed_demo()
    first = counts()
    seed_demo()
    assert counts() == first

    with program_scope(program.pk), scopes_disabled():
        running = Cohort.objects.filter(code__in=["EL-IST-01", "OP-KOC-01"]).select_related("province")
        assert {(c.track, c.province.name) for c in running} == {("ambassador", "İstanbul"), ("operator", "Kocaeli")}
        ambassador_curriculum = Curriculum.objects.get(program=program, track="ambassador")
        operator_curriculum = Curriculum.objects.get(program=program, track="operator")
        assert 16 <= ambassador_curriculum.planned_weeks <= 26 and 8 <= operator_curriculum.planned_weeks <= 13
        domains = set(
            CurriculumModule.objects.filter(curriculum=ambassador_curriculum).values_list("domain", flat=True)
        )
        assert domains == {"digital", "green", "soft", "equality"}
        assert Attendance.objects.filter(session__cohort__in=running).count() > 100
        assert AttendanceChange.objects.exclude(why="").exists()  # a corrected sheet, with its reason
        graduate = Trainee.objects.get(status="completed")
        assert Certificate.objects.filter(trainee=graduate).exists()
        assert Enrolment.objects.filter(status="withdrawn").exclude(end_reason="").exists()
        assert Enrolment.objects.filter(status="transferred").exclude(transferred_to=None).exists()

    from portal.models import User

    staff = User.objects.get(email=f"staff@{demo.DEMO_DOMAIN}")
    with program_scope(program.pk):
        at_risk = selectors.at_risk_list(audience=audience_for(staff))
        assert 2 <= len([r for r in at_risk if r.low_attendance]) <= 5
        assert any(r.missing for r in at_risk)
