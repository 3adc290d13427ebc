"""A small program whose figures were counted by hand (see HAND_COUNT), built row by row with the dates the
calculators rely on (created_at set after the fact, as if entered on that day)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import Assessment, AssessmentTransition, Framework, FrameworkVersion, Roadmap
from firms.models import Firm, WorkforceSnapshot
from portal.models import Application, Call, Transition
from tests.factories import FirmFactory, ProgramFactory, UserFactory, province
from training.models import Certificate, Cohort, Curriculum, Enrolment, Trainee

JAN31, FEB28, MAR31 = date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class Built:
    program: object
    staff: object
    firms: dict = field(default_factory=dict)
    trainees: dict = field(default_factory=dict)
    applications: dict = field(default_factory=dict)


def _stamp(model, pk, day, fieldname="created_at"):
    model.objects.filter(pk=pk).update(**{fieldname: at(day)})


def build(tag: str = "hc") -> Built:
    with scopes_disabled():
        program = ProgramFactory(code=f"rep-{tag}")
        program.pilot_provinces.set([province(34), province(41)])
        program.case_by_case_provinces.set([province(31)])
        staff = UserFactory(email=f"staff-{tag}@example.test")
        b = Built(program, staff)

        # firms: F1 İstanbul (Jan 10), F2 Kocaeli (Feb 15), F3 Hatay (Jan 20), F4 Ankara (Apr 1)
        for key, plate, day in (("F1", 34, date(2026, 1, 10)), ("F2", 41, date(2026, 2, 15)),
                                ("F3", 31, date(2026, 1, 20)), ("F4", 6, date(2026, 4, 1))):  # fmt: skip
            firm = FirmFactory(program=program, province=province(plate), name=f"Firma {key} {tag}")
            _stamp(Firm, firm.pk, day)
            b.firms[key] = firm
        # workforce: F1 10/100 on Jan 1, 30/100 on Mar 1; F2 20/50 on Feb 1
        for key, as_of, wcw, wcm, bcw, bcm in (("F1", date(2026, 1, 1), 5, 45, 5, 45),
                                               ("F1", date(2026, 3, 1), 15, 35, 15, 35),
                                               ("F2", date(2026, 2, 1), 10, 20, 10, 10)):  # fmt: skip
            snap = WorkforceSnapshot.objects.create(
                program=program, firm=b.firms[key], as_of=as_of, white_collar_women=wcw, white_collar_men=wcm,
                blue_collar_women=bcw, blue_collar_men=bcm,
            )  # fmt: skip
            _stamp(WorkforceSnapshot, snap.pk, as_of)

        # applications: the same woman applied to two ambassador calls (different case in her email)
        calls = {}
        for group in ("ambassador", "operator"):
            calls[group] = Call.objects.create(
                program=program, group=group, title_tr=group, title_en=group, opens_at=at(date(2025, 12, 1)),
                closes_at=at(date(2026, 6, 1)), quota=10, created_by=staff,
            )  # fmt: skip
        second = Call.objects.create(
            program=program, group="ambassador", title_tr="2", title_en="2", opens_at=at(date(2025, 12, 1)),
            closes_at=at(date(2026, 6, 1)), quota=10, created_by=staff,
        )  # fmt: skip
        people = {key: UserFactory(email=f"{key.lower()}-{tag}@example.test", full_name=f"Kadın {key} {tag}")
                  for key in ("T1", "T2", "T3", "T4", "T5")}  # fmt: skip
        rows = (
            ("A1", calls["ambassador"], people["T1"].email, date(2026, 1, 2), "selected", "", people["T1"], 34),
            ("A2", second, people["T1"].email.upper(), date(2026, 1, 3), "selected", "", people["T1"], 34),
            ("A3", calls["operator"], people["T3"].email, date(2026, 2, 1), "selected", "employed", people["T3"], 31),
            ("A4", calls["operator"], people["T4"].email, date(2026, 2, 2), "selected", "job_seeker", people["T4"], 34),
            ("A5", calls["ambassador"], "draft@example.test", None, "draft", "", None, 34),
        )
        for key, call, email, submitted, status, quota_key, user, plate in rows:
            app = Application.objects.create(
                program=program, call=call, group=call.group, email=email, token_hash=f"{tag}-{key}",
                status=status, quota_key=quota_key, user=user, province=province(plate),
                submitted_at=at(submitted) if submitted else None, display_name=f"Başvuru {key} {tag}",
            )  # fmt: skip
            b.applications[key] = app
        for key, day in (("A1", date(2026, 1, 10)), ("A2", date(2026, 3, 1)), ("A3", date(2026, 2, 10)),
                         ("A4", date(2026, 4, 5))):  # fmt: skip
            t = Transition.objects.create(
                program=program, application=b.applications[key], from_status="submitted", to_status="selected"
            )
            _stamp(Transition, t.pk, day)

        # trainees
        for key, track, plate in (("T1", "ambassador", 34), ("T2", "ambassador", 41), ("T3", "operator", 31),
                                  ("T4", "operator", 34), ("T5", "ambassador", 34)):  # fmt: skip
            b.trainees[key] = Trainee.objects.create(
                program=program, user=people[key] if key in people else UserFactory(), track=track,
                province=province(plate),
            )  # fmt: skip
        curricula = {
            track: Curriculum.objects.create(
                program=program, track=track, name_tr=track, name_en=track, planned_weeks=8
            )
            for track in ("ambassador", "operator")
        }
        cohorts = {}
        for key, track, start, end in (("A", "ambassador", date(2026, 1, 5), date(2026, 3, 15)),
                                       ("B", "ambassador", date(2026, 2, 1), date(2026, 3, 15)),
                                       ("C", "operator", date(2026, 2, 1), date(2026, 4, 10))):  # fmt: skip
            cohorts[key] = Cohort.objects.create(
                program=program, code=f"{key}-{tag}", name=key, track=track, curriculum=curricula[track],
                province=province(34), starts_on=start, ends_on=end, capacity=20,
            )  # fmt: skip
        # T1: cohort A, transferred to B on Feb 1, completed Mar 15, certificate Mar 20 (one woman, two cohorts)
        # T2: cohort A, withdrew Feb 10. T3: cohort C, completed Apr 10. T4: cohort C, still active.
        for trainee, cohort, enrolled, status, ended in (
            ("T1", "A", date(2026, 1, 5), "transferred", date(2026, 2, 1)),
            ("T1", "B", date(2026, 2, 1), "completed", date(2026, 3, 15)),
            ("T2", "A", date(2026, 1, 5), "withdrawn", date(2026, 2, 10)),
            ("T3", "C", date(2026, 2, 1), "completed", date(2026, 4, 10)),
            ("T4", "C", date(2026, 2, 1), "active", None),
        ):
            e = Enrolment.objects.create(
                program=program, trainee=b.trainees[trainee], cohort=cohorts[cohort], enrolled_on=enrolled,
                status=status, ended_on=ended, created_by=staff,
            )  # fmt: skip
            _stamp(Enrolment, e.pk, enrolled)
        Certificate.objects.create(
            program=program, trainee=b.trainees["T1"], curriculum=curricula["ambassador"], cohort=cohorts["B"],
            code=f"CERT-{tag}", issued_on=date(2026, 3, 20),
        )  # fmt: skip

        # assessments: F1 SIRI published Feb 20 (then revised and published again Mar 10: one firm);
        # F2 SIRI published Apr 2; F3 COSIRI in evaluation. Roadmap for F1 made Feb 21.
        siri = FrameworkVersion.objects.get(framework__code="SIRI", is_current=True)
        cosiri = FrameworkVersion.objects.get(framework__code="COSIRI", is_current=True)
        for firm, version, status, published in (("F1", siri, "published", [date(2026, 2, 20), date(2026, 3, 10)]),
                                                 ("F2", siri, "published", [date(2026, 4, 2)]),
                                                 ("F3", cosiri, "evaluation", [])):  # fmt: skip
            a = Assessment.objects.create(
                program=program, firm=b.firms[firm], framework=Framework.objects.get(pk=version.framework_id),
                version=version, status=status, created_by=staff, ends_on=date(2026, 3, 1),
            )  # fmt: skip
            for day in published:
                t = AssessmentTransition.objects.create(
                    program=program,
                    assessment=a,
                    firm=b.firms[firm],
                    from_status="review",
                    to_status="published",
                    actor=staff,
                )
                _stamp(AssessmentTransition, t.pk, day)
            if firm == "F1":
                r = Roadmap.objects.create(program=program, assessment=a, firm=b.firms[firm])
                _stamp(Roadmap, r.pk, date(2026, 2, 21))
    return b
