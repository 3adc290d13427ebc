"""The peer space."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import permissions, selectors
from matching.models import (
    PeerPost,
)
from portal.services.audit import audit_record

from ._common import _require


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
