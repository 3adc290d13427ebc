from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.models import Consent, NoticeAcknowledgement, PrivacyNotice
from portal.services.audit import audit_record


def privacy_notice_current(*, program_id: int) -> PrivacyNotice | None:
    return PrivacyNotice.objects.filter(program_id=program_id, published_at__lte=timezone.now()).first()


def privacy_notice_acknowledge(*, user, notice: PrivacyNotice, ip: str | None, user_agent: str = "") -> None:
    """Idempotent: acknowledging the same version twice records it once."""
    try:
        with transaction.atomic():
            ack = NoticeAcknowledgement.objects.create(
                program_id=notice.program_id, user=user, notice=notice, ip_address=ip, user_agent=user_agent[:300]
            )
    except IntegrityError:
        return
    audit_record(
        program_id=notice.program_id, actor=user, action="privacy.acknowledge", target=ack, data={"v": notice.version}
    )


def consent_give(*, user, notice: PrivacyNotice, purpose: str, ip: str | None) -> Consent:
    existing = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).first()
    if existing:
        return existing
    consent = Consent.objects.create(
        program_id=notice.program_id, user=user, purpose=purpose, notice=notice, ip_address=ip
    )
    audit_record(program_id=notice.program_id, actor=user, action="consent.give", target=consent, data={"p": purpose})
    return consent


def consent_withdraw(*, user, purpose: str) -> list[str]:
    """Withdrawal has effects: each app registered in `consent_withdrawn` stops that processing (hides her story or
    photo, leaves her out of research data) in the same transaction; what they did is recorded with the withdrawal."""
    from portal.registry import consent_withdrawn

    effects = []
    for consent in Consent.objects.select_for_update().filter(user=user, purpose=purpose, withdrawn_at__isnull=True):
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        done = []
        for _name, hook in sorted(consent_withdrawn.items()):
            done += hook(user=user, program_id=consent.program_id, purpose=purpose)
        audit_record(
            program_id=consent.program_id,
            actor=user,
            action="consent.withdraw",
            target=consent,
            data={"p": purpose, "effects": [str(e) for e in done]},
        )
        effects += done
    # notify: communication consent withdrawn -> the notifications service stops programme news to her
    return effects
