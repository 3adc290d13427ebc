"""Get the scale program ready for the load test and write the accounts locust uses.

    python -m tests.perf.loadtest_prepare --scale national --out var/loadtest/accounts.json

Seeds the program when it is missing, moves today's sessions of the running cohorts so they are in progress
now (attendance can only be taken once a session has started, and the test may run at any hour), and writes
the logins: trainees of running cohorts, firm users with their firm, trainers with today's session, and staff
(who log in with a TOTP code from the seeded secret).
"""

import argparse
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="national")
    parser.add_argument("--program")
    parser.add_argument("--out", default="var/loadtest/accounts.json")
    args = parser.parse_args(argv)
    from firms.models import Firm
    from portal.models import Call, Membership, Program
    from portal.scale import SCALE_PASSWORD
    from portal.selection.scale import SCALE_TOTP_SECRET
    from training.models import Cohort, CohortTrainer, Enrolment, Session

    code = args.program or f"scale-{args.scale}"
    with scopes_disabled():
        if not Program.objects.filter(code=code).exists():
            call_command("seed_scale", preset=args.scale, code=code)
        program = Program.objects.get(code=code)
        now, today = timezone.now(), timezone.localdate()
        running = Cohort.objects.filter(program=program, starts_on__lte=today, ends_on__gte=today)
        todays = Session.objects.filter(cohort__in=running, starts_at__date=today)
        moved = todays.update(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=7))
        sessions = {s.cohort_id: s.pk for s in Session.objects.filter(cohort__in=running, starts_at__date=today)}
        trainers, seen, seen_cohorts = [], set(), set()
        for ct in CohortTrainer.objects.filter(cohort_id__in=list(sessions)).select_related("trainer").order_by("pk"):
            if ct.trainer_id in seen or ct.cohort_id in seen_cohorts:
                continue  # one trainer per sheet: two saving the same sheet at once is a (handled) conflict
            seen.add(ct.trainer_id)
            seen_cohorts.add(ct.cohort_id)
            trainers.append(
                {"email": ct.trainer.email, "session_id": sessions[ct.cohort_id], "cohort_id": ct.cohort_id}
            )
        trainees = list(
            Enrolment.objects.filter(cohort__in=running, status="active")
            .order_by("pk")
            .values_list("trainee__user__email", flat=True)[:1000]
        )
        firms = [
            {"email": m.user.email, "firm_id": m.firm_id}
            for m in Membership.objects.filter(program=program, role__code="firm")
            .select_related("user")
            .order_by("pk")[:500]
        ]
        staff = [
            {"email": m.user.email}
            for m in Membership.objects.filter(program=program, role__code="staff")
            .select_related("user")
            .order_by("pk")
        ]
        accounts = {
            "program": code,
            "password": SCALE_PASSWORD,
            "totp_secret": SCALE_TOTP_SECRET,
            "trainee": [{"email": e} for e in trainees],
            "firm": firms,
            "trainer": trainers,
            "staff": staff,
            "firm_ids": list(Firm.objects.filter(program=program).order_by("?").values_list("pk", flat=True)[:500]),
            "cohort_ids": list(Cohort.objects.filter(program=program).values_list("pk", flat=True)[:300]),
            "call_id": Call.objects.get(program=program, group="firm").pk,
            "provinces": [34, 41, 16, 35, 6, 45, 42, 59],
        }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(accounts, indent=1))
    print(
        f"{code}: {moved} sessions opened now; {len(trainees)} trainees, {len(firms)} firm users, "
        f"{len(trainers)} trainers with a session in progress, {len(staff)} staff → {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
