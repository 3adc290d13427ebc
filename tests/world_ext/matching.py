"""Matching objects of each test-world program (bulk inserts: every test using the world pays for them).

Who sees what (the crawler and the permission matrix rely on it):
- `position`: the first firm's ambassador position; the second firm has one too (both firms host ambassadors, so
  the ambassador sees both firm names in her preference list).
- `proposal` (locked, ambassadors): `line` places the world's ambassador at the first firm; `other_line` places
  another ambassador of the world (`other_trainees[0]`, a secret name) at the second firm.
- `offer`: the ambassador's open offer at the first firm; `other_offer`: the other ambassador's, at the second firm.
  The first firm's user sees the ambassador's name (never her TCKN or IBAN); never the other ambassador.
- `employment`: the world's operator at the first firm (month-3 checkpoint `checkpoint` due, unconfirmed, with an
  SGK proof); `other_employment`: the other operator of the world at the second firm.
- `visible_to_other_firm`: what the second firm's user legitimately sees of the program's secrets (the names of
  the other ambassador offered to her firm and of the other operator it employs); `visible_to` is per role and
  would hand them to the first firm's user as well.
- `assignment`: the world's mentor mentors the ambassador; its session's notes are a secret only the mentor, the
  ambassador and staff see.
- Firm names: the ambassador picks preferences among the firms hosting ambassadors, the operator names her
  employer among the program's firms, so both see both names (never a tax number).
- `peer_post`: the ambassador's post in the ambassadors' space (ambassadors, mentors and staff read it).
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from ambassadors.models import AmbassadorProfile, MentorAssignment, MentoringSession
from matching.models import (
    Employment,
    MatchingSettings,
    Offer,
    PeerPost,
    Position,
    Proposal,
    ProposalLine,
    RetentionCheckpoint,
    add_months,
)
from portal import roles

TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COMPONENTS = [
    {"key": "province", "weight": 30, "value": 1.0, "detail": {"fit": "listed"}},
    {
        "key": "specialisation",
        "weight": 30,
        "value": 0.5,
        "detail": {"specialisation": "digital", "digital_percent": 50, "green_percent": 50},
    },
    {"key": "sector", "weight": 10, "value": None, "detail": {"reason": "no_interest_stated"}},
    {"key": "training", "weight": 15, "value": 0.8, "detail": {"percent": 80}},
    {"key": "preference", "weight": 15, "value": 1.0, "detail": {"candidate_rank": 1, "firm_rank": 1}},
]


def extend(world, tag: str) -> None:
    program, staff, mentor = world.program, world.users[roles.STAFF], world.users[roles.MENTOR]
    ambassador, operator = world.trainees[roles.AMBASSADOR], world.trainees[roles.OPERATOR]
    other_ambassador, other_operator = world.other_trainees[0], world.other_trainees[1]
    first, second = world.firms
    now, today = timezone.now(), timezone.localdate()
    T = tag.upper()

    MatchingSettings.objects.create(program=program)
    positions = Position.objects.bulk_create(
        [
            Position(program=program, firm=first, track="ambassador", count=2, province_id=first.province_id),
            Position(program=program, firm=second, track="ambassador", count=1, province_id=second.province_id),
            Position(program=program, firm=first, track="operator", count=2, province_id=first.province_id),
            Position(program=program, firm=second, track="operator", count=1, province_id=second.province_id),
        ]
    )
    world.position = positions[0]
    profile = AmbassadorProfile.objects.create(program=program, trainee=ambassador, specialisation="digital")
    profile.work_provinces.set([first.province_id, second.province_id])

    world.proposal = Proposal.objects.create(
        program=program,
        track="ambassador",
        method="optimal",
        status="locked",
        created_by=staff,
        locked_by=staff,
        locked_at=now,
        weights={"province": 30, "specialisation": 30, "sector": 10, "training": 15, "preference": 15},
    )
    world.line, world.other_line = ProposalLine.objects.bulk_create(
        [
            ProposalLine(
                program=program,
                proposal=world.proposal,
                trainee=ambassador,
                position=positions[0],
                firm=first,
                score=78,
                components=COMPONENTS,
            ),
            ProposalLine(
                program=program,
                proposal=world.proposal,
                trainee=other_ambassador,
                position=positions[1],
                firm=second,
                score=64,
                components=COMPONENTS,
            ),
        ]
    )
    deadline = now + timedelta(days=7)
    world.offer, world.other_offer, accepted, other_accepted = Offer.objects.bulk_create(
        [
            Offer(
                program=program,
                proposal=world.proposal,
                position=positions[0],
                firm=first,
                trainee=ambassador,
                score=78,
                components=COMPONENTS,
                deadline=deadline,
            ),
            Offer(
                program=program,
                proposal=world.proposal,
                position=positions[1],
                firm=second,
                trainee=other_ambassador,
                score=64,
                components=COMPONENTS,
                deadline=deadline,
            ),
            Offer(
                program=program,
                proposal=world.proposal,
                position=positions[2],
                firm=first,
                trainee=operator,
                status="accepted",
                firm_answer="accepted",
                candidate_answer="accepted",
                deadline=deadline,
            ),
            Offer(
                program=program,
                proposal=world.proposal,
                position=positions[3],
                firm=second,
                trainee=other_operator,
                status="accepted",
                firm_answer="accepted",
                candidate_answer="accepted",
                deadline=deadline,
            ),
        ]
    )
    start = add_months(today, -4)
    proof = default_storage.save(f"matching/sgk/world-{tag}.pdf", ContentFile(TINY_PDF))
    world.employment, world.other_employment = Employment.objects.bulk_create(
        [
            Employment(
                program=program,
                trainee=operator,
                firm=first,
                offer=accepted,
                start_date=start,
                planned_end_date=Employment.planned_end_for(start),
                gross_salary_kurus=3_000_000,
                sgk_proof=proof,
            ),
            Employment(
                program=program,
                trainee=other_operator,
                firm=second,
                offer=other_accepted,
                start_date=start,
                planned_end_date=Employment.planned_end_for(start),
                gross_salary_kurus=3_100_000,
            ),
        ]
    )
    world.checkpoint, _other = RetentionCheckpoint.objects.bulk_create(
        [
            RetentionCheckpoint(
                program=program,
                employment=e,
                firm_id=e.firm_id,
                trainee_id=e.trainee_id,
                month=3,
                due_on=add_months(start, 3),
            )
            for e in (world.employment, world.other_employment)
        ]
    )
    world.assignment = MentorAssignment.objects.create(
        program=program, mentor=mentor, trainee=ambassador, started_on=today - timedelta(days=40)
    )
    note = f"Mentor notu gizli {tag}"
    MentoringSession.objects.create(
        program=program,
        assignment=world.assignment,
        trainee=ambassador,
        held_on=today - timedelta(days=5),
        topics=f"Yol haritası {T}",
        notes=note,
        created_by=mentor,
    )
    post = f"Akran mesajı {tag}"
    world.peer_post = PeerPost.objects.create(program=program, track="ambassador", author=ambassador.user, body=post)

    world.extra_secrets |= {note, post}
    names = {"ambassador": ambassador.user.full_name, "operator": operator.user.full_name}
    world.visible_to.setdefault(roles.FIRM, set()).update({names["ambassador"], names["operator"]})
    world.visible_to.setdefault(roles.AMBASSADOR, set()).update({first.name, second.name, mentor.full_name, note, post})
    # an operator names her employer from the program's firms (as on the operator call's form)
    world.visible_to.setdefault(roles.OPERATOR, set()).update({first.name, second.name})
    world.visible_to.setdefault(roles.MENTOR, set()).update({names["ambassador"], note, post})
    # The second firm's user (`other_firm_user`) is offered the other ambassador and employs the other operator:
    # their names are hers to see, and a secret for everyone else outside the office (the first firm included).
    world.visible_to_other_firm = {other_ambassador.user.full_name, other_operator.user.full_name}
