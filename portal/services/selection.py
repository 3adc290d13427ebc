"""Writes of the selection engine. Every status change goes through `application_transition`."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import permissions
from portal.models import Application, Call, CallQuota, Interview, Review, ReviewScore, RubricCriterion, Transition
from portal.models.programs import hash_token
from portal.notifications.links import absolute_url
from portal.notifications.service import Recipient, notify
from portal.selection import scoring
from portal.selection.kinds import application_kinds
from portal.selection.workflow import DECISIONS, can_move
from portal.services.audit import audit_record

S = Application.Status


# --- calls --------------------------------------------------------------------------------------------------


@transaction.atomic
def call_create(*, audience, actor, criteria: list[dict], quotas: list[dict] = (), **fields) -> Call:
    if not permissions.can_manage_selection(audience):
        raise PermissionDenied
    kind = application_kinds.get(fields["group"])
    unknown = set(fields.get("rules", [])) - set(kind.rules if kind else [])
    if kind is None or unknown:
        raise ValidationError({"rules": _("Unknown eligibility rule: %(rules)s") % {"rules": ", ".join(unknown)}})
    if not criteria:
        raise ValidationError({"criteria": _("A call needs at least one scoring criterion.")})
    call = Call(program_id=audience.program_id, created_by=actor, **fields)
    call.full_clean()
    call.save()
    for order, criterion in enumerate(criteria):
        RubricCriterion.objects.create(program_id=audience.program_id, call=call, order=order, **criterion)
    for quota in quotas:
        CallQuota.objects.create(program_id=audience.program_id, call=call, **quota)
    audit_record(program_id=audience.program_id, actor=actor, action="call.create", target=call)
    return call


@transaction.atomic
def call_quotas_update(*, audience, actor, call: Call, limits: dict, new: dict | None, reason: str) -> Call:
    """Staff change sub-quota limits (or add one) after the call was created. Never below what is already selected
    in it; the audit keeps each old and new limit and the reason."""
    if not permissions.can_manage_selection(audience):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the quotas change.")})
    call = Call.objects.select_for_update().get(pk=call.pk, program_id=audience.program_id)
    selected = dict(
        Application.objects.filter(call=call, status=S.SELECTED)
        .values("quota_key")
        .annotate(n=Count("pk"))
        .values_list("quota_key", "n")
    )
    errors, changes = {}, []
    for quota in call.quotas.all():
        limit = limits.get(quota.pk, quota.limit)
        if limit < selected.get(quota.key, 0):
            errors[f"limit_{quota.pk}"] = _(
                "%(n)s are already selected in this sub-quota: the limit cannot be lower."
            ) % {"n": selected.get(quota.key, 0)}
        elif limit != quota.limit:
            changes.append({"key": quota.key, "from": quota.limit, "to": limit})
            quota.limit = limit
            quota.save(update_fields=["limit"])
    if new:
        if CallQuota.objects.filter(call=call, key=new["key"]).exists():
            errors["new_key"] = _("This sub-quota exists already.")
        elif new["limit"] < selected.get(new["key"], 0):
            errors["new_limit"] = _("%(n)s are already selected in this sub-quota: the limit cannot be lower.") % {
                "n": selected.get(new["key"], 0)
            }
        else:
            CallQuota.objects.create(program_id=call.program_id, call=call, **new)
            changes.append({"key": new["key"], "from": None, "to": new["limit"]})
    if errors:
        raise ValidationError(errors)
    if changes:
        audit_record(
            program_id=call.program_id,
            actor=actor,
            action="call.quotas",
            target=call,
            data={"changes": changes, "reason": reason[:300]},
        )
    return call


# --- the applicant ------------------------------------------------------------------------------------------


def application_link(application: Application, token: str) -> str:
    path = reverse("application_edit", kwargs={"program_code": application.program.code, "token": token})
    return absolute_url(path)


@transaction.atomic
def application_start(*, call: Call, email: str, language: str) -> tuple[Application, str]:
    """Start (or resume) an application: a fresh link goes to the email address, and only there."""
    email = email.strip().lower()
    token = secrets.token_urlsafe(32)
    application = (
        Application.objects.select_for_update().filter(call=call, email=email).exclude(status=S.WITHDRAWN).first()
    )
    if application is None:
        if not call.is_open():
            raise ValidationError(_("This call is closed: it no longer accepts applications."))
        application = Application.objects.create(
            program_id=call.program_id,
            call=call,
            group=call.group,
            email=email,
            language=language,
            token_hash=hash_token(token),
        )
    else:
        application.token_hash = hash_token(token)  # the newest link is the one that works
        application.save(update_fields=["token_hash", "updated_at"])
    link = application_link(application, token)
    # each new link is a new event (key), and the link itself is never stored (secret_context)
    _notify(application, "selection.application_link", key=hash_token(token)[:16], secret={"link": link})
    return application, token


def application_get_by_token(*, token: str) -> Application | None:
    return Application.objects.filter(token_hash=hash_token(token)).select_related("call", "program").first()


class _Duplicate(Exception):
    def __init__(self, what: str, existing: str):
        super().__init__(what)
        self.what, self.existing = what, existing


def application_save(*, application: Application, form, submit: bool) -> Application:
    """Save the applicant's details (a valid form); with `submit`, check eligibility and submit."""
    try:
        return _application_save(application=application, form=form, submit=submit)
    except _Duplicate as duplicate:
        # the page never says whether an identifier has applied (anyone may type one): the link's owner learns it
        # by email. Told after the refused save was rolled back, so the notification is not rolled back with it.
        with transaction.atomic():
            _notify(
                application,
                "selection.application_duplicate",
                key=f"duplicate:{timezone.now():%Y%m%d%H%M%S%f}",
                extra={"what": str(duplicate.what), "existing": duplicate.existing},
            )
        raise ValidationError(
            _("This application could not be saved. We have sent the reason to your email address.")
        ) from None


