"""Every write of matching and employment: keyword-only, in a transaction, checking who acts and the state, writing
an audit event. Views check the same predicates first for a clean 403; a service never trusts its caller.

Concurrency: answering an offer locks the offer row, then its position row (always in that order), so accepting
twice, or two candidates taking the last place at once, ends with one employment — and the database holds it too
(one employment per offer, one active employment per person, one live offer per person).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from firms.models import Firm
from matching import assignment, permissions, scoring, selectors
from matching.models import (
    Employment,
    MatchingSettings,
    Offer,
    PeerPost,
    Position,
    PositionRanking,
    Proposal,
    ProposalLine,
    RetentionCheckpoint,
    add_months,
)
from portal import roles
from portal.api import webhooks
from portal.api.webhooks import webhook_emit
from portal.notifications import recipients
from portal.notifications.service import notify
from portal.registry import employment_ended, employment_start_changed
from portal.services.audit import audit_record
from portal.uploads import validate_upload
from training.models import Trainee


def _require(allowed: bool):
    if not allowed:
        raise PermissionDenied


# --- settings and positions -----------------------------------------------------------------------------------------


@transaction.atomic
def matching_settings_save(*, audience, actor, settings_obj: MatchingSettings) -> MatchingSettings:
    _require(permissions.can_manage(audience))
    settings_obj.program_id = audience.program_id
    settings_obj.updated_by = actor
    settings_obj.full_clean(exclude=["program", "updated_by"])
    if not settings_obj.checkpoints:
        raise ValidationError({"checkpoint_months": _("Give at least one month, e.g. 3,6,12.")})
    settings_obj.save()
    audit_record(
        program_id=audience.program_id,
        actor=actor,
        action="matching.settings_save",
        target=settings_obj,
        data={"weights": settings_obj.weights, "checkpoints": settings_obj.checkpoints},
    )
    return settings_obj


@transaction.atomic
def position_save(*, audience, actor, firm: Firm, track: str, count: int, province, note: str = "") -> Position:
    _require(permissions.can_edit_positions(audience, firm.pk))
    if count < 1:
        raise ValidationError({"count": _("A firm hosts at least one person per position.")})
    position, created = Position.objects.select_for_update().get_or_create(
        program_id=audience.program_id,
        firm=firm,
        track=track,
        defaults={"count": count, "province": province, "note": note},
    )
    if not created:
        hosted = Employment.objects.filter(
            program_id=audience.program_id, firm=firm, trainee__track=track, status=Employment.Status.ACTIVE
        ).count()
        if count < hosted:
            raise ValidationError(
                {"count": _("%(n)s people already work there: the places cannot be fewer.") % {"n": hosted}}
            )
        position.count, position.province, position.note = count, province, note
        position.save(update_fields=["count", "province", "note", "updated_at"])
    audit_record(
        program_id=audience.program_id,
        actor=actor,
        action="matching.position_save",
        target=position,
        data={"count": count, "province": province.pk, "track": track},
    )
    return position


@transaction.atomic
def positions_create_defaults(*, audience, actor) -> int:
    """One ambassador and one operator position per firm that has none yet, with the program's default counts."""
    _require(permissions.can_manage(audience))
    conf = selectors.matching_settings(program_id=audience.program_id)
    existing = set(Position.objects.filter(program_id=audience.program_id).values_list("firm_id", "track"))
    new = []
    for firm in Firm.objects.filter(program_id=audience.program_id).only("id", "province_id"):
        for track, count in (
            (Trainee.Track.AMBASSADOR, conf.ambassadors_per_firm),
            (Trainee.Track.OPERATOR, conf.operators_per_firm),
        ):
            if count and (firm.pk, track) not in existing:
                new.append(
                    Position(
                        program_id=audience.program_id,
                        firm=firm,
                        track=track,
                        count=count,
                        province_id=firm.province_id,
                    )
                )
    Position.objects.bulk_create(new)
    if new:
        audit_record(
            program_id=audience.program_id,
            actor=actor,
            action="matching.positions_create_defaults",
            target=new[0],
            data={"created": len(new)},
        )
    return len(new)


