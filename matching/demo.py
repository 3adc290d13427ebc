"""Demo data of matching, added by `seed_demo` through the demo extension in providers.py.

Profiles for every demo ambassador and operator, positions at every firm, an optimal and a stable proposal for
ambassadors (the optimal one locked, so offers went out), offers accepted by both sides (employments that started
about 1, 4, 7 and 13 months ago, so checkpoints are due, confirmed or overdue), one declined (its place went to
the next-best candidate), the demo ambassador's own offer still open, mentoring sessions (one mentee with a missed
check-in) and a few peer-space posts. Everything goes through the services. Idempotent: once a proposal exists,
a second run changes nothing.
"""

from datetime import timedelta

from django.utils import timezone

from ambassadors import services as amb_services
from ambassadors.models import MentorAssignment
from firms.models import Firm
from matching import services
from matching.models import Employment, MatchingSettings, Proposal, RetentionCheckpoint, add_months
from operators import services as op_services
from portal import roles
from portal.models import Province, Sector
from portal.tenancy import Audience, audience_for
from training.models import Trainee

SKILLS = ["Python, veri analizi", "PLC, SCADA", "Yaşam döngüsü analizi", "Enerji verimliliği", "Power BI, SQL"]
SPECIALISATIONS = ["digital", "green", "both"]
STEM = ["industrial", "computer", "environmental", "mechanical", "electrical", "chemical"]


def _as_firm(firm, actor) -> Audience:
    return Audience(
        user_id=actor.pk,
        program_id=firm.program_id,
        roles=frozenset({roles.FIRM, roles.STAFF}),
        firm_ids=frozenset({firm.pk}),
    )


def _as_person(trainee) -> Audience:
    role = roles.AMBASSADOR if trainee.track == Trainee.Track.AMBASSADOR else roles.OPERATOR
    return Audience(user_id=trainee.user_id, program_id=trainee.program_id, roles=frozenset({role}))


