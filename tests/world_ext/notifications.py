"""Notifications of each test-world program: `notification`, one in the staff member's inbox (with an email
delivery), whose subject is a secret nobody else may read."""

from portal import roles
from portal.models import Delivery, Notification


def extend(world, tag: str):
    subject = f"Gizli bildirim {tag.upper()}"
    world.notification = Notification.objects.create(
        program=world.program,
        kind="portal.invitation",
        key=f"world:{tag}",
        recipient=world.users[roles.STAFF],
        email=world.users[roles.STAFF].email,
        subject=subject,
        body="Yalnızca personel görür.",
        link="/home/",
    )
    Delivery.objects.create(
        program=world.program,
        notification=world.notification,
        channel="email",
        address="x@example.test",
        status="sent",
    )
    world.extra_secrets.add(subject)
    world.visible_to.setdefault(roles.STAFF, set()).add(subject)