@transaction.atomic
def position_rank(*, audience, actor, position: Position, trainee_ids: list[int]) -> list[PositionRanking]:
    """Replace the firm's ranking of candidates for a position (first = rank 1). Only candidates proposed or
    offered to the firm can be ranked."""
    _require(permissions.can_edit_positions(audience, position.firm_id))
    allowed = set(
        selectors.position_rankable_trainees(audience=audience, position=position).values_list("pk", flat=True)
    )
    if len(set(trainee_ids)) != len(trainee_ids):
        raise ValidationError(_("Each candidate can be ranked once."))
    unknown = [t for t in trainee_ids if t not in allowed]
    if unknown:
        raise ValidationError(_("Only candidates proposed to your firm can be ranked."))
    PositionRanking.objects.filter(position=position).delete()
    rows = PositionRanking.objects.bulk_create(
        PositionRanking(
            program_id=audience.program_id, position=position, firm_id=position.firm_id, trainee_id=t, rank=r
        )
        for r, t in enumerate(trainee_ids, start=1)
    )
    audit_record(
        program_id=audience.program_id,
        actor=actor,
        action="matching.position_rank",
        target=position,
        data={"trainees": trainee_ids},
    )
    return rows


# --- proposals ------------------------------------------------------------------------------------------------------


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


# --- offers ---------------------------------------------------------------------------------------------------------


def _lock_offer(offer: Offer) -> Offer:
    return Offer.objects.select_for_update().get(pk=offer.pk)


@transaction.atomic
def offer_answer_firm(
    *,
    audience,
    actor,
    offer: Offer,
    accept: bool,
    reason: str = "",
    start_date: date | None = None,
    contract_type: str = "",
    gross_salary_kurus: int | None = None,
    start_override_reason: str = "",
) -> Offer:
    """The firm accepts (with start date, contract type and gross salary) or declines (with a reason).

    The start date is never before the day of acceptance (a past start would create claimable months before the
    offer existed); programme staff may record one with a reason, which the audit keeps."""
    _require(permissions.can_answer_as_firm(audience, offer))
    override = (start_override_reason or "").strip()
    if override and not audience.has_role(roles.STAFF):
        raise PermissionDenied
    offer = _lock_offer(offer)
    _check_open(offer)
    if offer.firm_answer != Offer.Answer.PENDING:
        raise ValidationError(_("Your firm has already answered this offer."))
    now = timezone.now()
    if accept:
        errors = {}
        if start_date is None:
            errors["start_date"] = _("Give the start date.")
        elif start_date < timezone.localdate() and not override:
            errors["start_date"] = _("The start date cannot be before today, the day the offer is accepted.")
        if contract_type not in Employment.ContractType.values:
            errors["contract_type"] = _("Choose the contract type.")
        if not gross_salary_kurus or gross_salary_kurus <= 0:
            errors["gross_salary"] = _("Give the monthly gross salary.")
        if errors:
            raise ValidationError(errors)
        offer.start_date, offer.contract_type, offer.gross_salary_kurus = start_date, contract_type, gross_salary_kurus
    offer.firm_answer = Offer.Answer.ACCEPTED if accept else Offer.Answer.DECLINED
    offer.firm_answered_at, offer.firm_answered_by = now, actor
    if accept and override and start_date < timezone.localdate():
        audit_record(
            program_id=offer.program_id,
            actor=actor,
            action="matching.offer_start_override",
            target=offer,
            data={"start": start_date.isoformat(), "reason": override[:500]},
        )
    return _after_answer(offer, actor=actor, accept=accept, reason=reason, side="firm")


@transaction.atomic
def offer_answer_candidate(*, audience, actor, offer: Offer, accept: bool, reason: str = "") -> Offer:
    _require(permissions.can_answer_as_candidate(audience, offer))
    offer = _lock_offer(offer)
    _check_open(offer)
    if offer.candidate_answer != Offer.Answer.PENDING:
        raise ValidationError(_("You have already answered this offer."))
    offer.candidate_answer = Offer.Answer.ACCEPTED if accept else Offer.Answer.DECLINED
    offer.candidate_answered_at = timezone.now()
    return _after_answer(offer, actor=actor, accept=accept, reason=reason, side="candidate")


def _check_open(offer: Offer):
    if offer.status != Offer.Status.OPEN:
        raise ValidationError(_("This offer is closed: %(status)s.") % {"status": offer.get_status_display()})
    if offer.deadline < timezone.now():
        raise ValidationError(_("The deadline for this offer has passed."))


