"""Reads of matching and employment, scoped to the audience. `*_get_for_user` answers 404 for missing and
not-yours alike.

Who sees what: the programme office sees the whole program; a firm user only the candidates proposed or offered to
her firm (names, provinces and the score's explanation: never TCKN or IBAN, which these reads never load), her
firm's positions, offers and employments; a candidate only her own offers, employment and checkpoints.
"""

from datetime import date, timedelta

from django.db.models import Avg, Count, F, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from ambassadors.models import AmbassadorProfile, FirmPreference
from assessments.models import RoadmapItem
from firms.models import Firm
from matching import scoring
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
)
from operators.models import OperatorProfile
from portal import roles
from training.models import Grade, Trainee

TRAINEE_ROLES = (roles.AMBASSADOR, roles.OPERATOR)
# Only what a firm needs to know about a candidate: never tckn, iban, phone.
TRAINEE_PUBLIC_FIELDS = ("id", "track", "province_id", "user_id", "user__full_name", "province__name")


# --- the contract with stipends and reports -------------------------------------------------------------------------


def employments_for_firm(*, audience, firm_id):
    """The employments at one firm the audience may see (programme office: any firm; firm user: her own)."""
    qs = Employment.objects.filter(program_id=audience.program_id, firm_id=firm_id).select_related(
        "trainee__user", "firm"
    )
    if audience.is_program_office or firm_id in audience.firm_ids:
        return qs
    return qs.none()


def employments_active_in_month(*, program_id, month_start, month_end):
    """Employments whose period (start .. end or planned end) overlaps the month [month_start, month_end]."""
    return (
        Employment.objects.filter(program_id=program_id, start_date__lte=month_end)
        .filter(
            Q(terminated_on__isnull=True, planned_end_date__gte=month_start)
            | Q(terminated_on__isnull=False, terminated_on__gte=month_start)
        )
        .select_related("trainee__user", "firm")
    )


# --- settings -------------------------------------------------------------------------------------------------------


def matching_settings(*, program_id) -> MatchingSettings:
    """The program's settings; until staff save them, the defaults (an unsaved row)."""
    return MatchingSettings.objects.filter(program_id=program_id).first() or MatchingSettings(program_id=program_id)


# --- firm needs (from the roadmaps) ---------------------------------------------------------------------------------

DIGITAL_FRAMEWORKS = ("SIRI",)
GREEN_FRAMEWORKS = ("COSIRI",)


def firm_needs(*, program_id, firm_ids=None) -> dict:
    """firm id -> (digital share, green share, digital items, green items) of its roadmap priorities (items not
    dropped). A firm without a roadmap counts as half and half; its declared interests tip the balance."""
    items = RoadmapItem.objects.filter(program_id=program_id).exclude(status=RoadmapItem.Status.DROPPED)
    if firm_ids is not None:
        items = items.filter(firm_id__in=firm_ids)
    counts = items.values("firm_id").annotate(
        digital=Count("pk", filter=Q(roadmap__assessment__framework__code__in=DIGITAL_FRAMEWORKS)),
        green=Count("pk", filter=Q(roadmap__assessment__framework__code__in=GREEN_FRAMEWORKS)),
    )
    out = {}
    for row in counts:
        total = row["digital"] + row["green"]
        if total:
            out[row["firm_id"]] = (row["digital"] / total, row["green"] / total, row["digital"], row["green"])
    return out


def _interest_needs(firm) -> tuple:
    if firm.digital_interest and not firm.green_interest:
        return (0.75, 0.25, 0, 0)
    if firm.green_interest and not firm.digital_interest:
        return (0.25, 0.75, 0, 0)
    return (0.5, 0.5, 0, 0)


# --- candidates and positions as the scoring sees them --------------------------------------------------------------


def training_percents(*, program_id, trainee_ids=None) -> dict:
    grades = Grade.objects.filter(program_id=program_id)
    if trainee_ids is not None:
        grades = grades.filter(trainee_id__in=trainee_ids)
    return {r["trainee_id"]: round(r["avg"]) for r in grades.values("trainee_id").annotate(avg=Avg("score"))}


