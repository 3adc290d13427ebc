"""The M&E dashboards read stored figures computed in the background, say how old they are, and staff can ask
for a refresh: the page never recomputes the figures, however many indicators and records there are."""

import re
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from portal import roles
from portal.tenancy import program_scope
from reports import services, tasks
from reports.models import FiguresSnapshot, Indicator
from tests.factories import FirmFactory, province
from tests.helpers import count_queries

IST = ZoneInfo("Europe/Istanbul")
ME_HOME = reverse("reports:me_home")
REFRESH = reverse("reports:figures_refresh")


def _logframe(pw):
    with scopes_disabled():
        services.logframe_install_default(program=pw.program)


def _refresh(pw):
    with program_scope(pw.program.pk):
        services.figures_refresh(program_id=pw.program.pk)


def _stored(pw, language="tr") -> FiguresSnapshot:
    with scopes_disabled():
        return FiguresSnapshot.objects.get(program=pw.program, language=language)


def _firms_selected(html: str) -> str:
    row = re.search(r'data-indicator="OP1\.1">(.*?)</tr>', html, re.S).group(1)
    return re.findall(r'<td class="text-end">(?:<a [^>]*>)?([^<]*)', row)[0].strip()


def _no_recompute(monkeypatch):
    def recompute(**kwargs):
        raise AssertionError("a page view recomputed the figures")

    monkeypatch.setattr(services, "snapshot_build", recompute)


def test_the_cockpit_shows_the_stored_figures_and_the_time_they_describe(client, world, monkeypatch):
    _logframe(world.a)
    _refresh(world.a)
    _no_recompute(monkeypatch)
    client.force_login(world.a.users[roles.ME])
    html = client.get(ME_HOME).content.decode()
    assert 'data-indicator="OP2.1"' in html  # the whole logframe, from the stored figures
    computed = timezone.localtime(_stored(world.a).computed_at, IST)
    assert f"{computed:%H:%M} itibarıyladır (Europe/Istanbul saati)" in html
    assert "Şimdi yenile" in html and f'action="{REFRESH}"' in html
    client.force_login(world.a.users[roles.STAKEHOLDER])
    html = client.get(reverse("reports:stakeholder_home")).content.decode()
    assert f"{computed:%H:%M}" in html and "Europe/Istanbul" in html
    assert REFRESH not in html  # stakeholders cannot ask for a refresh
    assert client.post(REFRESH).status_code == 403


def test_page_queries_do_not_depend_on_the_number_of_indicators_or_records(client, world):
    _logframe(world.a)
    _refresh(world.a)
    client.force_login(world.a.users[roles.ME])
    stakeholder = client.__class__()
    stakeholder.force_login(world.a.users[roles.STAKEHOLDER])
    before = count_queries(client, ME_HOME)[0], count_queries(stakeholder, reverse("reports:stakeholder_home"))[0]
    with scopes_disabled():
        result = Indicator.objects.filter(program=world.a.program).first().result
        codes = ["trainees_enrolled", "trainees_certified_operator", "employed", "retained_6", "applications_firm"]
        Indicator.objects.bulk_create(
            [
                Indicator(
                    program=world.a.program, result=result, code=f"X{i}", name_tr=f"Ek {i}", name_en=f"Extra {i}",
                    unit="people", method="calculated", calculator=code,
                )
                for i, code in enumerate(codes)
            ]
        )  # fmt: skip
        for i in range(30):
            FirmFactory(program=world.a.program, province=province((34, 6, 35)[i % 3]))
    _refresh(world.a)
    after = count_queries(client, ME_HOME)[0], count_queries(stakeholder, reverse("reports:stakeholder_home"))[0]
    assert after == before
    assert 'data-indicator="X4"' in client.get(ME_HOME).content.decode()


def test_refresh_now_updates_the_time_and_the_figures(client, world, django_capture_on_commit_callbacks):
    _logframe(world.a)
    _refresh(world.a)
    client.force_login(world.a.users[roles.ME])
    first = _stored(world.a)
    value = _firms_selected(client.get(ME_HOME).content.decode())
    assert value == str(len(world.a.firms))
    with scopes_disabled():
        for _ in range(3):
            FirmFactory(program=world.a.program, province=province(34))
    # a write does not touch the stored figures: the page still says what they were, and when
    assert _firms_selected(client.get(ME_HOME).content.decode()) == value
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(REFRESH)
    assert response.status_code == 302 and len(queued) == 1
    second = _stored(world.a)
    assert second.computed_at > first.computed_at and not second.refresh_pending
    html = client.get(ME_HOME).content.decode()
    assert _firms_selected(html) == str(len(world.a.firms) + 3)
    assert f"{timezone.localtime(second.computed_at, IST):%H:%M}" in html


def test_a_second_click_queues_no_second_refresh(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.a.users[roles.STAFF])
    with django_capture_on_commit_callbacks() as queued:
        assert client.post(REFRESH).status_code == 302
        assert client.post(REFRESH).status_code == 302
    assert len(queued) == 1
    assert _stored(world.a).refresh_pending
    assert "Yenileme sürüyor" in client.get(ME_HOME).content.decode()
    # a refresh asked for long ago and never done (a lost worker) may be asked for again
    with scopes_disabled():
        FiguresSnapshot.objects.filter(program=world.a.program).update(
            refresh_requested_at=timezone.now() - timezone.timedelta(hours=1)
        )
    with django_capture_on_commit_callbacks() as queued:
        client.post(REFRESH)
    assert len(queued) == 1


def test_a_new_program_computes_its_figures_once_on_the_first_visit(client, world, monkeypatch):
    _logframe(world.a)
    with scopes_disabled():
        FiguresSnapshot.objects.filter(program=world.a.program).delete()
    client.force_login(world.a.users[roles.ME])
    html = client.get(ME_HOME).content.decode()
    assert 'data-indicator="OP2.1"' in html and "Europe/Istanbul" in html
    assert _stored(world.a).duration_ms >= 0
    _no_recompute(monkeypatch)
    assert 'data-indicator="OP2.1"' in client.get(ME_HOME).content.decode()


def test_the_beat_refreshes_every_program_with_stored_figures(world):
    before = {pw.program.pk: _stored(pw).computed_at for pw in (world.a, world.b)}
    assert tasks.figures_refresh_all.delay().get() == 2
    for pw in (world.a, world.b):
        assert _stored(pw).computed_at > before[pw.program.pk]


def test_a_past_day_is_computed_live_and_says_so(client, world):
    client.force_login(world.a.users[roles.ME])
    html = client.get(ME_HOME, {"as_of": "2026-01-15"}).content.decode()
    assert "15 Oca 2026 itibarıyla güncel rakamlar" in html and REFRESH not in html


def test_the_drill_down_without_a_group_lists_the_same_records_without_reading_the_attributes(hand):
    from reports.calculators import Facts, RecordFacts, calculators
    from tests.reports.builders import MAR31

    with program_scope(hand.program.pk):
        for code, calculator in calculators.items():
            full = calculator.evaluate(Facts(hand.program.pk, MAR31))
            lean = calculator.evaluate(RecordFacts(hand.program.pk, MAR31))
            assert lean.record_refs == full.record_refs, code
            assert lean.value == full.value, code