def _after_answer(offer: Offer, *, actor, accept: bool, reason: str, side: str) -> Offer:
    reason = (reason or "").strip()
    if not accept:
        if not reason:
            raise ValidationError({"reason": _("Say why you decline: it helps the next match.")})
        offer.status, offer.closed_at = Offer.Status.DECLINED, timezone.now()
        offer.decline_reason = f"{side}: {reason}"[:2000]
        offer.save()
        _tell_offer(
            offer,
            "matching.offer_declined",
            to_firm=side == "candidate",
            to_candidate=side == "firm",
            extra={"who": _offer_side_name(offer, side), "reason": reason},
        )
        audit_record(
            program_id=offer.program_id,
            actor=actor,
            action="matching.offer_decline",
            target=offer,
            data={"side": side, "reason": reason},
        )
        offer_next(offer=offer, actor=actor)
        return offer
    if offer.firm_answer == Offer.Answer.ACCEPTED and offer.candidate_answer == Offer.Answer.ACCEPTED:
        employment = _employment_from_offer(offer, actor=actor)
        _tell_offer(
            offer,
            "matching.employment_started",
            obj=employment,
            extra={"start": employment.start_date.strftime("%d.%m.%Y")},
        )
    else:
        offer.save()
        _tell_offer(
            offer,
            "matching.offer_accepted_by_other",
            to_firm=side == "candidate",
            to_candidate=side == "firm",
            extra={"who": _offer_side_name(offer, side)},
        )
    audit_record(
        program_id=offer.program_id, actor=actor, action="matching.offer_accept", target=offer, data={"side": side}
    )
    return offer


def _employment_from_offer(offer: Offer, *, actor) -> Employment:
    """Both sides said yes: the place is taken if the position still has one (position row locked)."""
    position = Position.objects.select_for_update().get(pk=offer.position_id)
    hosted = Employment.objects.filter(
        program_id=offer.program_id, firm_id=position.firm_id, trainee__track=position.track, status="active"
    ).count()
    if hosted >= position.count:
        raise ValidationError(_("This position has no place left: all its places are taken."))
    if Employment.objects.filter(program_id=offer.program_id, trainee_id=offer.trainee_id, status="active").exists():
        raise ValidationError(_("This person is already employed through the program."))
    conf = selectors.matching_settings(program_id=offer.program_id)
    offer.status, offer.closed_at = Offer.Status.ACCEPTED, timezone.now()
    offer.save()
    try:
        with transaction.atomic():
            employment = Employment.objects.create(
                program_id=offer.program_id,
                trainee_id=offer.trainee_id,
                firm_id=offer.firm_id,
                offer=offer,
                start_date=offer.start_date,
                planned_end_date=Employment.planned_end_for(offer.start_date, conf.employment_months),
                contract_type=offer.contract_type,
                gross_salary_kurus=offer.gross_salary_kurus,
            )
    except IntegrityError as error:
        raise ValidationError(_("This offer has already become an employment.")) from error
    _checkpoints_create(employment, conf)
    audit_record(
        program_id=offer.program_id,
        actor=actor,
        action="matching.employment_start",
        target=employment,
        data={"offer": offer.pk, "start": employment.start_date.isoformat()},
    )
    webhook_emit(
        program_id=employment.program_id,
        event=webhooks.EMPLOYMENT_STARTED,
        data={"employment": employment.pk, "firm": employment.firm_id, "start_date": employment.start_date},
    )
    return employment


def _checkpoints_create(employment: Employment, conf: MatchingSettings):
    RetentionCheckpoint.objects.bulk_create(
        RetentionCheckpoint(
            program_id=employment.program_id,
            employment=employment,
            firm_id=employment.firm_id,
            trainee_id=employment.trainee_id,
            month=month,
            due_on=add_months(employment.start_date, month),
        )
        for month in conf.checkpoints
        if month <= conf.employment_months
    )


