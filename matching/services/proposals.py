"""Proposals."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import assignment, permissions, scoring, selectors
from matching.models import (
    Offer,
    Position,
    Proposal,
    ProposalLine,
)
from portal.services.audit import audit_record
from training.models import Trainee

from ._common import _require
from .offers import offers_tell_made
from .peers import exclusion_text


def build_matrix(*, program_id: int, track: str, weights: dict):
    trainees = list(selectors.matchable_trainees(program_id=program_id, track=track))
    candidates = selectors.scoring_candidates(program_id=program_id, trainees=trainees)
    positions = list(selectors.positions_of_track(program_id=program_id, track=track))
    slots = selectors.scoring_slots(program_id=program_id, positions=positions)
    return scoring.score_matrix(candidates, slots, weights), trainees, positions


def _components_json(candidate, slot, weights) -> tuple[Decimal, list]:
    explained = scoring.score_pair(candidate, slot, weights)
    return Decimal(str(explained.score)).quantize(Decimal("0.01")), [c.as_dict() for c in explained.components]


def _exclusions(matrix) -> list:
    """For candidates placed nowhere: why not (the hard constraints that ruled out each position)."""
    out = []
    for i, candidate in enumerate(matrix.candidates):
        if matrix.allowed[i].any():
            continue
        reasons = {}
        for slot in matrix.slots:
            code = scoring.exclusion(candidate, slot)
            if code:
                reasons[code] = reasons.get(code, 0) + 1
        out.append({"trainee_id": candidate.id, "reasons": reasons})
    return out


@transaction.atomic
def proposal_run(*, audience, actor, track: str, method: str) -> Proposal:
    """Score every candidate × position of the track and assign: optimal (highest total score) or stable."""
    _require(permissions.can_manage(audience))
    if track not in Trainee.Track.values or method not in Proposal.Method.values:
        raise ValidationError(_("Choose a track and a method."))
    conf = selectors.matching_settings(program_id=audience.program_id)
    weights = conf.weights
    if not any(weights.values()):
        raise ValidationError(_("All score weights are zero: set them in the matching settings."))
    matrix, _trainees, positions = build_matrix(program_id=audience.program_id, track=track, weights=weights)
    if not positions:
        raise ValidationError(_("No firm has positions for this track yet."))
    result = assignment.optimal(matrix) if method == Proposal.Method.OPTIMAL else assignment.stable(matrix)
    proposal = Proposal.objects.create(
        program_id=audience.program_id,
        track=track,
        method=method,
        created_by=actor,
        weights=weights,
        exclusions=_exclusions(matrix),
        total_score=Decimal(str(round(assignment.total_score(matrix, result), 2))),
    )
    lines = []
    for i, candidate in enumerate(matrix.candidates):
        j = result.get(i)
        if j is None:
            lines.append(ProposalLine(program_id=audience.program_id, proposal=proposal, trainee_id=candidate.id))
            continue
        slot = matrix.slots[j]
        score, parts = _components_json(candidate, slot, weights)
        lines.append(
            ProposalLine(
                program_id=audience.program_id,
                proposal=proposal,
                trainee_id=candidate.id,
                position_id=slot.id,
                firm_id=slot.firm_id,
                score=score,
                components=parts,
            )
        )
    ProposalLine.objects.bulk_create(lines, batch_size=2000)
    audit_record(
        program_id=audience.program_id,
        actor=actor,
        action="matching.proposal_run",
        target=proposal,
        data={"track": track, "method": method, "placed": len(result), "candidates": len(matrix.candidates)},
    )
    return proposal


def explain(*, program_id: int, trainee: Trainee, position: Position, weights: dict) -> scoring.Explanation:
    """The score of one candidate at one position, as of now."""
    candidate = selectors.scoring_candidates(program_id=program_id, trainees=[trainee])[0]
    slot = selectors.scoring_slots(program_id=program_id, positions=[position])[0]
    return scoring.score_pair(candidate, slot, weights)


@transaction.atomic
def proposal_adjust(*, audience, actor, line: ProposalLine, position: Position | None, reason: str) -> ProposalLine:
    """Staff move a candidate to another position (or to the waitlist) in a draft proposal, with a reason. Hard
    constraints and capacities still hold."""
    _require(permissions.can_manage(audience))
    proposal = Proposal.objects.select_for_update().get(pk=line.proposal_id)
    if proposal.status != Proposal.Status.DRAFT:
        raise ValidationError(_("Only a draft proposal can be changed."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you change the proposal.")})
    before = line.position_id
    if position is None:
        line.position, line.firm, line.score, line.components = None, None, Decimal("0"), []
    else:
        if position.track != proposal.track or position.program_id != proposal.program_id:
            raise ValidationError({"position": _("This position is for another track.")})
        trainee = Trainee.objects.select_related("user").get(pk=line.trainee_id)
        explained = explain(
            program_id=proposal.program_id, trainee=trainee, position=position, weights=proposal.weights
        )
        if explained.excluded:
            raise ValidationError({"position": exclusion_text(explained.exclusion)})
        taken = proposal.lines.filter(position=position).exclude(pk=line.pk).count()
        if taken >= position.count:
            raise ValidationError({"position": _("This position is full in this proposal: move someone out first.")})
        line.position, line.firm_id = position, position.firm_id
        line.score = Decimal(str(explained.score)).quantize(Decimal("0.01"))
        line.components = [c.as_dict() for c in explained.components]
    line.adjusted_reason, line.adjusted_by = reason[:300], actor
    line.save()
    proposal.total_score = sum((x.score for x in proposal.lines.all()), Decimal("0"))
    proposal.save(update_fields=["total_score"])
    audit_record(
        program_id=proposal.program_id,
        actor=actor,
        action="matching.proposal_adjust",
        target=line,
        data={"from": before, "to": line.position_id, "reason": reason},
    )
    return line


@transaction.atomic
def proposal_lock(*, audience, actor, proposal: Proposal) -> list[Offer]:
    """Fix a draft proposal: its placed lines become offers to both sides, with the program's deadline."""
    _require(permissions.can_manage(audience))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.DRAFT:
        raise ValidationError(_("This proposal is not a draft."))
    if Proposal.objects.filter(program_id=proposal.program_id, track=proposal.track, status="locked").exists():
        raise ValidationError(_("Another proposal of this track is already locked."))
    proposal.status, proposal.locked_by, proposal.locked_at = Proposal.Status.LOCKED, actor, timezone.now()
    proposal.save(update_fields=["status", "locked_by", "locked_at"])
    Proposal.objects.filter(program_id=proposal.program_id, track=proposal.track, status="draft").update(
        status=Proposal.Status.DISCARDED
    )
    conf = selectors.matching_settings(program_id=proposal.program_id)
    deadline = timezone.now() + timedelta(days=conf.offer_deadline_days)
    busy = set(
        Offer.objects.filter(program_id=proposal.program_id, status__in=["open", "accepted"]).values_list(
            "trainee_id", flat=True
        )
    )
    offers = Offer.objects.bulk_create(
        Offer(
            program_id=proposal.program_id,
            proposal=proposal,
            position_id=line.position_id,
            firm_id=line.firm_id,
            trainee_id=line.trainee_id,
            score=line.score,
            components=line.components,
            deadline=deadline,
        )
        for line in proposal.lines.filter(position__isnull=False).order_by("pk")
        if line.trainee_id not in busy
    )
    audit_record(
        program_id=proposal.program_id,
        actor=actor,
        action="matching.proposal_lock",
        target=proposal,
        data={"offers": len(offers)},
    )
    offers_tell_made(offers=[o.pk for o in offers])
    return offers


@transaction.atomic
def proposal_discard(*, audience, actor, proposal: Proposal) -> Proposal:
    _require(permissions.can_manage(audience))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.DRAFT:
        raise ValidationError(_("Only a draft proposal can be discarded."))
    proposal.status = Proposal.Status.DISCARDED
    proposal.save(update_fields=["status"])
    audit_record(program_id=proposal.program_id, actor=actor, action="matching.proposal_discard", target=proposal)
    return proposal
