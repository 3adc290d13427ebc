from datetime import date, timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from firms.models import WorkforceSnapshot
from firms.tasks import workforce_reminders, workforce_reminders_all
from portal import roles


def _snapshot(world, as_of, women=(5, 10), men=(15, 70)):
    return WorkforceSnapshot.objects.create(
        program=world.a.program,
        firm=world.a.firms[0],
        as_of=as_of,
        white_collar_women=women[0],
        blue_collar_women=women[1],
        white_collar_men=men[0],
        blue_collar_men=men[1],
    )


def test_a_firm_user_records_figures_and_sees_the_share_over_time(client, world):
    with scopes_disabled():
        _snapshot(world, date(2026, 1, 1))
    client.force_login(world.a.users[roles.FIRM])
    url = reverse("firms:workforce_add", args=[world.a.firms[0].pk])
    response = client.post(
        url,
        {
            "as_of": "2026-04-01",
            "white_collar_women": 8,
            "white_collar_men": 12,
            "blue_collar_women": 20,
            "blue_collar_men": 60,
            "technical_women": 4,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("firms:firm_detail", args=[world.a.firms[0].pk])).content.decode()
    assert "<svg" in page and "28,0" in page  # 28 women of 100 in April (Turkish decimal comma)
    assert "15,0" in page  # 15 of 100 in January


def test_impossible_figures_are_refused_and_nothing_is_saved(client, world):
    client.force_login(world.a.users[roles.FIRM])
    url = reverse("firms:workforce_add", args=[world.a.firms[0].pk])
    client.post(
        url,
        {
            "as_of": "2026-04-01",
            "white_collar_women": 1,
            "white_collar_men": 1,
            "blue_collar_women": 1,
            "blue_collar_men": 1,
            "technical_women": 9,
        },
    )
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    client.post(
        url,
        {
            "as_of": future,
            "white_collar_women": 1,
            "white_collar_men": 1,
            "blue_collar_women": 1,
            "blue_collar_men": 1,
            "technical_women": 0,
        },
    )
    with scopes_disabled():
        assert not WorkforceSnapshot.objects.filter(firm=world.a.firms[0]).exists()


def test_the_other_firm_cannot_add_figures_for_mine(client, world):
    client.force_login(world.a.other_firm_user)
    url = reverse("firms:workforce_add", args=[world.a.firms[0].pk])
    assert client.post(url, {"as_of": "2026-04-01"}).status_code == 404


def test_firms_with_old_figures_are_reminded_once_per_interval(world, django_capture_on_commit_callbacks):
    with scopes_disabled():
        _snapshot(world, timezone.localdate() - timedelta(days=200))
        WorkforceSnapshot.objects.create(
            program=world.a.program,
            firm=world.a.firms[1],
            as_of=timezone.localdate(),
            white_collar_women=1,
            white_collar_men=1,
            blue_collar_women=1,
            blue_collar_men=1,
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert workforce_reminders.apply(kwargs={"program_id": world.a.program.pk}).get() == 1
    assert mail.outbox[-1].to == [world.a.users[roles.FIRM].email]
    assert "işgücü" in mail.outbox[-1].subject.lower()  # in her language (Turkish unless she chose English)
    assert workforce_reminders.apply(kwargs={"program_id": world.a.program.pk}).get() == 0  # not twice


def test_the_daily_sweep_covers_every_program(world):
    assert workforce_reminders_all.apply().get() >= 2


def test_a_firm_changes_only_the_profile_fields_staff_allow(client, world):
    from firms.models import Firm

    world.a.program.firm_editable_fields = ["address"]
    world.a.program.save()
    firm = world.a.firms[0]
    client.force_login(world.a.users[roles.FIRM])
    url = reverse("firms:profile_edit", args=[firm.pk])
    assert 'name="osb"' not in client.get(url).content.decode()
    client.post(url, {"address": "Gebze OSB 3. Cadde No 5", "osb": "Başka OSB"})
    with scopes_disabled():
        firm = Firm.objects.get(pk=firm.pk)
    assert firm.address == "Gebze OSB 3. Cadde No 5" and firm.osb == ""
    client.force_login(world.a.users[roles.STAFF])  # staff change everything
    assert 'name="osb"' in client.get(url).content.decode()


def test_a_fake_agreement_pdf_is_refused(client, world, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(world.a.users[roles.FIRM])
    url = reverse("firms:profile_edit", args=[world.a.firms[0].pk])
    response = client.post(url, {"agreement": SimpleUploadedFile("sozlesme.pdf", b"<html>not a pdf</html>")})
    assert response.status_code == 400
    assert not list(tmp_path.rglob("*"))