def offer_next(*, offer: Offer, actor) -> Offer | None:
    """The place of a declined or expired offer goes to the next-best candidate: the highest score at this position
    among candidates with no live offer, no employment and no earlier offer here. None: the place waits (waitlist
    empty)."""
    position = Position.objects.select_related("firm").get(pk=offer.position_id)
    tried = set(Offer.objects.filter(position=position).values_list("trainee_id", flat=True))
    busy = set(
        Offer.objects.filter(program_id=offer.program_id, status__in=["open", "accepted"]).values_list(
            "trainee_id", flat=True
        )
    )
    trainees = [
        t
        for t in selectors.matchable_trainees(program_id=offer.program_id, track=position.track)
        if t.pk not in tried and t.pk not in busy
    ]
    if not trainees:
        return None
    proposal = Proposal.objects.get(pk=offer.proposal_id)
    candidates = selectors.scoring_candidates(program_id=offer.program_id, trainees=trainees)
    slot = selectors.scoring_slots(program_id=offer.program_id, positions=[position])[0]
    best = None
    for candidate in candidates:
        explained = scoring.score_pair(candidate, slot, proposal.weights)
        if explained.excluded:
            continue
        if best is None or (explained.score, -candidate.id) > (best.score, -best.candidate_id):
            best = explained
    if best is None:
        return None
    conf = selectors.matching_settings(program_id=offer.program_id)
    new = Offer.objects.create(
        program_id=offer.program_id,
        proposal=proposal,
        position=position,
        firm_id=position.firm_id,
        trainee_id=best.candidate_id,
        score=Decimal(str(best.score)).quantize(Decimal("0.01")),
        components=[c.as_dict() for c in best.components],
        deadline=timezone.now() + timedelta(days=conf.offer_deadline_days),
        replaces=offer,
    )
    audit_record(
        program_id=offer.program_id, actor=actor, action="matching.offer_next", target=new, data={"replaces": offer.pk}
    )
    offers_tell_made(offers=[new.pk])
    return new


def offers_expire(*, program_id: int, now=None) -> int:
    """Close open offers past their deadline and pass each place on. Idempotent: safe to run any time."""
    now = now or timezone.now()
    expired = 0
    for pk in list(selectors.offers_overdue(program_id=program_id, now=now).values_list("pk", flat=True)):
        with transaction.atomic():
            offer = Offer.objects.select_for_update().get(pk=pk)
            if offer.status != Offer.Status.OPEN or offer.deadline >= now:
                continue
            offer.status, offer.closed_at = Offer.Status.EXPIRED, now
            offer.save(update_fields=["status", "closed_at"])
            audit_record(program_id=program_id, actor=None, action="matching.offer_expire", target=offer)
            new = offer_next(offer=offer, actor=None)
            rolled = (
                gettext_lazy("The place has been offered to the next candidate.")
                if new
                else gettext_lazy("No other candidate is waiting: the programme staff will look for one.")
            )
            _tell_offer(offer, "matching.offer_expired", extra={"rolled": rolled})
            expired += 1
    return expired


def _offer_context(offer: Offer) -> dict:
    return {
        "firm": offer.firm.name,
        "name": offer.trainee.user.get_full_name(),
        "deadline": timezone.localtime(offer.deadline).strftime("%d.%m.%Y %H:%M"),
    }


def _offer_side_name(offer: Offer, side: str) -> str:
    return offer.firm.name if side == "firm" else offer.trainee.user.get_full_name()


def _tell_offer(
    offer: Offer, kind: str, *, to_firm=True, to_candidate=True, firm_kind="", obj=None, key="", extra=None
) -> None:
    """Tell the candidate (with her phone) and/or the firm's users about one offer, in this transaction."""
    offer = Offer.objects.select_related("firm", "trainee__user").get(pk=offer.pk) if not _loaded(offer) else offer
    link = reverse("matching:offer_detail", args=[offer.pk])
    context = {**_offer_context(offer), **(extra or {})}
    if to_candidate:
        notify(
            kind=kind,
            recipients=[recipients.trainee(offer.trainee)],
            obj=obj or offer,
            key=key,
            context=context,
            link=link,
        )
    if to_firm:
        users = recipients.firm_users(program_id=offer.program_id, firm_ids=[offer.firm_id]).get(offer.firm_id, [])
        notify(kind=firm_kind or kind, recipients=users, obj=obj or offer, key=key, context=context, link=link)


def _loaded(offer: Offer) -> bool:
    return "firm" in offer._state.fields_cache and "trainee" in offer._state.fields_cache


