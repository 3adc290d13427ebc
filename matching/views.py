"""Matching pages. Views parse input and answer 4xx; reads go through selectors, writes through services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching import explain, permissions, scoring, selectors, services
from matching.forms import (
    AdjustForm,
    DeclineForm,
    FirmAcceptForm,
    HideForm,
    PeerPostForm,
    PositionForm,
    RankingForm,
    RunForm,
    SettingsForm,
    SgkForm,
    StartCorrectionForm,
    TerminateForm,
)
from matching.models import Offer, Proposal
from portal import roles
from portal.files import file_download
from portal.filters import ascii_int
from portal.views.decorators import member_required, role_required
from portal.views.errors import report_errors
from training.models import Track

OFFICE = tuple(roles.PROGRAM_OFFICE)
TRAINEES = (roles.AMBASSADOR, roles.OPERATOR)
PARTIES = (*OFFICE, roles.FIRM, *TRAINEES)


def _side(audience, *, firm_id=None, trainee_user_id=None) -> str:
    """Whose eyes read a score explanation: each side sees only its own ranking of the other."""
    if audience.is_program_office:
        return "staff"
    if firm_id is not None and firm_id in audience.firm_ids:
        return "firm"
    return "candidate"


PAGE_SIZE = 50


def _page(request, rows):
    """One page of an ordered queryset without counting the whole list: one row more tells whether a next page
    exists. A page number that is not a positive number is the first page."""
    number = ascii_int(request.GET.get("page"), low=1, high=99_999) or 1
    start = (number - 1) * PAGE_SIZE
    found = list(rows[start : start + PAGE_SIZE + 1])
    return {"rows": found[:PAGE_SIZE], "number": number, "has_next": len(found) > PAGE_SIZE}


# --- staff: matching home, settings, positions ----------------------------------------------------------------------


@role_required(*OFFICE)
def home(request):
    audience = request.audience
    proposals = selectors.proposal_list_for_user(audience=audience)[:30]
    overdue = selectors.checkpoints_overdue(program_id=audience.program_id).count()
    context = {
        "proposals": proposals,
        "run_form": RunForm(),
        "can_manage": permissions.can_manage(audience),
        "overdue": overdue,
        "open_offers": selectors.offer_list_for_user(audience=audience).filter(status="open").count(),
        "active_employments": selectors.employment_list_for_user(audience=audience).filter(status="active").count(),
        "settings": selectors.matching_settings(program_id=audience.program_id),
    }
    return render(request, "matching/home.html", context)


@role_required(roles.STAFF)
def settings_edit(request):
    current = selectors.matching_settings(program_id=request.audience.program_id)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.matching_settings_save(audience=request.audience, actor=request.user, settings_obj=form.instance)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Matching settings saved."))
            return redirect("matching:home")
    return render(request, "matching/settings_form.html", {"form": form}, status=400 if form.errors else 200)


@role_required(*OFFICE, roles.FIRM)
def position_list(request):
    audience = request.audience
    page = _page(request, selectors.position_list_for_user(audience=audience).order_by("firm__name", "track", "pk"))
    return render(
        request,
        "matching/position_list.html",
        {
            "positions": page["rows"],
            "page": page,
            "can_manage": permissions.can_manage(audience),
            # the list shows a firm user only her firm's positions, which she may edit; staff edit every one
            "can_edit": permissions.can_manage(audience) or audience.has_role(roles.FIRM),
        },
    )


@role_required(roles.STAFF)
@require_POST
def positions_defaults(request):
    created = services.positions_create_defaults(audience=request.audience, actor=request.user)
    messages.success(request, _("%(n)s positions created with the program's default numbers.") % {"n": created})
    return redirect("matching:position_list")


@role_required(roles.STAFF, roles.FIRM)
def position_edit(request, pk):
    audience = request.audience
    position = selectors.position_get_for_user(audience=audience, pk=pk)
    if not permissions.can_edit_positions(audience, position.firm_id):
        raise Http404
    rankable = list(selectors.position_rankable_trainees(audience=audience, position=position))
    current = {r.trainee_id: r.rank for r in selectors.position_rankings(position=position)}
    provinces = selectors.provinces()
    is_ranking = request.POST.get("form") == "ranking"
    form = PositionForm(
        request.POST if request.method == "POST" and not is_ranking else None,
        provinces=provinces,
        initial={"count": position.count, "province": position.province_id, "note": position.note},
    )
    ranking = RankingForm(
        request.POST if request.method == "POST" and is_ranking else None, trainees=rankable, current=current
    )
    if request.method == "POST":
        target = ranking if is_ranking else form
        if target.is_valid():
            try:
                if is_ranking:
                    services.position_rank(
                        audience=audience,
                        actor=request.user,
                        position=position,
                        trainee_ids=target.cleaned_data["ordered"],
                    )
                else:
                    services.position_save(
                        audience=audience,
                        actor=request.user,
                        firm=position.firm,
                        track=position.track,
                        count=target.cleaned_data["count"],
                        province=target.cleaned_data["province"],
                        note=target.cleaned_data["note"],
                    )
            except ValidationError as error:
                report_errors(request, error, target)
            else:
                messages.success(request, _("Saved."))
                return redirect("matching:position_edit", pk=position.pk)
    status = 400 if form.errors or ranking.errors else 200
    return render(
        request,
        "matching/position_form.html",
        {"position": position, "form": form, "ranking": ranking},
        status=status,
    )


# --- proposals ------------------------------------------------------------------------------------------------------


@role_required(roles.STAFF)
@require_POST
def proposal_run(request):
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a track and a method."))
        return redirect("matching:home")
    try:
        proposal = services.proposal_run(
            audience=request.audience,
            actor=request.user,
            track=form.cleaned_data["track"],
            method=form.cleaned_data["method"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("matching:home")
    messages.success(request, _("Proposal ready: compare it, adjust it if needed, then lock it."))
    return redirect("matching:proposal_detail", pk=proposal.pk)


@role_required(*OFFICE)
def proposal_detail(request, pk):
    audience = request.audience
    proposal = selectors.proposal_get_for_user(audience=audience, pk=pk)
    lines = list(selectors.proposal_lines(proposal=proposal))
    placed = [line for line in lines if line.position_id]
    waitlisted = [line for line in lines if not line.position_id]
    names = {line.trainee_id: line.trainee.user.full_name for line in lines}
    exclusions = [
        {
            "name": names.get(row["trainee_id"], "?"),
            "reasons": [(explain.exclusion_text(code), n) for code, n in row["reasons"].items()],
        }
        for row in proposal.exclusions
    ]
    return render(
        request,
        "matching/proposal_detail.html",
        {
            "proposal": proposal,
            "placed": placed,
            "waitlisted": waitlisted,
            "exclusions": exclusions,
            "can_manage": permissions.can_manage(audience) and proposal.status == Proposal.Status.DRAFT,
        },
    )


@role_required(*OFFICE)
def proposal_compare(request):
    audience = request.audience
    track = request.GET.get("track", Track.AMBASSADOR)
    if track not in Track.values:
        track = Track.AMBASSADOR
    latest = {}
    for proposal in selectors.proposals_comparable(audience=audience, track=track):
        latest.setdefault(proposal.method, proposal)
    optimal, stable = latest.get(Proposal.Method.OPTIMAL), latest.get(Proposal.Method.STABLE)
    rows = {}
    for key, proposal in (("optimal", optimal), ("stable", stable)):
        if proposal is None:
            continue
        for line in selectors.proposal_lines(proposal=proposal):
            row = rows.setdefault(line.trainee_id, {"name": line.trainee.user.full_name})
            row[key] = line
    table = sorted(rows.values(), key=lambda r: r["name"])
    for row in table:
        a, b = row.get("optimal"), row.get("stable")
        row["differs"] = bool(a and b and a.position_id != b.position_id)
    return render(
        request,
        "matching/proposal_compare.html",
        {
            "track": track,
            "tracks": Track.choices,
            "optimal": optimal,
            "stable": stable,
            "rows": table,
            "differences": sum(1 for r in table if r["differs"]),
        },
    )


@role_required(roles.STAFF)
@require_POST
def proposal_lock(request, pk):
    proposal = selectors.proposal_get_for_user(audience=request.audience, pk=pk)
    try:
        offers = services.proposal_lock(audience=request.audience, actor=request.user, proposal=proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Proposal locked: %(n)s offers sent to both sides.") % {"n": len(offers)})
    return redirect("matching:proposal_detail", pk=proposal.pk)


@role_required(roles.STAFF)
@require_POST
def proposal_discard(request, pk):
    proposal = selectors.proposal_get_for_user(audience=request.audience, pk=pk)
    try:
        services.proposal_discard(audience=request.audience, actor=request.user, proposal=proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("matching:home")


@role_required(*PARTIES)
def line_detail(request, pk):
    """Why this match: each component with its weight and value, and (for staff) where else she could go."""
    audience = request.audience
    line = selectors.proposal_line_get_for_user(audience=audience, pk=pk)
    side = _side(audience, firm_id=line.firm_id)
    alternatives = []
    if audience.is_program_office:
        positions = list(selectors.positions_of_track(program_id=audience.program_id, track=line.proposal.track))
        candidate = selectors.scoring_candidates(program_id=audience.program_id, trainees=[line.trainee])[0]
        slots = selectors.scoring_slots(program_id=audience.program_id, positions=positions)
        for position, slot in zip(positions, slots, strict=True):
            explained = scoring.score_pair(candidate, slot, line.proposal.weights)
            alternatives.append(
                {
                    "position": position,
                    "score": explained.score,
                    "excluded": explain.exclusion_text(explained.exclusion) if explained.exclusion else "",
                }
            )
        alternatives.sort(key=lambda a: (bool(a["excluded"]), -a["score"]))
    return render(
        request,
        "matching/line_detail.html",
        {
            "line": line,
            "rows": explain.rows(line.components, side=side),
            "alternatives": alternatives[:15],
            "side": side,
        },
    )


@role_required(roles.STAFF)
def line_adjust(request, pk):
    audience = request.audience
    line = selectors.proposal_line_get_for_user(audience=audience, pk=pk)
    positions = selectors.positions_of_track(program_id=audience.program_id, track=line.proposal.track).order_by(
        "firm__name"
    )
    form = AdjustForm(request.POST or None, positions=positions, initial={"position": line.position_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_adjust(
                audience=audience,
                actor=request.user,
                line=line,
                position=form.cleaned_data["position"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Proposal adjusted."))
            return redirect("matching:proposal_detail", pk=line.proposal_id)
    return render(
        request, "matching/line_adjust.html", {"line": line, "form": form}, status=400 if form.errors else 200
    )


# --- offers ---------------------------------------------------------------------------------------------------------


@role_required(*PARTIES)
def offer_list(request):
    offers = selectors.offer_list_for_user(audience=request.audience).order_by("status", "deadline", "pk")[:500]
    return render(request, "matching/offer_list.html", {"offers": offers})


@role_required(*PARTIES)
def offer_detail(request, pk):
    audience = request.audience
    offer = selectors.offer_get_for_user(audience=audience, pk=pk)
    side = _side(audience, firm_id=offer.firm_id)
    return render(
        request,
        "matching/offer_detail.html",
        {
            "offer": offer,
            "rows": explain.rows(offer.components, side=side),
            "as_firm": permissions.can_answer_as_firm(audience, offer) and offer.firm_answer == "pending",
            "as_candidate": permissions.can_answer_as_candidate(audience, offer)
            and offer.candidate_answer == "pending",
            "accept_form": FirmAcceptForm(),
            "decline_form": DeclineForm(),
            "now": timezone.now(),
        },
    )


@role_required(roles.FIRM, *TRAINEES)
@require_POST
def offer_answer(request, pk):
    audience = request.audience
    offer = selectors.offer_get_for_user(audience=audience, pk=pk)
    as_firm = permissions.can_answer_as_firm(audience, offer)
    as_candidate = permissions.can_answer_as_candidate(audience, offer)
    if not (as_firm or as_candidate):
        raise PermissionDenied
    answer = request.POST.get("answer")
    accept_form, decline_form = FirmAcceptForm(), DeclineForm()
    status, refused = 400, False
    try:
        if answer == "accept" and as_firm:
            accept_form = FirmAcceptForm(request.POST)
            if accept_form.is_valid():
                services.offer_answer_firm(
                    audience=audience,
                    actor=request.user,
                    offer=offer,
                    accept=True,
                    start_date=accept_form.cleaned_data["start_date"],
                    contract_type=accept_form.cleaned_data["contract_type"],
                    gross_salary_kurus=accept_form.cleaned_data["gross_salary"],
                )
                messages.success(request, _("You accepted. The employment starts once both sides have accepted."))
                return redirect("matching:offer_detail", pk=offer.pk)
        elif answer == "accept" and as_candidate:
            services.offer_answer_candidate(audience=audience, actor=request.user, offer=offer, accept=True)
            messages.success(request, _("You accepted. The employment starts once both sides have accepted."))
            return redirect("matching:offer_detail", pk=offer.pk)
        elif answer == "decline":
            decline_form = DeclineForm(request.POST)
            if decline_form.is_valid():
                reason = decline_form.cleaned_data["reason"]
                if as_firm:
                    services.offer_answer_firm(
                        audience=audience, actor=request.user, offer=offer, accept=False, reason=reason
                    )
                else:
                    services.offer_answer_candidate(
                        audience=audience, actor=request.user, offer=offer, accept=False, reason=reason
                    )
                messages.success(request, _("You declined. Thank you for the reason."))
                return redirect("matching:offer_detail", pk=offer.pk)
        else:
            decline_form = DeclineForm(request.POST)
            decline_form.is_valid()
            decline_form.add_error(None, _("Choose to accept or decline."))
    except ValidationError as error:
        report_errors(request, error, accept_form if answer == "accept" and as_firm else decline_form)
        refused = True
    offer = selectors.offer_get_for_user(audience=audience, pk=pk)
    if refused and _answered_or_closed(offer, as_firm=as_firm):
        status = 409  # a double click or a late answer: the page says what happened instead
    side = _side(audience, firm_id=offer.firm_id)
    return render(
        request,
        "matching/offer_detail.html",
        {
            "offer": offer,
            "rows": explain.rows(offer.components, side=side),
            "as_firm": as_firm and offer.firm_answer == "pending",
            "as_candidate": as_candidate and offer.candidate_answer == "pending",
            "accept_form": accept_form,
            "decline_form": decline_form,
            "now": timezone.now(),
        },
        status=status,
    )


def _answered_or_closed(offer, *, as_firm: bool) -> bool:
    own = offer.firm_answer if as_firm else offer.candidate_answer
    return own != Offer.Answer.PENDING or offer.status != Offer.Status.OPEN or offer.deadline < timezone.now()


# --- employment and retention ---------------------------------------------------------------------------------------


@role_required(*PARTIES)
def employment_list(request):
    employments = selectors.employment_rows_for_user(audience=request.audience).order_by("-start_date", "-pk")
    page = _page(request, employments)
    return render(request, "matching/employment_list.html", {"employments": page["rows"], "page": page})


@role_required(*PARTIES)
def employment_detail(request, pk):
    audience = request.audience
    employment = selectors.employment_get_for_user(audience=audience, pk=pk)
    checkpoints = selectors.employment_checkpoints(employment=employment)
    today = timezone.localdate()
    is_person = employment.trainee.user_id == request.user.pk
    can_confirm_firm = permissions.can_confirm_as_firm(audience, employment)
    for c in checkpoints:
        c.is_due = c.due_on <= today
        c.can_confirm = c.is_due and (
            (can_confirm_firm and not c.firm_confirmed_at) or (is_person and not c.person_confirmed_at)
        )
    return render(
        request,
        "matching/employment_detail.html",
        {
            "employment": employment,
            "checkpoints": checkpoints,
            "can_manage": permissions.can_manage_employment(audience, employment),
            "can_correct_start": permissions.can_manage(audience),
            "start_form": StartCorrectionForm(initial={"start_date": employment.start_date}),
            "sgk_form": SgkForm(),
        },
    )


@role_required(roles.STAFF)
@require_POST
def employment_start(request, pk):
    """Staff correct the start date with a reason (audited); the money of the months in between follows."""
    audience = request.audience
    employment = selectors.employment_get_for_user(audience=audience, pk=pk)
    form = StartCorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.employment_start_correct(
                audience=audience, actor=request.user, employment=employment, **form.cleaned_data
            )
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, _("The start date is corrected."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("matching:employment_detail", pk=employment.pk)


@role_required(roles.STAFF, roles.FIRM)
@require_POST
def employment_sgk(request, pk):
    audience = request.audience
    employment = selectors.employment_get_for_user(audience=audience, pk=pk)
    form = SgkForm(request.POST, request.FILES)
    if not permissions.can_manage_employment(audience, employment):
        raise Http404
    if form.is_valid():
        try:
            services.employment_sgk_upload(
                audience=audience, actor=request.user, employment=employment, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("SGK registration proof uploaded."))
            return redirect("matching:employment_detail", pk=employment.pk)
    return render(
        request,
        "matching/employment_detail.html",
        {
            "employment": employment,
            "checkpoints": selectors.employment_checkpoints(employment=employment),
            "can_manage": True,
            "sgk_form": form,
        },
        status=400,
    )


@role_required(*PARTIES)
def employment_sgk_download(request, pk):
    employment = selectors.employment_get_for_user(audience=request.audience, pk=pk)
    if not employment.sgk_proof:
        raise Http404
    name = employment.sgk_proof.name.rsplit(".", 1)
    extension = name[1] if len(name) == 2 else "pdf"
    return file_download(
        audience=request.audience,
        actor=request.user,
        obj=employment,
        field="sgk_proof",
        reason=_("checking the employment"),
        filename=f"sgk-{employment.pk}.{extension}",
    )


@role_required(roles.STAFF, roles.FIRM)
def employment_terminate(request, pk):
    audience = request.audience
    employment = selectors.employment_get_for_user(audience=audience, pk=pk)
    if not permissions.can_manage_employment(audience, employment):
        raise Http404
    form = TerminateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_terminate(
                audience=audience,
                actor=request.user,
                employment=employment,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("The employment is recorded as ended."))
            return redirect("matching:employment_detail", pk=employment.pk)
    return render(
        request,
        "matching/employment_terminate.html",
        {"employment": employment, "form": form},
        status=400 if form.errors else 200,
    )


@role_required(roles.STAFF, roles.FIRM, *TRAINEES)
@require_POST
def checkpoint_confirm(request, pk):
    audience = request.audience
    checkpoint = selectors.checkpoint_get_for_user(audience=audience, pk=pk)
    answer = request.POST.get("still_employed")
    if answer not in {"yes", "no"}:
        messages.error(request, _("Answer yes or no."))
        return redirect("matching:employment_detail", pk=checkpoint.employment_id)
    try:
        services.checkpoint_confirm(
            audience=audience, actor=request.user, checkpoint=checkpoint, still_employed=answer == "yes"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: your confirmation is recorded."))
    return redirect("matching:employment_detail", pk=checkpoint.employment_id)


@role_required(*OFFICE)
def checkpoint_overdue(request):
    program_id = request.audience.program_id
    conf = selectors.matching_settings(program_id=program_id)
    page = _page(
        request, selectors.checkpoints_overdue_rows(program_id=program_id, grace_days=conf.checkpoint_grace_days)
    )
    return render(request, "matching/checkpoint_overdue.html", {"rows": page["rows"], "page": page, "conf": conf})


# --- people's own page: offers, employment, what to confirm ---------------------------------------------------------


@role_required(roles.FIRM, *TRAINEES)
def overview(request):
    audience = request.audience
    offers = selectors.offer_list_for_user(audience=audience).order_by("status", "deadline")[:50]
    employments = selectors.employment_list_for_user(audience=audience).order_by("-start_date")[:200]
    due = selectors.checkpoints_open_for_user(audience=audience).order_by("due_on")[:200]
    positions = selectors.position_list_for_user(audience=audience) if audience.has_role(roles.FIRM) else []
    return render(
        request,
        "matching/overview.html",
        {
            "offers": offers,
            "employments": employments,
            "due": due,
            "positions": positions,
            "is_firm": audience.has_role(roles.FIRM),
            "is_ambassador": audience.has_role(roles.AMBASSADOR),
            "is_operator": audience.has_role(roles.OPERATOR),
        },
    )


# --- the peer space -------------------------------------------------------------------------------------------------


def _track_of(request, source) -> str:
    """The space's track from the request; by default the first one the audience may read."""
    tracks = selectors.peer_tracks_for_user(audience=request.audience)
    track = source.get("track") or (tracks[0] if tracks else "")
    if track not in Track.values or track not in tracks:
        raise Http404
    return track


