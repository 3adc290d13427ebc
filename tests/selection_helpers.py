"""Helpers for tests that go through the selection engine: a call, and an applicant's emailed link."""

import re
from datetime import timedelta

from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from portal import roles
from portal.models import Province
from portal.services.selection import call_create
from portal.tenancy import audience_for, program_scope

DEFAULT_RULES = {
    "firm": ("province", "manufacturing", "workforce", "consent"),
    "ambassador": ("woman", "stem", "graduated", "work_province", "consent"),
    "operator": ("province", "employer_confirmed", "consent"),
}


def make_call(world, *, group="firm", quota=2, opens=-1, closes=30, rules=None, quotas=()):
    pw = world.a
    pw.program.pilot_provinces.set(Province.objects.filter(plate__in=[34, 41]))
    pw.program.case_by_case_provinces.set(Province.objects.filter(plate__in=[31]))
    staff = pw.users[roles.STAFF]
    with program_scope(pw.program.pk):
        return call_create(
            audience=audience_for(staff),
            actor=staff,
            group=group,
            title_tr=f"{group} çağrısı 2026",
            title_en=f"{group} call 2026",
            text_tr="Başvurun",
            text_en="Apply",
            opens_at=timezone.now() + timedelta(days=opens),
            closes_at=timezone.now() + timedelta(days=closes),
            quota=quota,
            rules=list(DEFAULT_RULES[group] if rules is None else rules),
            criteria=[
                {"name_tr": "Motivasyon", "name_en": "Motivation", "weight": 2, "max_score": 5},
                {"name_tr": "Kapasite", "name_en": "Capacity", "weight": 1, "max_score": 10},
            ],
            quotas=list(quotas),
        )


def start(client, world, call, email="basvuru@example.test") -> str:
    """Ask for the link on the public page; return the link's path from the email."""
    url = reverse("call_apply", kwargs={"program_code": world.a.program.code, "pk": call.pk})
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"email": email})
    assert response.status_code == 200
    return re.search(r"http://[^/]+(/p/[^/]+/applications/[^/\s]+/)", mail.outbox[-1].body).group(1)


def post_form(client, link, data, *, submit=True):
    data = {k: v for k, v in data.items() if v is not None}
    data["submit" if submit else "save"] = "1"
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(link, data)


def decide(client, staff, application, to_status="selected", reason="Güçlü başvuru", **extra):
    client.force_login(staff)
    with TestCase.captureOnCommitCallbacks(execute=True):
        url = reverse("application_transition", args=[application.pk])
        return client.post(url, {"to_status": to_status, "reason": reason, **extra})