def offers_tell_made(*, offers: list[int]) -> None:
    """A new offer: the candidate by SMS, email and inbox; the firm's users by email and inbox."""
    for offer in Offer.objects.filter(pk__in=offers).select_related("firm", "trainee__user").order_by("pk"):
        _tell_offer(offer, "matching.offer_made", firm_kind="matching.offer_made_firm")


def offers_remind(*, program_id: int, now=None) -> int:
    """48 and 24 hours before an offer's deadline, remind each side that has not answered. Idempotent (the
    notification key holds the window), so running it hourly sends each reminder once."""
    now = now or timezone.now()
    sent = 0
    rows = (
        Offer.objects.filter(program_id=program_id, status=Offer.Status.OPEN, deadline__gt=now)
        .filter(deadline__lte=now + timedelta(hours=48))
        .select_related("firm", "trainee__user")
        .order_by("pk")
    )
    for offer in rows:
        window = "24h" if offer.deadline <= now + timedelta(hours=24) else "48h"
        to_candidate = offer.candidate_answer == Offer.Answer.PENDING
        to_firm = offer.firm_answer == Offer.Answer.PENDING
        if to_candidate or to_firm:
            _tell_offer(offer, "matching.offer_reminder", to_firm=to_firm, to_candidate=to_candidate, key=window)
            sent += 1
    return sent


# --- employment -----------------------------------------------------------------------------------------------------


@transaction.atomic
def employment_record(
    *,
    audience,
    actor,
    trainee: Trainee,
    firm: Firm,
    start_date: date,
    gross_salary_kurus: int,
    reason: str,
    contract_type: str = Employment.ContractType.PERMANENT,
) -> Employment:
    """Programme staff record an employment that did not come through an offer (the firm reported it late, or
    hired her directly), with a reason; audited. Money follows from the employment like any other: the stipend
    gives way to salary support from its start, and what was paid for those days becomes a receivable."""
    _require(permissions.can_manage(audience))
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Say why the employment is recorded by hand.")
    if not gross_salary_kurus or gross_salary_kurus <= 0:
        errors["gross_salary"] = _("Give the monthly gross salary.")
    if trainee.program_id != audience.program_id or firm.program_id != audience.program_id:
        raise PermissionDenied
    if Employment.objects.filter(program_id=trainee.program_id, trainee=trainee, status="active").exists():
        errors["trainee"] = _("This person is already employed through the program.")
    if errors:
        raise ValidationError(errors)
    conf = selectors.matching_settings(program_id=trainee.program_id)
    employment = Employment.objects.create(
        program_id=trainee.program_id,
        trainee=trainee,
        firm=firm,
        start_date=start_date,
        planned_end_date=Employment.planned_end_for(start_date, conf.employment_months),
        contract_type=contract_type,
        gross_salary_kurus=gross_salary_kurus,
    )
    _checkpoints_create(employment, conf)
    audit_record(
        program_id=employment.program_id,
        actor=actor,
        action="matching.employment_record",
        target=employment,
        data={"start": start_date.isoformat(), "reason": reason[:500]},
    )
    return employment


@transaction.atomic
def employment_start_correct(*, audience, actor, employment: Employment, start_date: date, reason: str) -> Employment:
    """Programme staff correct an employment's start date (e.g. the SGK record shows another day), with a reason;
    audited with the old and new dates. Claims already made for months outside the new period must be rejected
    first; the stipend months in between are decided again (stipends' hook)."""
    _require(permissions.can_manage(audience))
    employment = Employment.objects.select_for_update().get(pk=employment.pk, program_id=audience.program_id)
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Say why the start date changes.")
    if start_date is None:
        errors["start_date"] = _("Give the start date.")
    elif employment.terminated_on and start_date > employment.terminated_on:
        errors["start_date"] = _("The start date cannot be after the end.")
    if errors:
        raise ValidationError(errors)
    old = employment.start_date
    if start_date == old:
        return employment
    conf = selectors.matching_settings(program_id=employment.program_id)
    planned_end = Employment.planned_end_for(start_date, conf.employment_months)
    outside = employment.support_claims.exclude(status="rejected").filter(
        models.Q(period__lt=start_date.replace(day=1)) | models.Q(period__gt=planned_end)
    )
    if outside.exists():
        raise ValidationError(
            {"start_date": _("Salary support is claimed for months outside the new period: reject those claims first.")}
        )
    employment.start_date, employment.planned_end_date = start_date, planned_end
    employment.save(update_fields=["start_date", "planned_end_date"])
    for checkpoint in RetentionCheckpoint.objects.filter(employment=employment, firm_confirmed_at__isnull=True):
        checkpoint.due_on = add_months(start_date, checkpoint.month)
        checkpoint.save(update_fields=["due_on"])
    audit_record(
        program_id=employment.program_id,
        actor=actor,
        action="matching.employment_start_correct",
        target=employment,
        data={"from": old.isoformat(), "to": start_date.isoformat(), "reason": reason[:500]},
    )
    for _name, hook in employment_start_changed.items():
        hook(employment, old)
    return employment