@member_required
def peer_space(request):
    audience = request.audience
    track = _track_of(request, request.GET)
    posts = selectors.peer_posts(audience=audience, track=track)[:100]
    return render(
        request,
        "matching/peer_space.html",
        {
            "track": track,
            "track_label": Track(track).label,
            "posts": posts,
            "form": PeerPostForm(),
            "can_moderate": permissions.can_moderate(audience),
            "hide_form": HideForm(),
        },
    )


@member_required
@require_POST
def peer_post(request):
    audience = request.audience
    track = _track_of(request, request.POST)
    form = PeerPostForm(request.POST)
    parent = None
    if (parent_pk := ascii_int(request.POST.get("parent"))) is not None:
        parent = selectors.peer_post_get_for_user(audience=audience, pk=parent_pk)
    if form.is_valid():
        try:
            services.peer_post_create(
                audience=audience,
                actor=request.user,
                track=track,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                parent=parent,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Posted."))
    else:
        messages.error(request, _("Write something first."))
    return redirect(f"{reverse('matching:peer_space')}?track={track}")


@role_required(roles.STAFF)
@require_POST
def peer_hide(request, pk):
    audience = request.audience
    post = selectors.peer_post_get_for_user(audience=audience, pk=pk)
    form = HideForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why you hide it: the author sees the reason."))
        services.peer_post_hide(audience=audience, actor=request.user, post=post, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Hidden."))
    return redirect(f"{reverse('matching:peer_space')}?track={post.track}")