def matchable_trainees(*, program_id, track):
    """Trainees of the track who trained (active or completed) and are not employed through the program now."""
    employed = Employment.objects.filter(program_id=program_id, status=Employment.Status.ACTIVE)
    return (
        Trainee.objects.filter(
            program_id=program_id, track=track, status__in=[Trainee.Status.ACTIVE, Trainee.Status.COMPLETED]
        )
        .exclude(pk__in=employed.values("trainee_id"))
        .select_related("user", "province")
        .only("id", "track", "province_id", "user_id", "user__full_name", "province__name")
    )


def _grouped(rows) -> dict:
    out: dict = {}
    for key, value in rows:
        out.setdefault(key, set()).add(value)
    return out


def scoring_candidates(*, program_id, trainees) -> list:
    """scoring.Candidate for each trainee, in a fixed number of flat queries (no per-row prefetch objects: this
    runs for thousands of candidates)."""
    ids = [t.pk for t in trainees]
    percents = training_percents(program_id=program_id, trainee_ids=ids)
    amb = {
        row["trainee_id"]: row
        for row in AmbassadorProfile.objects.filter(program_id=program_id, trainee_id__in=ids).values(
            "id", "trainee_id", "specialisation", "willing_to_relocate"
        )
    }
    amb_ids = [row["id"] for row in amb.values()]
    amb_provinces = _grouped(
        AmbassadorProfile.work_provinces.through.objects.filter(ambassadorprofile_id__in=amb_ids).values_list(
            "ambassadorprofile_id", "province_id"
        )
    )
    amb_sectors = _grouped(
        AmbassadorProfile.sectors.through.objects.filter(ambassadorprofile_id__in=amb_ids).values_list(
            "ambassadorprofile_id", "sector_id"
        )
    )
    ranks: dict = {}
    for profile_id, firm_id, rank in FirmPreference.objects.filter(
        program_id=program_id, profile_id__in=amb_ids
    ).values_list("profile_id", "firm_id", "rank"):
        ranks.setdefault(profile_id, {})[firm_id] = rank
    ops = {
        row["trainee_id"]: row
        for row in OperatorProfile.objects.filter(program_id=program_id, trainee_id__in=ids).values(
            "id", "trainee_id", "employment", "employer_id", "wants_other_firm"
        )
    }
    op_provinces = _grouped(
        OperatorProfile.work_provinces.through.objects.filter(
            operatorprofile_id__in=[row["id"] for row in ops.values()]
        ).values_list("operatorprofile_id", "province_id")
    )
    employed_at = _grouped(
        Employment.objects.filter(program_id=program_id, trainee_id__in=ids, status="active").values_list(
            "trainee_id", "firm_id"
        )
    )
    out = []
    for t in trainees:
        if t.track == Trainee.Track.AMBASSADOR:
            a = amb.get(t.pk)
            pid = a["id"] if a else None
            out.append(
                scoring.Candidate(
                    id=t.pk,
                    track=t.track,
                    province_id=t.province_id,
                    work_province_ids=frozenset(amb_provinces.get(pid, ())),
                    willing_to_relocate=bool(a and a["willing_to_relocate"]),
                    specialisation=a["specialisation"] if a else "both",
                    sector_ids=frozenset(amb_sectors.get(pid, ())),
                    training_percent=percents.get(t.pk),
                    firm_ranks=ranks.get(pid, {}),
                    employed_at=frozenset(employed_at.get(t.pk, ())),
                )
            )
        else:
            o = ops.get(t.pk)
            stays = bool(o and o["employment"] == "employed" and o["employer_id"] and not o["wants_other_firm"])
            out.append(
                scoring.Candidate(
                    id=t.pk,
                    track=t.track,
                    province_id=t.province_id,
                    work_province_ids=frozenset(op_provinces.get(o["id"], ())) if o else frozenset(),
                    training_percent=percents.get(t.pk),
                    own_firm_id=o["employer_id"] if stays else None,
                    employed_at=frozenset(employed_at.get(t.pk, ())),
                )
            )
    return out


