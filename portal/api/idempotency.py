"""`Idempotency-Key` for writes: the same key and the same body apply once and get the first answer again;
the same key with another body is refused (409). Only answers that changed something (2xx) are remembered: a
refused request left nothing behind, so it may be corrected and sent again under the same key."""

import functools
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from portal.models import IdempotentRequest

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200


def body_digest(path: str, data) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{path}\n{canonical}".encode()).hexdigest()


def idempotent(method):
    """Wraps an APIView's write (`post`). Runs inside the request's transaction (ATOMIC_REQUESTS): the key is
    claimed first, so a parallel request with the same key waits for this one and then gets its answer."""

    @functools.wraps(method)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER, "").strip()
        if not key:
            return method(view, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            return Response(
                {"detail": _("The Idempotency-Key is longer than 200 characters."), "code": "bad_idempotency_key"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        audience = request._request.audience
        digest = body_digest(request.path, request.data)
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(
                    program_id=audience.program_id,
                    user_id=audience.user_id,
                    key=key,
                    path=request.path[:300],
                    body_sha256=digest,
                    status_code=0,
                )
        except IntegrityError:
            earlier = IdempotentRequest.objects.get(program_id=audience.program_id, user_id=audience.user_id, key=key)
            if earlier.body_sha256 != digest or not earlier.status_code:
                return Response(
                    {
                        "detail": _("This Idempotency-Key was used for a different request; use a new key."),
                        "code": "idempotency_key_reused",
                    },
                    status=status.HTTP_409_CONFLICT,
                )
            response = Response(earlier.response, status=earlier.status_code)
            response["Idempotent-Replayed"] = "true"
            return response
        response = method(view, request, *args, **kwargs)
        if 200 <= response.status_code < 300:
            record.status_code = response.status_code
            record.response = response.data
            record.save(update_fields=["status_code", "response"])
        else:
            record.delete()  # nothing was applied: the key stays free
        return response

    return wrapper


def idempotent_requests_sweep(*, program_id: int, now=None) -> int:
    """Forget answers older than API_IDEMPOTENCY_KEEP_HOURS: a key may then be used again."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    cutoff = (now or timezone.now()) - timedelta(hours=settings.API_IDEMPOTENCY_KEEP_HOURS)
    deleted, _by_model = IdempotentRequest.objects.filter(program_id=program_id, created_at__lt=cutoff).delete()
    return deleted
