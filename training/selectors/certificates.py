"""Certificates."""

from dataclasses import dataclass

from django.http import Http404
from django_scopes import scopes_disabled

from training.models import (
    Certificate,
)

from .trainees import trainee_own_records


def certificate_get_for_user(*, audience, pk) -> Certificate:
    """Her own certificate for a trainee; any of the program's for the programme office."""
    certificates = Certificate.objects.filter(program_id=audience.program_id).select_related(
        "trainee__user", "curriculum"
    )
    if not audience.is_program_office:
        certificates = certificates.filter(trainee__in=trainee_own_records(audience=audience))
    certificate = certificates.filter(pk=pk).first()
    if certificate is None:
        raise Http404
    return certificate


@dataclass(frozen=True)
class VerifiedCertificate:
    """What the public verification page may show: name, programme, curriculum and date. Nothing else."""

    full_name: str
    program_name_tr: str
    program_name_en: str
    curriculum_name_tr: str
    curriculum_name_en: str
    issued_on: object
    code: str


def certificate_verify(*, code: str) -> VerifiedCertificate | None:
    """Public lookup by verification code. Codes are unique across programs and unguessable, so this one read
    runs outside the visitor's program scope, and returns only what the certificate itself prints."""
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if not 8 <= len(code) <= 20:
        return None
    with scopes_disabled():
        certificate = (
            Certificate.objects.filter(code=code)
            .exclude(file="")
            .select_related("trainee__user", "program", "curriculum")
            .first()
        )
    if certificate is None:
        return None
    return VerifiedCertificate(
        full_name=certificate.trainee.user.full_name,
        program_name_tr=certificate.program.name_tr,
        program_name_en=certificate.program.name_en,
        curriculum_name_tr=certificate.curriculum.name_tr,
        curriculum_name_en=certificate.curriculum.name_en,
        issued_on=certificate.issued_on,
        code=certificate.code,
    )
