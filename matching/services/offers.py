"""Offers."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching import permissions, scoring, selectors
from matching.models import (
    Employment,
    MatchingSettings,
    Offer,
    Position,
    Proposal,
    RetentionCheckpoint,
    add_months,
)
from portal import roles
from portal.api import webhooks
from portal.api.webhooks import webhook_emit
from portal.notifications import recipients
from portal.notifications.service import notify
from portal.services.audit import audit_record

from ._common import _require


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