@transaction.atomic
def employment_sgk_upload(*, audience, actor, employment: Employment, upload) -> Employment:
    _require(permissions.can_manage_employment(audience, employment))
    validate_upload(upload)
    employment = Employment.objects.select_for_update().get(pk=employment.pk)
    employment.sgk_proof.save(f"sgk-{employment.pk}-{upload.name[-40:]}", upload, save=False)
    employment.save(update_fields=["sgk_proof"])
    audit_record(program_id=employment.program_id, actor=actor, action="matching.employment_sgk", target=employment)
    return employment


@transaction.atomic
def employment_terminate(*, audience, actor, employment: Employment, on: date, reason: str) -> Employment:
    """End an employment early. Calls every `portal.registry.employment_ended` hook inside this transaction (stipends
    stops claims and raises a clawback for support paid beyond `on`)."""
    _require(permissions.can_manage_employment(audience, employment))
    employment = Employment.objects.select_for_update().get(pk=employment.pk)
    reason = (reason or "").strip()
    errors = {}
    if employment.status != Employment.Status.ACTIVE:
        raise ValidationError(_("This employment has already ended."))
    if not reason:
        errors["reason"] = _("Say why the employment ended.")
    if on is None or on < employment.start_date:
        errors["on"] = _("The end date cannot be before the start date.")
    elif on > employment.planned_end_date:
        errors["on"] = _("The end date is after the planned end: nothing ends early.")
    if errors:
        raise ValidationError(errors)
    employment.status, employment.terminated_on, employment.termination_reason = (
        Employment.Status.TERMINATED,
        on,
        reason,
    )
    employment.save(update_fields=["status", "terminated_on", "termination_reason"])
    audit_record(
        program_id=employment.program_id,
        actor=actor,
        action="matching.employment_terminate",
        target=employment,
        data={"on": on.isoformat(), "reason": reason},
    )
    webhook_emit(
        program_id=employment.program_id,
        event=webhooks.EMPLOYMENT_ENDED,
        data={"employment": employment.pk, "firm": employment.firm_id, "ended_on": on, "early": True},
    )
    for _name, hook in employment_ended.items():
        hook(employment)
    return employment


def employments_complete(*, program_id: int, today: date | None = None) -> int:
    """Active employments whose planned end has passed become completed. Idempotent."""
    today = today or timezone.localdate()
    with transaction.atomic():
        ending = list(
            Employment.objects.select_for_update()
            .filter(program_id=program_id, status="active", planned_end_date__lt=today)
            .values_list("pk", "firm_id", "planned_end_date")
        )
        done = Employment.objects.filter(pk__in=[pk for pk, _firm, _end in ending]).update(
            status=Employment.Status.COMPLETED
        )
        for pk, firm_id, ended_on in ending:  # partners are told of a normal end too
            webhook_emit(
                program_id=program_id,
                event=webhooks.EMPLOYMENT_ENDED,
                data={"employment": pk, "firm": firm_id, "ended_on": ended_on, "early": False},
            )
    return done


# --- retention checkpoints ------------------------------------------------------------------------------------------