def positions_of_track(*, program_id, track):
    return (
        Position.objects.filter(program_id=program_id, track=track)
        .select_related("firm", "province")
        .prefetch_related(Prefetch("rankings", queryset=PositionRanking.objects.order_by("rank")))
    )


def scoring_slots(*, program_id, positions) -> list:
    positions = list(positions)
    needs = firm_needs(program_id=program_id, firm_ids=[p.firm_id for p in positions])
    out = []
    for p in positions:
        digital, green, *_ = needs.get(p.firm_id) or _interest_needs(p.firm)
        out.append(
            scoring.Slot(
                id=p.pk,
                firm_id=p.firm_id,
                track=p.track,
                capacity=p.count,
                province_id=p.province_id,
                digital_need=digital,
                green_need=green,
                sector_id=p.firm.sector_id,
                candidate_ranks={r.trainee_id: r.rank for r in p.rankings.all()},
            )
        )
    return out


def provinces():
    """Shared reference data: every province, by name."""
    from portal.models import Province

    return Province.objects.order_by("name")


# --- positions ------------------------------------------------------------------------------------------------------


def position_list_for_user(*, audience):
    positions = Position.objects.filter(program_id=audience.program_id).select_related("firm", "province")
    if audience.is_program_office:
        return positions
    if audience.has_role(roles.FIRM):
        return positions.filter(firm_id__in=audience.firm_ids)
    return positions.none()


def position_get_for_user(*, audience, pk) -> Position:
    position = position_list_for_user(audience=audience).filter(pk=pk).first()
    if position is None:
        raise Http404
    return position


def firms_for_positions(*, audience):
    firms = Firm.objects.filter(program_id=audience.program_id).select_related("province").order_by("name")
    if audience.is_program_office:
        return firms
    return firms.filter(pk__in=audience.firm_ids)


def position_rankable_trainees(*, audience, position):
    """Whom a firm may rank: the candidates proposed or offered to its firm for this track."""
    proposed = ProposalLine.objects.filter(
        program_id=audience.program_id,
        firm_id=position.firm_id,
        proposal__track=position.track,
        proposal__status=Proposal.Status.LOCKED,
    )
    offered = Offer.objects.filter(program_id=audience.program_id, firm_id=position.firm_id)
    return (
        Trainee.objects.filter(program_id=audience.program_id, track=position.track)
        .filter(Q(pk__in=proposed.values("trainee_id")) | Q(pk__in=offered.values("trainee_id")))
        .select_related("user", "province")
        .only(*TRAINEE_PUBLIC_FIELDS)
    )


def position_rankings(*, position):
    return list(
        PositionRanking.objects.filter(position=position)
        .select_related("trainee__user")
        .only("id", "rank", "trainee_id", "trainee__user__full_name", "position_id")
        .order_by("rank")
    )


# --- proposals ------------------------------------------------------------------------------------------------------


def proposal_list_for_user(*, audience):
    if not audience.is_program_office:
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(program_id=audience.program_id)
        .select_related("created_by", "locked_by")
        .annotate(
            placed=Count("lines", filter=Q(lines__position__isnull=False)),
            waitlisted=Count("lines", filter=Q(lines__position__isnull=True)),
        )
    )


def proposal_get_for_user(*, audience, pk) -> Proposal:
    proposal = proposal_list_for_user(audience=audience).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


def proposal_lines(*, proposal):
    return (
        ProposalLine.objects.filter(proposal=proposal)
        .select_related("trainee__user", "trainee__province", "firm", "position__province", "adjusted_by")
        .order_by("firm__name", "-score", "pk")
    )


