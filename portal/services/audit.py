from portal.models import AuditEvent


def audit_record(*, program_id: int, actor, action: str, target, data: dict | None = None) -> AuditEvent:
    """Write one audit row. Call it inside the service's transaction so the trail and the change land together."""
    return AuditEvent.objects.create(
        program_id=program_id,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=data or {},
    )
