"""Personal-data objects of each test-world program.

- `data_request`: the ambassador's erasure request, with a text only she and the staff who handle requests may read;
- `inventory_row`: one line of the processing inventory;
- `export_job`: the ambassador's finished data download (hers alone, not even staff).
"""

from django.core.files.base import ContentFile
from django.utils import timezone

from portal import roles
from portal.models import Job
from privacy.models import DataRequest, ProcessingActivity


def extend(world, tag):
    ambassador = world.users[roles.AMBASSADOR]
    text = f"Verilerimin silinmesini istiyorum {tag.upper()} gizli"
    now = timezone.now()
    world.data_request = DataRequest.objects.create(
        program=world.program,
        subject=ambassador,
        kind=DataRequest.Kind.ERASURE,
        text=text,
        received_at=now,
        due_on=DataRequest.due_from(now, 30),
    )
    world.inventory_row = ProcessingActivity.objects.create(
        program=world.program,
        category="identity",
        data_subjects_tr="Kursiyerler",
        data_tr="Ad soyad",
        purpose_tr="Programa kayıt",
        legal_basis="contract",
        retention_tr="Program süresince",
    )
    job = Job.objects.create(
        program=world.program,
        kind="privacy.export",
        params={"subject": ambassador.pk},
        requested_by=ambassador,
        status=Job.Status.DONE,
        progress=100,
        finished_at=now,
    )
    job.result_file.save(f"verilerim-{tag}.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=True)
    world.export_job = job
    world.extra_secrets.add(text)
    for role in (roles.STAFF, roles.AMBASSADOR):
        world.visible_to.setdefault(role, set()).add(text)