def proposal_line_get_for_user(*, audience, pk) -> ProposalLine:
    """Staff: any line. A firm user: lines placed at her firm. A candidate: her own line."""
    lines = ProposalLine.objects.filter(program_id=audience.program_id).exclude(
        proposal__status=Proposal.Status.DISCARDED
    )
    if audience.is_program_office:
        pass
    elif audience.has_role(roles.FIRM) and audience.firm_ids:
        # a draft is staff's work in progress: firms and candidates see a proposal once it is locked
        lines = lines.filter(firm_id__in=audience.firm_ids, proposal__status=Proposal.Status.LOCKED)
    elif audience.has_role(*TRAINEE_ROLES):
        lines = lines.filter(trainee__user_id=audience.user_id, proposal__status=Proposal.Status.LOCKED)
    else:
        lines = lines.none()
    line = (
        lines.filter(pk=pk)
        .select_related("proposal", "trainee__user", "trainee__province", "firm", "position__province")
        .first()
    )
    if line is None:
        raise Http404
    return line


def proposals_comparable(*, audience, track):
    """The draft and locked proposals of a track, newest first, for the comparison page."""
    return proposal_list_for_user(audience=audience).filter(track=track).exclude(status=Proposal.Status.DISCARDED)


# --- offers ---------------------------------------------------------------------------------------------------------


def offer_list_for_user(*, audience):
    """Staff: every offer. Firm user: her firm's. Candidate: her own."""
    offers = Offer.objects.filter(program_id=audience.program_id).select_related(
        "firm", "trainee__user", "trainee__province", "position__province", "employment"
    )
    visible = Q(pk__in=[])
    if audience.is_program_office:
        return offers
    if audience.has_role(roles.FIRM) and audience.firm_ids:
        visible |= Q(firm_id__in=audience.firm_ids)
    if audience.has_role(*TRAINEE_ROLES):
        visible |= Q(trainee__user_id=audience.user_id)
    return offers.filter(visible)


def offer_get_for_user(*, audience, pk) -> Offer:
    offer = offer_list_for_user(audience=audience).filter(pk=pk).first()
    if offer is None:
        raise Http404
    return offer


def offers_overdue(*, program_id, now=None):
    now = now or timezone.now()
    return Offer.objects.filter(program_id=program_id, status=Offer.Status.OPEN, deadline__lt=now)


# --- employment and retention ---------------------------------------------------------------------------------------


def employment_list_for_user(*, audience):
    employments = Employment.objects.filter(program_id=audience.program_id).select_related(
        "trainee__user", "trainee__province", "firm"
    )
    if audience.is_program_office:
        return employments
    visible = Q(pk__in=[])
    if audience.has_role(roles.FIRM) and audience.firm_ids:
        visible |= Q(firm_id__in=audience.firm_ids)
    if audience.has_role(*TRAINEE_ROLES):
        visible |= Q(trainee__user_id=audience.user_id)
    return employments.filter(visible)


# What a list row shows of an employment: never the trainee's encrypted TCKN/IBAN (each would be decrypted per row).
EMPLOYMENT_ROW_FIELDS = (
    "id",
    "program_id",
    "trainee_id",
    "firm_id",
    "start_date",
    "planned_end_date",
    "terminated_on",
    "status",
    "trainee__id",
    "trainee__track",
    "trainee__user_id",
    "trainee__user__id",
    "trainee__user__full_name",
    "firm__id",
    "firm__name",
)


def employment_rows_for_user(*, audience):
    """The employments the audience may see, as list rows (person, track, firm, dates, status only)."""
    return (
        employment_list_for_user(audience=audience)
        .select_related(None)
        .select_related("trainee__user", "firm")
        .only(*EMPLOYMENT_ROW_FIELDS)
    )


def employment_get_for_user(*, audience, pk) -> Employment:
    employment = employment_list_for_user(audience=audience).filter(pk=pk).first()
    if employment is None:
        raise Http404
    return employment


def employment_checkpoints(*, employment):
    return list(RetentionCheckpoint.objects.filter(employment=employment).order_by("month"))


def checkpoint_list_for_user(*, audience):
    checkpoints = RetentionCheckpoint.objects.filter(program_id=audience.program_id).select_related(
        "employment", "firm", "trainee__user"
    )
    if audience.is_program_office:
        return checkpoints
    visible = Q(pk__in=[])
    if audience.has_role(roles.FIRM) and audience.firm_ids:
        visible |= Q(firm_id__in=audience.firm_ids)
    if audience.has_role(*TRAINEE_ROLES):
        visible |= Q(trainee__user_id=audience.user_id)
    return checkpoints.filter(visible)