@transaction.atomic
def _application_save(*, application: Application, form, submit: bool) -> Application:
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if application.status != S.DRAFT:
        raise ValidationError(_("This application has been submitted and can no longer be changed."))
    if submit and not application.call.is_open():
        raise ValidationError(_("This call is closed: your draft is kept, but it can no longer be submitted."))
    details = form.save(commit=False)
    details.application = application
    details.program_id = application.program_id
    details.save()
    form.save_m2m()
    return application_record(application=application, details=details, submit=submit)


def application_record(*, application: Application, details, submit: bool) -> Application:
    """Copy what lists, quotas and dedupe need from the saved details; with `submit`, run the eligibility
    check and submit. Call inside the transaction that saved the details (application_save, demo data)."""
    kind = application_kinds[application.group]
    described = kind.describe(details)
    application.display_name = described.display_name[:200]
    application.province_id = described.province_id
    application.sector_id = described.sector_id
    application.size_class = described.size_class
    application.quota_key = described.quota_key
    application.dedupe_hash = described.dedupe_hash
    application.needs_case_review = described.needs_case_review
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        existing = Application.objects.filter(call=application.call, dedupe_hash=described.dedupe_hash).first()
        raise _Duplicate(kind.dedupe_label, existing.reference if existing else "?") from None
    if submit:
        application.eligibility = [
            {"rule": code, "ok": ok, "detail": detail}
            for code, ok, detail in (
                (code, *kind.rules[code].check(details, application.call)) for code in application.call.rules
            )
        ]
        application.eligible = all(item["ok"] for item in application.eligibility)
        application.submitted_at = timezone.now()
        application.save(update_fields=["eligibility", "eligible", "submitted_at"])
        _move(application, S.SUBMITTED, actor=None, reason="")
        refusing = [i for i in application.eligibility if not i["ok"] and kind.rules[i["rule"]].decides_at_submission]
        if refusing:
            _move(application, S.INELIGIBLE, actor=None, reason=_("Automatic eligibility check"))
        _notify(application, "selection.application_received")
    return application