def demo_matching(program, users):
    if Proposal.objects.filter(program=program).exists():
        return
    staff = users[roles.STAFF]
    office = audience_for(staff, program_id=program.pk)
    firms = list(Firm.objects.filter(program=program).order_by("pk"))
    if not firms:
        return
    MatchingSettings.objects.get_or_create(program=program)
    provinces = {p.plate: p for p in Province.objects.filter(plate__in=[34, 41, 35, 6, 45, 16])}
    sectors = list(Sector.objects.order_by("division")[:6])

    ambassadors = list(
        Trainee.objects.filter(program=program, track=Trainee.Track.AMBASSADOR)
        .exclude(status=Trainee.Status.WITHDRAWN)
        .select_related("user")
        .order_by("pk")
    )
    operators = list(
        Trainee.objects.filter(program=program, track=Trainee.Track.OPERATOR)
        .exclude(status=Trainee.Status.WITHDRAWN)
        .select_related("user")
        .order_by("pk")
    )
    services.positions_create_defaults(audience=office, actor=staff)

    own = users[roles.AMBASSADOR]
    for i, trainee in enumerate(ambassadors):
        work = [provinces[p] for p in (34, 41, 35, 6)[: 1 + i % 3] if p in provinces]
        amb_services.profile_save(
            audience=office,
            actor=staff,
            trainee=trainee,
            data={
                "stem_field": STEM[i % len(STEM)],
                "specialisation": SPECIALISATIONS[i % 3],
                "skills": SKILLS[i % len(SKILLS)],
                "languages": "Türkçe, İngilizce" if i % 2 else "Türkçe, Almanca",
                "willing_to_relocate": i % 4 == 0,
                "work_provinces": work,
                "sectors": sectors[i % len(sectors) : i % len(sectors) + 2] if sectors else [],
            },
            firm_ids=[firms[i % len(firms)].pk] if trainee.user_id == own.pk or i % 3 == 0 else [],
        )
    for i, trainee in enumerate(operators):
        employed = i % 3 == 0
        op_services.operator_profile_save(
            audience=office,
            actor=staff,
            trainee=trainee,
            data={
                "employment": "employed" if employed else "job_seeker",
                "employer": firms[0] if employed else None,
                "wants_other_firm": False,
                "shifts": ["day", "rotating", "any"][i % 3],
                "care": ["none", "children", "elderly"][i % 3],
                "work_provinces": [provinces[p] for p in (34, 41) if p in provinces],
            },
        )

    services.proposal_run(audience=office, actor=staff, track=Trainee.Track.AMBASSADOR, method="stable")
    proposal = services.proposal_run(audience=office, actor=staff, track=Trainee.Track.AMBASSADOR, method="optimal")
    offers = services.proposal_lock(audience=office, actor=staff, proposal=proposal)
    services.proposal_run(audience=office, actor=staff, track=Trainee.Track.OPERATOR, method="optimal")

    today = timezone.localdate()
    others = [o for o in offers if o.trainee.user_id != own.pk]
    # employments at different months: ~1, 4, 7 and 13 months in
    for offer, months_ago in zip(others, (1, 4, 7, 13), strict=False):
        firm = Firm.objects.get(pk=offer.firm_id)
        start = add_months(today, -months_ago).replace(day=1)
        services.offer_answer_firm(
            audience=_as_firm(firm, staff),
            actor=staff,
            offer=offer,
            accept=True,
            start_date=start,
            contract_type=Employment.ContractType.PERMANENT,
            gross_salary_kurus=3_250_000 + months_ago * 50_000,
            start_override_reason="Demo: programdan önce başlamış istihdamların kaydı",
        )
        services.offer_answer_candidate(
            audience=_as_person(offer.trainee), actor=offer.trainee.user, offer=offer, accept=True
        )
    employments = list(Employment.objects.filter(program=program).select_related("trainee__user", "firm"))
    # the 13-month employment is completed; month-3 checkpoints are confirmed by both sides, later ones wait
    services.employments_complete(program_id=program.pk)
    for employment in employments:
        for checkpoint in RetentionCheckpoint.objects.filter(employment=employment, due_on__lte=today).order_by(
            "month"
        ):
            if checkpoint.month == 3:
                services.checkpoint_confirm(
                    audience=_as_firm(employment.firm, staff), actor=staff, checkpoint=checkpoint, still_employed=True
                )
                services.checkpoint_confirm(
                    audience=_as_person(employment.trainee),
                    actor=employment.trainee.user,
                    checkpoint=checkpoint,
                    still_employed=True,
                )
    # one declined offer: its place goes to the next-best candidate (or waits)
    if len(others) > 4:
        declined = others[4]
        services.offer_answer_candidate(
            audience=_as_person(declined.trainee),
            actor=declined.trainee.user,
            offer=declined,
            accept=False,
            reason="Ailevi nedenlerle şehir değiştiremiyorum.",
        )

    # mentoring: the demo mentor accompanies the employed ambassadors; one has missed her monthly check-in
    mentor = users[roles.MENTOR]
    for i, employment in enumerate(e for e in employments if e.trainee.track == Trainee.Track.AMBASSADOR):
        if MentorAssignment.objects.filter(program=program, trainee=employment.trainee, ended_on__isnull=True).exists():
            continue
        assignment = amb_services.mentor_assign(
            audience=office, actor=staff, mentor=mentor, trainee=employment.trainee, started_on=employment.start_date
        )
        last = today - timedelta(days=50 if i == 0 else 10)
        if last >= assignment.started_on:
            amb_services.mentoring_session_log(
                audience=office,
                actor=mentor,
                assignment=assignment,
                held_on=last,
                topics="Firmanın SIRI yol haritasında ilk üç öncelik",
                agreed_actions="Enerji ölçüm noktalarını belirlemek; üretim müdürüyle haftalık görüşme.",
                notes="İlk ay uyum iyi; vardiya planlamasında destek gerekebilir.",
            )

    # the peer space
    posts = [
        (
            Trainee.Track.AMBASSADOR,
            "İlk hafta",
            "Firmada ilk haftamda üretim hattındaki veri toplama noktalarını çıkardım.",
        ),
        (Trainee.Track.AMBASSADOR, "", "Yeşil dönüşüm için enerji izleme pilotu öneren var mı?"),
        (Trainee.Track.OPERATOR, "Vardiya düzeni", "Çocuk bakımıyla vardiyayı nasıl dengeliyorsunuz?"),
    ]
    for track, title, body in posts:
        author = next((t.user for t in (ambassadors if track == "ambassador" else operators)), None)
        if author is None:
            continue
        services.peer_post_create(
            audience=_as_person(Trainee.objects.get(program=program, user=author)),
            actor=author,
            track=track,
            title=title,
            body=body,
        )
