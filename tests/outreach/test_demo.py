"""`seed_demo` fills the public site: a dozen guides in three collections, five organisations, past events with
attendance and upcoming public ones; the logframe counts stakeholder capacity building from that attendance."""

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from knowledge.models import Collection, Resource
from outreach.models import Event, Organisation, Registration
from portal import demo
from portal.demo import seed_demo
from reports.calculators import Facts, calculators
from reports.models import Indicator


def counts():
    with scopes_disabled():
        return [m.objects.count() for m in (Resource, Collection, Organisation, Event, Registration)]


def test_the_demo_fills_the_public_site_and_counts_op31_from_attendance(db, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    keep = {
        k: v for k, v in demo.demo_extensions.items() if k in {"reports", "knowledge", "outreach", "reports_outreach"}
    }
    monkeypatch.setattr(demo.demo_extensions, "_items", keep)
    program, _logins = seed_demo()
    first = counts()
    seed_demo()
    assert counts() == first  # idempotent
    resources, collections, organisations, _events, registrations = first
    assert resources == 12 and collections == 3 and organisations == 5 and registrations > 30
    with scopes_disabled():
        now = timezone.now()
        assert Event.objects.filter(starts_at__lt=now).exists() and Event.objects.filter(starts_at__gt=now).exists()
        indicator = Indicator.objects.get(program=program, code="OP3.1")
        assert (indicator.method, indicator.calculator) == ("calculated", "stakeholder_orgs_capacity")
        figure = calculators["stakeholder_orgs_capacity"].evaluate(Facts(program.pk, timezone.localdate()))
        assert figure.value >= 3
    page = Client().get(reverse("public_knowledge:home", args=[program.code])).content.decode()
    assert "yeşil dönüşüm araç seti" in page  # a featured guide
    assert "imalatta kariyer günü" in page  # an upcoming public event
