"""Settings and positions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from firms.models import Firm
from matching import permissions, selectors
from matching.models import (
    Employment,
    MatchingSettings,
    Position,
    PositionRanking,
)
from portal.services.audit import audit_record
from training.models import Trainee

from ._common import _require


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
