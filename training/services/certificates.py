"""Completion and certificates."""

import io
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.notifications.links import absolute_url
from portal.services.audit import audit_record
from portal.services.jobs import job_enqueue
from training import checkin as codes
from training import notifications, selectors
from training.models import (
    Certificate,
    Cohort,
    Enrolment,
    Session,
    Trainee,
)
from training.progress import CompletionResult

from .access import _require_can_teach
from .enrolments import _transition
from .trainees import _set_trainee_status

CERTIFICATE_JOB = "training_certificate"


@transaction.atomic
def trainee_completion_evaluate(*, trainee: Trainee, actor) -> CompletionResult | None:
    """Check the completion rule for a trainee's active enrolment; when met, complete it and issue the
    certificate (its PDF is built in the background). Safe to call again."""
    enrolment, result = selectors.trainee_completion(trainee=trainee)
    if enrolment is None or result is None or enrolment.status != Enrolment.Status.ACTIVE or not result.met:
        return result
    locked = _transition(enrolment, Enrolment.Status.COMPLETED)
    locked.status = Enrolment.Status.COMPLETED
    locked.ended_on = max(timezone.localdate(), locked.enrolled_on)
    locked.ended_by = actor
    locked.save(update_fields=["status", "ended_on", "ended_by"])
    _set_trainee_status(trainee, Trainee.Status.COMPLETED)
    audit_record(
        program_id=trainee.program_id,
        actor=actor,
        action="enrolment.complete",
        target=locked,
        data={"attendance_percent": result.percent, "passed": list(result.passed)},
    )
    certificate_issue(trainee=trainee, enrolment=locked, actor=actor)
    return result


def cohort_completion_evaluate(*, cohort: Cohort, actor) -> list[Trainee]:
    """Evaluate every active trainee of a cohort whose sessions are all over. Returns those who completed."""
    _require_can_teach(actor, cohort)
    if Session.objects.filter(cohort=cohort, ends_at__gt=timezone.now()).exists():
        return []
    completed = []
    for enrolment in Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.ACTIVE).select_related("trainee"):
        result = trainee_completion_evaluate(trainee=enrolment.trainee, actor=actor)
        if result is not None and result.met:
            completed.append(enrolment.trainee)
    return completed


def _new_certificate_code() -> str:
    return "".join(secrets.choice(codes.ALPHABET) for _ in range(12))


@transaction.atomic
def certificate_issue(*, trainee: Trainee, enrolment: Enrolment, actor) -> Certificate:
    """Idempotent: one certificate per trainee and curriculum. The PDF is built by a background job."""
    curriculum_id = enrolment.cohort.curriculum_id
    certificate = Certificate.objects.filter(trainee=trainee, curriculum_id=curriculum_id).first()
    if certificate is not None:
        return certificate
    certificate = Certificate.objects.create(
        program_id=trainee.program_id,
        trainee=trainee,
        curriculum_id=curriculum_id,
        cohort_id=enrolment.cohort_id,
        code=_new_certificate_code(),
        issued_on=enrolment.ended_on or timezone.localdate(),
    )
    job = job_enqueue(
        program_id=trainee.program_id, actor=actor, kind=CERTIFICATE_JOB, params={"certificate_id": certificate.pk}
    )
    Certificate.objects.filter(pk=certificate.pk).update(job=job)
    certificate.job = job
    audit_record(program_id=trainee.program_id, actor=actor, action="certificate.issue", target=certificate)
    return certificate


def certificate_verify_url(code: str) -> str:
    """From the request when there is one, else SITE_URL: the link the notifications use too."""
    return absolute_url(reverse("training:certificate_verify") + f"?code={code}")


def qr_svg(text: str) -> bytes:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def certificate_build(*, certificate_id: int) -> Certificate:
    """Render the bilingual certificate PDF and keep it with the certificate. Idempotent: built once."""
    import base64

    from portal.pdf import render_pdf

    certificate = Certificate.objects.select_related("trainee__user", "curriculum", "cohort", "program").get(
        pk=certificate_id
    )
    if certificate.file:
        return certificate
    modules = list(selectors.curriculum_modules(curriculum=certificate.curriculum_id))
    verify_url = certificate_verify_url(certificate.code)
    context = {
        "program": certificate.program,
        "certificate": certificate,
        "trainee": certificate.trainee,
        "curriculum": certificate.curriculum,
        "cohort": certificate.cohort,
        "modules": modules,
        "total_hours": sum(m.planned_hours for m in modules),
        "verify_url": verify_url,
        "qr_data_uri": "data:image/svg+xml;base64," + base64.b64encode(qr_svg(verify_url)).decode(),
    }
    pdf = render_pdf("pdf/training_certificate.html", context)
    certificate.file.save(f"certificate-{certificate.code}.pdf", ContentFile(pdf), save=False)
    if Certificate.objects.filter(pk=certificate.pk, file="").update(file=certificate.file.name):
        notifications.certificate_ready(certificate=certificate)  # now there is something to download
    return certificate