@transaction.atomic
def application_return_to_draft(
    *, application: Application, actor=None, audience=None, reason: str = ""
) -> Application:
    """A "not eligible" application goes back to draft while the call is open, so what made it fail can be
    corrected and submitted again (her emailed link works again). The applicant does it from her link (no
    actor); staff do it for her with a reason. The transition is recorded like every other."""
    reason = (reason or "").strip()
    if actor is not None:
        if audience is None or not permissions.can_manage_selection(audience):
            raise PermissionDenied
        if not reason:
            raise ValidationError({"reason": _("Say why the application is reopened.")})
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if application.status != S.INELIGIBLE:
        raise ValidationError(_("Only an application the eligibility check refused can go back to draft."))
    if not application.call.is_open():
        raise ValidationError(_("This call is closed: the application can no longer be corrected."))
    _move(
        application,
        S.DRAFT,
        actor=actor,
        reason=reason or _("Returned to draft by the applicant to correct it"),
    )
    application.submitted_at = None
    application.save(update_fields=["submitted_at"])
    # notify: application_reopened (to the applicant when staff reopen it: her link works again, with the reason)
    audit_record(
        program_id=application.program_id,
        actor=actor,
        action="application.return_to_draft",
        target=application,
        data={"by": "staff" if actor else "applicant", "reason": reason[:500]},
    )
    return application


# --- staff --------------------------------------------------------------------------------------------------


def _move(application: Application, to_status: str, *, actor, reason: str, quota_override: bool = False):
    if not can_move(application.status, to_status):
        raise ValidationError(
            _("An application cannot go from “%(from)s” to “%(to)s”.")
            % {"from": S(application.status).label, "to": S(to_status).label}
        )
    Transition.objects.create(
        program_id=application.program_id,
        application=application,
        from_status=application.status,
        to_status=to_status,
        actor=actor,
        reason=reason,
        quota_override=quota_override,
    )
    application.status = to_status
    application.save(update_fields=["status", "updated_at"])


def _check_quota(application: Application, *, override: bool, reason: str) -> bool:
    """Refuse to select past the call's quota or the applicant's sub-quota, unless overridden with a reason."""
    call = Call.objects.select_for_update().get(pk=application.call_id)  # serialises concurrent decisions
    selected = Application.objects.filter(call=call, status=S.SELECTED)
    full = []
    if selected.count() >= call.quota:
        full.append(_("the call's quota of %(n)s") % {"n": call.quota})
    sub = CallQuota.objects.filter(call=call, key=application.quota_key).first() if application.quota_key else None
    if sub and selected.filter(quota_key=sub.key).count() >= sub.limit:
        full.append(_("the quota “%(label)s” of %(n)s") % {"label": sub.label, "n": sub.limit})
    if not full:
        return False
    if not override:
        raise ValidationError(_("Selecting would exceed %(quotas)s.") % {"quotas": _(" and ").join(full)})
    if len(reason.strip()) < 10:
        raise ValidationError(_("To select past a quota, give a reason of at least 10 characters."))
    return True


@transaction.atomic
def application_transition(
    *, audience, actor, application: Application, to_status: str, reason: str = "", quota_override: bool = False
) -> Application:
    if not permissions.can_manage_selection(audience):
        raise PermissionDenied
    if to_status == S.DRAFT:  # staff reopen a refused application for her to correct, with a reason
        return application_return_to_draft(application=application, actor=actor, audience=audience, reason=reason)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if to_status in DECISIONS and not reason.strip():
        raise ValidationError(_("Give a reason for the decision."))
    if to_status == S.SUBMITTED and application.status == S.INELIGIBLE and not reason.strip():
        raise ValidationError(_("Give a reason for accepting an application the eligibility check refused."))
    overridden = to_status == S.SELECTED and _check_quota(application, override=quota_override, reason=reason)
    _move(application, to_status, actor=actor, reason=reason, quota_override=overridden)
    audit_record(
        program_id=application.program_id,
        actor=actor,
        action=f"application.{to_status}",
        target=application,
        data={"quota_override": overridden},
    )
    if to_status == S.SELECTED:
        kind = application_kinds[application.group]
        details = kind.details_model.objects.get(application=application)
        kind.on_selected(application=application, details=details, actor=actor, audience=audience)
    if to_status in DECISIONS:
        _notify(application, f"selection.{to_status}")
    return application