def checkpoint_get_for_user(*, audience, pk) -> RetentionCheckpoint:
    checkpoint = checkpoint_list_for_user(audience=audience).filter(pk=pk).first()
    if checkpoint is None:
        raise Http404
    return checkpoint


def checkpoints_overdue(*, program_id, today: date | None = None, grace_days: int = 0):
    """Checkpoints past due (plus the grace days) that the firm or the person has not confirmed, of employments
    that have not ended before the checkpoint."""
    today = today or timezone.localdate()
    return (
        RetentionCheckpoint.objects.filter(program_id=program_id, due_on__lt=today - timedelta(days=grace_days))
        .filter(Q(firm_confirmed_at__isnull=True) | Q(person_confirmed_at__isnull=True))
        .exclude(employment__terminated_on__lt=F("due_on"))
        .select_related("firm", "trainee__user", "employment")
        .order_by("due_on", "pk")
    )


def checkpoints_overdue_rows(*, program_id, grace_days: int = 0):
    """`checkpoints_overdue` as the staff list's rows: the person's name, the firm's name, the dates (nothing
    encrypted is loaded)."""
    rows = checkpoints_overdue(program_id=program_id, grace_days=grace_days).select_related(None)
    return rows.select_related("firm", "trainee__user").only(
        "id",
        "program_id",
        "employment_id",
        "firm_id",
        "trainee_id",
        "month",
        "due_on",
        "firm_confirmed_at",
        "person_confirmed_at",
        "reminded_at",
        "firm__id",
        "firm__name",
        "trainee__id",
        "trainee__user_id",
        "trainee__user__id",
        "trainee__user__full_name",
    )


def checkpoints_open_for_user(*, audience):
    """Checkpoints now due that wait for this user's confirmation (firm user or the person)."""
    today = timezone.localdate()
    due = checkpoint_list_for_user(audience=audience).filter(due_on__lte=today, employment__status="active")
    visible = Q(pk__in=[])
    if audience.has_role(roles.FIRM) and audience.firm_ids:
        visible |= Q(firm_id__in=audience.firm_ids, firm_confirmed_at__isnull=True)
    if audience.has_role(*TRAINEE_ROLES):
        visible |= Q(trainee__user_id=audience.user_id, person_confirmed_at__isnull=True)
    return due.filter(visible)


# --- the peer space -------------------------------------------------------------------------------------------------


def peer_tracks_for_user(*, audience) -> list:
    if audience.is_program_office:
        return [Trainee.Track.AMBASSADOR, Trainee.Track.OPERATOR]
    tracks = []
    if audience.has_role(roles.AMBASSADOR, roles.MENTOR):
        tracks.append(Trainee.Track.AMBASSADOR)
    if audience.has_role(roles.OPERATOR):
        tracks.append(Trainee.Track.OPERATOR)
    return tracks


def peer_posts(*, audience, track):
    """Top-level posts of a track's space with their replies; hidden ones only for staff."""
    if track not in peer_tracks_for_user(audience=audience):
        raise Http404
    replies = PeerPost.objects.select_related("author", "hidden_by").order_by("created_at", "pk")
    posts = PeerPost.objects.filter(program_id=audience.program_id, track=track, parent__isnull=True)
    if not audience.is_program_office:
        # a hidden post stays visible to its author, with the reason
        visible = Q(hidden_at__isnull=True) | Q(author_id=audience.user_id)
        posts = posts.filter(visible)
        replies = replies.filter(visible)
    return posts.select_related("author", "hidden_by").prefetch_related(Prefetch("replies", queryset=replies))


def peer_post_get_for_user(*, audience, pk) -> PeerPost:
    post = (
        PeerPost.objects.filter(program_id=audience.program_id, pk=pk)
        .filter(track__in=peer_tracks_for_user(audience=audience))
        .select_related("author")
        .first()
    )
    if post is None or (post.hidden_at and not audience.is_program_office):
        raise Http404
    return post