@transaction.atomic
def checkpoint_confirm(
    *, audience, actor, checkpoint: RetentionCheckpoint, still_employed: bool
) -> RetentionCheckpoint:
    """The firm (or staff for it) and the person confirm she is still employed at this checkpoint."""
    checkpoint = (
        RetentionCheckpoint.objects.select_for_update().select_related("employment", "trainee").get(pk=checkpoint.pk)
    )
    if checkpoint.due_on > timezone.localdate():
        raise ValidationError(_("This checkpoint is not due yet."))
    as_firm = permissions.can_confirm_as_firm(audience, checkpoint)
    as_person = checkpoint.trainee.user_id == actor.pk
    _require(as_firm or as_person)
    now = timezone.now()
    if as_firm:
        if checkpoint.firm_confirmed_at:
            raise ValidationError(_("Already confirmed."))
        checkpoint.firm_confirmed_at, checkpoint.firm_confirmed_by = now, actor
        checkpoint.still_employed = still_employed
    else:
        if checkpoint.person_confirmed_at:
            raise ValidationError(_("Already confirmed."))
        checkpoint.person_confirmed_at = now
        if checkpoint.still_employed is None or not still_employed:
            checkpoint.still_employed = still_employed
    checkpoint.save()
    audit_record(
        program_id=checkpoint.program_id,
        actor=actor,
        action="matching.checkpoint_confirm",
        target=checkpoint,
        data={"side": "firm" if as_firm else "person", "still_employed": still_employed},
    )
    return checkpoint


def checkpoints_remind(*, program_id: int, today: date | None = None) -> int:
    """Tell the firm's users and the person about overdue checkpoints, at most once a week each. Safe daily."""
    today = today or timezone.localdate()
    conf = selectors.matching_settings(program_id=program_id)
    week_ago = timezone.now() - timedelta(days=7)
    due = list(
        selectors.checkpoints_overdue(program_id=program_id, today=today, grace_days=conf.checkpoint_grace_days)
        .filter(employment__status=Employment.Status.ACTIVE)
        .exclude(reminded_at__gte=week_ago)
        .select_related("trainee__user", "firm")
    )
    users = recipients.firm_users(program_id=program_id, firm_ids={c.firm_id for c in due})
    year, week, _day = today.isocalendar()
    for checkpoint in due:
        told = []
        if not checkpoint.firm_confirmed_at:
            told += users.get(checkpoint.firm_id, [])
        if not checkpoint.person_confirmed_at:
            told.append(recipients.trainee(checkpoint.trainee))
        notify(
            kind="matching.checkpoint_overdue",
            recipients=told,
            obj=checkpoint,
            key=f"{year}-w{week}",
            context={
                "name": checkpoint.trainee.user.get_full_name(),
                "firm": checkpoint.firm.name,
                "month": checkpoint.month,
                "due": checkpoint.due_on.strftime("%d.%m.%Y"),
            },
            link=reverse("matching:overview"),
        )
    RetentionCheckpoint.objects.filter(pk__in=[c.pk for c in due]).update(reminded_at=timezone.now())
    return len(due)


# --- the peer space -------------------------------------------------------------------------------------------------


@transaction.atomic
def peer_post_create(*, audience, actor, track: str, body: str, title: str = "", parent: PeerPost | None = None):
    if track not in selectors.peer_tracks_for_user(audience=audience):
        raise PermissionDenied
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    if len(body) > 5000:
        raise ValidationError({"body": _("Keep it under 5,000 characters.")})
    if parent is not None and (parent.track != track or parent.parent_id or parent.hidden_at):
        raise ValidationError(_("You can reply only to a visible post of this space."))
    post = PeerPost.objects.create(
        program_id=audience.program_id, track=track, parent=parent, author=actor, title=(title or "")[:200], body=body
    )
    audit_record(program_id=audience.program_id, actor=actor, action="matching.peer_post", target=post)
    return post


@transaction.atomic
def peer_post_hide(*, audience, actor, post: PeerPost, reason: str) -> PeerPost:
    _require(permissions.can_moderate(audience))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you hide it: the author sees the reason.")})
    post = PeerPost.objects.select_for_update().get(pk=post.pk)
    if post.hidden_at:
        raise ValidationError(_("Already hidden."))
    post.hidden_at, post.hidden_by, post.hidden_reason = timezone.now(), actor, reason[:300]
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(
        program_id=post.program_id, actor=actor, action="matching.peer_hide", target=post, data={"reason": reason}
    )
    return post


def exclusion_text(code: str) -> str:
    from matching.explain import exclusion_text as text

    return text(code)
