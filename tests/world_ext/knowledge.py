"""Knowledge-platform and events objects of each test-world program.

- `resource`: a published public guide with a file; `firm_resource`: published for firms only;
  `draft_resource`: a draft only staff see; `collection` holding the public guide;
- `organisation`: a chamber of industry the stakeholder belongs to; `event`: an upcoming public event with
  `registration` (its token opens her registration page); `private_event`: a capacity-building session for the
  organisation only.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from knowledge.models import Collection, Resource, ResourceTopic
from outreach.models import Event, Organisation, Registration
from portal import roles
from portal.models import Province

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _resource(world, tag, title, status="published", **audiences):
    now = timezone.now()
    resource = Resource.objects.create(
        program=world.program,
        title_tr=title,
        summary_tr=f"Özet {title}",
        status=status,
        published_at=now if status == "published" else None,
        created_by=world.users[roles.STAFF],
        **audiences,
    )
    resource.refresh_search_text()
    resource.save(update_fields=["search_text"])
    ResourceTopic.objects.create(program=world.program, resource=resource, topic="green")
    return resource


def extend(world, tag):
    T = tag.upper()
    world.resource = _resource(world, tag, f"Yeşil dönüşüm araç seti {T}", for_public=True)
    world.resource.file.save(f"arac-seti-{tag}.pdf", ContentFile(PDF), save=True)
    world.firm_resource = _resource(world, tag, f"Firma rehberi {T}", for_firms=True)
    world.draft_resource = _resource(world, tag, f"Taslak rehber gizli {T}", status="draft", for_public=True)
    world.collection = Collection.objects.create(program=world.program, title_tr=f"Koleksiyon {T}")
    world.collection.resources.set([world.resource])
    province = Province.objects.get(plate=41)
    world.organisation = Organisation.objects.create(
        program=world.program, name=f"Sanayi Odası {T}", kind="chamber", province=province
    )
    world.organisation.members.add(world.users[roles.STAKEHOLDER])
    start = timezone.now() + timedelta(days=7)
    world.event = Event.objects.create(
        program=world.program,
        kind="awareness",
        title_tr=f"Farkındalık semineri {T}",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        province=province,
        organiser=world.users[roles.STAFF],
        capacity=2,
    )
    world.private_event = Event.objects.create(
        program=world.program,
        kind="capacity",
        title_tr=f"Kapasite oturumu kapalı {T}",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        province=province,
        organiser=world.users[roles.STAFF],
        is_public=False,
    )
    world.private_event.partners.add(world.organisation)
    world.registration = Registration.objects.create(
        program=world.program,
        event=world.event,
        full_name=f"Katılımcı Kadın {T}",
        email=f"katilimci-{tag}@example.test",
        gender="woman",
        organisation=world.organisation,
        consent=True,
        status=Registration.Status.CONFIRMED,
    )
    world.extra_secrets |= {world.draft_resource.title_tr, world.registration.full_name, world.private_event.title_tr}
    for role in roles.PROGRAM_OFFICE:
        world.visible_to.setdefault(role, set()).update(
            {world.draft_resource.title_tr, world.registration.full_name, world.private_event.title_tr}
        )
    world.visible_to.setdefault(roles.STAKEHOLDER, set()).add(world.private_event.title_tr)