def application_bulk_transition(*, audience, actor, applications, to_status: str, reason: str) -> tuple[int, list]:
    """Each application in its own transaction: one refusal (a quota, a wrong state) does not undo the others."""
    done, refused = 0, []
    for application in applications:
        try:
            application_transition(
                audience=audience, actor=actor, application=application, to_status=to_status, reason=reason
            )
            done += 1
        except ValidationError as error:
            refused.append((application, " ".join(error.messages)))
    return done, refused


@transaction.atomic
def review_assign(*, audience, actor, application: Application, reviewer) -> Review:
    if not permissions.can_manage_selection(audience):
        raise PermissionDenied
    if not permissions.can_be_reviewer(reviewer_id=reviewer.pk, program_id=audience.program_id):
        raise ValidationError(_("Reviewers must be programme staff or assessors of this programme."))
    review, created = Review.objects.get_or_create(
        program_id=application.program_id, application=application, reviewer=reviewer, defaults={"assigned_by": actor}
    )
    if created:
        audit_record(program_id=application.program_id, actor=actor, action="review.assign", target=review)
    return review


@transaction.atomic
def review_submit(*, actor, review: Review, scores: dict, comments: dict, conflict: bool, conflict_note: str = ""):
    """Scores every criterion (or declares a conflict of interest, which scores nothing) and re-scores the app."""
    review = Review.objects.select_for_update().select_related("application").get(pk=review.pk)
    if review.reviewer_id != actor.pk:
        raise PermissionDenied
    criteria = list(RubricCriterion.objects.filter(call_id=review.application.call_id))
    if conflict:
        if not conflict_note.strip():
            raise ValidationError({"conflict_note": _("Describe the conflict of interest.")})
        review.scores.all().delete()
    else:
        for criterion in criteria:
            value = scores.get(criterion.pk)
            if value is None or not 0 <= int(value) <= criterion.max_score:
                raise ValidationError(
                    _("Score “%(name)s” from 0 to %(max)s.") % {"name": criterion.name, "max": criterion.max_score}
                )
        for criterion in criteria:
            ReviewScore.objects.update_or_create(
                program_id=review.program_id,
                review=review,
                criterion=criterion,
                defaults={"score": int(scores[criterion.pk]), "comment": comments.get(criterion.pk, "")},
            )
    review.conflict_of_interest = conflict
    review.conflict_note = conflict_note.strip() if conflict else ""
    review.submitted_at = timezone.now()
    review.save()
    _rescore(review.application, criteria)
    audit_record(program_id=review.program_id, actor=actor, action="review.submit", target=review)
    return review


def _rescore(application: Application, criteria: list) -> None:
    by_review = {}
    for review_id, criterion_id, score in ReviewScore.objects.filter(
        review__application=application, review__conflict_of_interest=False, review__submitted_at__isnull=False
    ).values_list("review_id", "criterion_id", "score"):
        by_review.setdefault(review_id, {})[criterion_id] = score
    application.score, application.score_spread = scoring.combine(
        [scoring.reviewer_score(scores, criteria) for scores in by_review.values()]
    )
    application.save(update_fields=["score", "score_spread", "updated_at"])


@transaction.atomic
def interview_schedule(*, audience, actor, application: Application, scheduled_at, panel: str, notes: str = ""):
    if not permissions.can_manage_selection(audience):
        raise PermissionDenied
    interview = Interview.objects.create(
        program_id=application.program_id,
        application=application,
        scheduled_at=scheduled_at,
        panel=panel,
        notes=notes,
        created_by=actor,
    )
    if application.status == S.SHORTLISTED:
        application_transition(audience=audience, actor=actor, application=application, to_status=S.INTERVIEW)
    audit_record(program_id=application.program_id, actor=actor, action="interview.schedule", target=interview)
    return interview


# --- mail ---------------------------------------------------------------------------------------------------


def _notify(
    application: Application, kind: str, *, key: str = "", secret: dict | None = None, extra: dict | None = None
) -> None:
    """In the applicant's language, to the address she applied with (she may have no account yet)."""
    with translation.override(application.language):
        title = str(application.call.title)
        program = str(application.program.name)
    notify(
        kind=kind,
        recipients=[Recipient(email=application.email, language=application.language)],
        obj=application,
        key=key,
        context={"title": title, "ref": application.reference, "program": program, **(extra or {})},
        secret_context=secret,
    )
