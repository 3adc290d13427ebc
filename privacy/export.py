"""Her data download (KVKK art. 11, data portability in spirit): a zip of JSON + one CSV per category + her
documents + a readable PDF summary, built as a background job, stored encrypted, downloadable by her alone until it
expires (privacy settings); the retention job removes expired ones."""

import csv
import io
import json
import zipfile

from django.utils import timezone, translation
from django.utils.text import slugify

from portal.models import Program, User
from portal.pdf import render_pdf
from portal.services.jobs import JobResult
from privacy.selectors import inventory_list
from privacy.subject import subject_data


def _csv(records: list[dict]) -> bytes:
    columns = []
    for record in records:
        columns += [key for key in record if key not in columns]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=";")
    writer.writeheader()
    writer.writerows(records)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_build(*, user, program_id: int, language: str = "tr") -> bytes:
    program = Program.objects.get(pk=program_id)
    with translation.override(language):
        data = subject_data(user=user, program_id=program_id)
        grouped = data.by_category()
        payload = {
            "generated_at": timezone.now().isoformat(),
            "program": program.code,
            "person": {"id": user.pk, "email": user.email, "full_name": user.full_name},
            "categories": {
                code: [{"title": s.title, "records": s.records} for s in sections] for code, _label, sections in grouped
            },
            "documents": [d.file.name.rsplit("/", 1)[-1] for d in data.documents],
        }
        pdf = render_pdf(
            "pdf/privacy_my_data.html",
            {
                "program": program,
                "person": user,
                "categories": grouped,
                "inventory": list(inventory_list(program_id=program_id)),
                "generated_at": timezone.now(),
                "documents": data.documents,
            },
            language=language,
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("verilerim-my-data.json", json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        for code, _label, sections in grouped:
            records = [r for s in sections for r in s.records]
            if records:
                archive.writestr(f"csv/{code}.csv", _csv(records))
        for n, document in enumerate(data.documents, start=1):
            with document.file.open("rb") as handle:
                name = document.file.name.rsplit("/", 1)[-1]
                archive.writestr(f"belgeler-documents/{n:02d}-{slugify(document.label)}-{name}", handle.read())
        archive.writestr("ozet-summary.pdf", pdf)
    return buffer.getvalue()


def export_job(job, progress) -> JobResult:
    user = User.objects.get(pk=job.params["subject"])
    if user.pk != job.requested_by_id:  # hers alone: a job for anyone else is refused outright
        raise PermissionError("a data export is built only for the person who asked for it")
    content = export_build(user=user, program_id=job.program_id, language=job.params.get("language", "tr"))
    return JobResult(filename=f"verilerim-{job.pk}.zip", content=content)


def retain_exports(*, program_id, policy, now, dry_run):
    """Downloads past their availability: the file goes, the job row stays (who asked, when)."""
    from datetime import timedelta

    from portal.files import file_destroy
    from portal.models import Job
    from portal.personal_data import Outcome
    from privacy.models import PrivacySettings

    days = PrivacySettings.objects.filter(program_id=program_id).values_list("export_days", flat=True).first() or 7
    rows = Job.objects.filter(
        program_id=program_id, kind="privacy.export", finished_at__lt=now - timedelta(days=days)
    ).exclude(result_file="")
    count = rows.count()
    if not dry_run:
        for job in rows:
            file_destroy(job.result_file)
        rows.update(result_file="")
    return [Outcome("documents", "privacy data downloads past their availability", "destroyed", count)]
