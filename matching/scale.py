"""National-scale matching data for `seed_scale` (see portal/scale.py): settings, positions at `matching_firms`
firms, profiles for every trainee, and employments with their retention checkpoints for most of the places —
started over the last 14 months, so checkpoints are confirmed, due or overdue, and some employments completed or
ended early. Internally consistent: a firm never employs more people of a track than its position's places, a
person holds at most one active employment, checkpoints follow the start date.
"""

from datetime import timedelta

from ambassadors.models import AmbassadorProfile
from firms.models import Firm
from matching.models import Employment, MatchingSettings, Position, RetentionCheckpoint, add_months
from operators.models import OperatorProfile
from training.models import Trainee

SPECIALISATIONS = ("digital", "green", "both")
SHIFTS = ("day", "rotating", "any")
CARE = ("none", "children", "elderly", "both")


def seed(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    conf = MatchingSettings(program_id=ctx.program.pk)
    ctx.bulk(MatchingSettings, [conf])
    firms = list(
        Firm.objects.filter(program_id=ctx.program.pk)
        .order_by("pk")
        .values_list("pk", "province_id")[: ctx.size("matching_firms", 1000)]
    )
    trainees = list(
        Trainee.objects.filter(program_id=ctx.program.pk)
        .exclude(status=Trainee.Status.WITHDRAWN)
        .order_by("pk")
        .values_list("pk", "track", "province_id")
    )
    ambassadors = [t for t in trainees if t[1] == Trainee.Track.AMBASSADOR][: ctx.size("candidates", 2000)]
    operators = [t for t in trainees if t[1] == Trainee.Track.OPERATOR]

    with ctx.timer("matching: positions and profiles"):
        positions = []
        for firm_id, province_id in firms:
            positions.append(
                Position(firm_id=firm_id, track="ambassador", count=conf.ambassadors_per_firm, province_id=province_id)
            )
            positions.append(
                Position(firm_id=firm_id, track="operator", count=conf.operators_per_firm, province_id=province_id)
            )
        ctx.bulk(Position, positions)
        ctx.bulk(
            AmbassadorProfile,
            [
                AmbassadorProfile(
                    trainee_id=pk,
                    stem_field="industrial",
                    specialisation=rng.choice(SPECIALISATIONS),
                    skills="",
                    languages="Türkçe",
                    willing_to_relocate=rng.random() < 0.3,
                )
                for pk, _track, _province in ambassadors
            ],
        )
        ctx.bulk(
            OperatorProfile,
            [
                OperatorProfile(
                    trainee_id=pk,
                    employment="job_seeker",
                    shifts=rng.choice(SHIFTS),
                    care=rng.choice(CARE),
                )
                for pk, _track, _province in operators
            ],
        )

    with ctx.timer("matching: employments and checkpoints"):
        places = []
        for position in positions:
            places += [position] * position.count
        rng.shuffle(places)
        people = {"ambassador": [t[0] for t in ambassadors], "operator": [t[0] for t in operators]}
        for pool in people.values():
            rng.shuffle(pool)
        employments = []
        for position in places:
            pool = people[position.track]
            if not pool or rng.random() < 0.2:  # a fifth of the places stay open
                continue
            start = (today - timedelta(days=rng.randint(0, 420))).replace(day=1)
            planned_end = Employment.planned_end_for(start, conf.employment_months)
            status, terminated_on, reason = Employment.Status.ACTIVE, None, ""
            if planned_end < today:
                status = Employment.Status.COMPLETED
            elif rng.random() < 0.06 and start < today - timedelta(days=40):
                status = Employment.Status.TERMINATED
                terminated_on = start + timedelta(days=rng.randint(30, (today - start).days))
                reason = "Kendi isteğiyle ayrıldı"
            employments.append(
                Employment(
                    trainee_id=pool.pop(),
                    firm_id=position.firm_id,
                    start_date=start,
                    planned_end_date=planned_end,
                    contract_type=Employment.ContractType.PERMANENT,
                    gross_salary_kurus=rng.randrange(2_800_000, 6_000_000, 5_000),
                    status=status,
                    terminated_on=terminated_on,
                    termination_reason=reason,
                )
            )
        ctx.bulk(Employment, employments)
        checkpoints = []
        for e in employments:
            for month in conf.checkpoints:
                due = add_months(e.start_date, month)
                if e.terminated_on and e.terminated_on < due:
                    break
                confirmed = due <= today and rng.random() < 0.85
                at = ctx.now - timedelta(days=max(0, (today - due).days - 3)) if confirmed else None
                checkpoints.append(
                    RetentionCheckpoint(
                        employment_id=e.pk,
                        firm_id=e.firm_id,
                        trainee_id=e.trainee_id,
                        month=month,
                        due_on=due,
                        still_employed=True if confirmed else None,
                        firm_confirmed_at=at,
                        person_confirmed_at=at if confirmed and rng.random() < 0.9 else None,
                    )
                )
        ctx.bulk(RetentionCheckpoint, checkpoints)
    ctx.counts["matching_positions"] = len(positions)
    ctx.counts["matching_employments"] = len(employments)
    ctx.counts["matching_checkpoints"] = len(checkpoints)
    ctx.log(f"matching: {len(positions)} positions, {len(employments)} employments, {len(checkpoints)} checkpoints")
