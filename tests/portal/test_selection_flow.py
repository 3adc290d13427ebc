"""A firm applies from the public page, staff screen, review and select it, the contact is invited."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from firms.models import Firm, FirmApplication, WorkforceSnapshot
from portal import roles
from portal.models import Application, Invitation, Province, Sector, Transition
from tests.factories import valid_vkn
from tests.selection_helpers import make_call, post_form, start

S = Application.Status


def firm_form(**overrides):
    data = {
        "trade_name": "Marmara Kalıp A.Ş.",
        "tax_number": valid_vkn(777),
        "province": Province.objects.get(plate=41).pk,
        "district": "Gebze",
        "osb": "Gebze OSB",
        "sector": Sector.objects.get(division="25").pk,
        "white_collar_total": 40,
        "white_collar_women": 12,
        "blue_collar_total": 160,
        "blue_collar_women": 20,
        "turnover_band": "lt100m",
        "digital_interest": "on",
        "contact_name": "Sevgi Demir",
        "contact_email": "sevgi@marmarakalip.test",
        "contact_phone": "05321234567",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def apply(client, world, call, submit=True, **overrides):
    link = start(client, world, call, email="basvuru@marmarakalip.test")
    return link, post_form(client, link, firm_form(**overrides), submit=submit)


@pytest.fixture
def call(world):
    return make_call(world)


def test_the_public_page_lists_open_calls_only(client, world, call):
    closed = make_call(world, opens=-10, closes=-1)
    html = client.get(reverse("call_list_public", kwargs={"program_code": world.a.program.code})).content.decode()
    assert call.title_tr in html
    assert reverse("call_apply", kwargs={"program_code": world.a.program.code, "pk": closed.pk}) not in html


def test_a_firm_applies_without_an_account_saves_a_draft_and_submits(
    client, world, call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        link = start(client, world, call)
        draft = client.post(link, {"trade_name": "Marmara Kalıp A.Ş.", "save": "1"})  # half a form is a fine draft
        assert draft.status_code == 302
        assert 'value="Marmara Kalıp A.Ş."' in client.get(link).content.decode()
        response = client.post(link, {**firm_form(), "submit": "1"})
    assert response.status_code == 302
    with scopes_disabled():
        application = Application.objects.get(call=call)
        assert application.status == S.SUBMITTED and application.eligible
        assert application.display_name == "Marmara Kalıp A.Ş."
        details = FirmApplication.objects.get(application=application)
    assert details.tax_number == valid_vkn(777)
    assert "received" in mail.outbox[-1].subject.lower() or "alındı" in mail.outbox[-1].subject.lower()
    page = client.get(link).content.decode()  # after submission: read-only, masked
    assert application.reference in page and valid_vkn(777) not in page


def test_submitting_needs_every_required_field(client, world, call):
    _link, response = apply(client, world, call, contact_email=None, privacy_consent=None)
    assert response.status_code == 400
    with scopes_disabled():
        assert Application.objects.get(call=call).status == S.DRAFT


def test_a_wrong_vkn_checksum_is_refused_clearly(client, world, call):
    _link, response = apply(client, world, call, tax_number="1234567891")
    assert response.status_code == 400
    assert "VKN" in response.content.decode()


def test_one_application_per_vkn_per_call(client, world, call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, world, call)
        first = Application.objects.with_scopes_disabled().get(call=call)
        other = client.__class__()
        link = start(other, world, call, email="someone-else@example.test")
        response = other.post(link, {**firm_form(trade_name="Başka Firma"), "submit": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert first.reference in html  # names the existing one…
    assert "Marmara Kalıp" not in html  # …without revealing it


def test_a_closed_call_refuses_submission_and_keeps_the_draft(client, world, call):
    link, _ = apply(client, world, call, submit=False)
    with scopes_disabled():
        type(call).objects.with_scopes_disabled().filter(pk=call.pk).update(
            closes_at=timezone.now() - timedelta(minutes=1)
        )
    response = client.post(link, {**firm_form(), "submit": "1"})
    assert response.status_code in (200, 400)
    with scopes_disabled():
        application = Application.objects.get(call=call)
        assert application.status == S.DRAFT
        assert FirmApplication.objects.filter(application=application).exists()


def test_a_province_outside_the_program_makes_it_ineligible_with_the_reason(client, world, call):
    with scopes_disabled():
        world.a.program.case_by_case_provinces.add(Province.objects.get(plate=6))
    apply(client, world, call, province=Province.objects.get(plate=6).pk)
    with scopes_disabled():
        application = Application.objects.get(call=call)
    assert application.needs_case_review  # accepted for case-by-case review
    assert application.status == S.SUBMITTED


def test_hostile_text_is_stored_intact_and_rendered_escaped(client, world, call):
    hostile = '<script>alert("x")</script> & "Ltd" \'; DROP TABLE--'
    apply(client, world, call, trade_name=hostile, district=hostile)
    with scopes_disabled():
        application = Application.objects.get(call=call)
        assert FirmApplication.objects.get(application=application).trade_name == hostile
    client.force_login(world.a.users[roles.STAFF])
    html = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


def _submitted(client, world, call):
    apply(client, world, call)
    with scopes_disabled():
        return Application.objects.get(call=call)


def test_reviews_score_by_weight_and_show_the_spread(client, world, call):
    application = _submitted(client, world, call)
    staff, assessor = world.a.users[roles.STAFF], world.a.users[roles.ASSESSOR]
    client.force_login(staff)
    for reviewer in (staff, assessor):
        client.post(reverse("review_assign", args=[application.pk]), {"reviewer": reviewer.pk})
    with scopes_disabled():
        reviews = {r.reviewer_id: r for r in application.reviews.all()}
        criteria = list(call.criteria.all())
    # staff: 5/5 and 10/10 → 100; assessor: 0/5 and 10/10 → weight 1 of 3 → 33.33
    for reviewer, scores in ((staff, (5, 10)), (assessor, (0, 10))):
        client.force_login(reviewer)
        data = {f"score_{c.pk}": s for c, s in zip(criteria, scores, strict=True)}
        assert client.post(reverse("review_edit", args=[reviews[reviewer.pk].pk]), data).status_code == 302
    application.refresh_from_db()
    assert str(application.score) == "66.67"
    assert str(application.score_spread) == "66.67"


def test_a_score_out_of_range_is_refused(client, world, call):
    application = _submitted(client, world, call)
    staff = world.a.users[roles.STAFF]
    client.force_login(staff)
    client.post(reverse("review_assign", args=[application.pk]), {"reviewer": staff.pk})
    with scopes_disabled():
        review = application.reviews.get()
        criteria = list(call.criteria.all())
    response = client.post(
        reverse("review_edit", args=[review.pk]), {f"score_{criteria[0].pk}": 6, f"score_{criteria[1].pk}": 3}
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.score is None


def test_a_conflict_of_interest_scores_nothing(client, world, call):
    application = _submitted(client, world, call)
    staff = world.a.users[roles.STAFF]
    client.force_login(staff)
    client.post(reverse("review_assign", args=[application.pk]), {"reviewer": staff.pk})
    with scopes_disabled():
        review = application.reviews.get()
    client.post(reverse("review_edit", args=[review.pk]), {"conflict_of_interest": "on", "conflict_note": "Kuzenim"})
    review.refresh_from_db()
    assert review.conflict_of_interest and review.conflict_note == "Kuzenim"


def test_a_reviewer_cannot_open_someone_elses_review(client, world, call):
    application = _submitted(client, world, call)
    client.force_login(world.a.users[roles.STAFF])
    client.post(reverse("review_assign", args=[application.pk]), {"reviewer": world.a.users[roles.STAFF].pk})
    with scopes_disabled():
        review = application.reviews.get()
    client.force_login(world.a.users[roles.ASSESSOR])
    assert client.get(reverse("review_edit", args=[review.pk])).status_code == 404


def test_selecting_makes_the_firm_its_baseline_and_invites_the_contact(
    client, world, call, django_capture_on_commit_callbacks
):
    application = _submitted(client, world, call)
    client.force_login(world.a.users[roles.STAFF])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("application_transition", args=[application.pk]),
            {"to_status": "selected", "reason": "Güçlü başvuru"},
        )
    assert response.status_code == 302
    with scopes_disabled():
        firm = Firm.objects.get(application=application)
        assert firm.tax_number == valid_vkn(777)
        baseline = WorkforceSnapshot.objects.get(firm=firm)
        assert (baseline.white_collar_women, baseline.white_collar_men, baseline.blue_collar_women) == (12, 28, 20)
        invitation = Invitation.objects.get(email="sevgi@marmarakalip.test")
        assert invitation.firm == firm
        transition = Transition.objects.filter(application=application).last()
    assert (transition.to_status, transition.reason, transition.actor) == (
        "selected",
        "Güçlü başvuru",
        world.a.users[roles.STAFF],
    )
    subjects = [m.subject for m in mail.outbox]
    assert any(application.reference in s for s in subjects)  # decision email
    assert any("sevgi@marmarakalip.test" in m.to for m in mail.outbox)  # invitation


def test_a_decision_needs_a_reason(client, world, call):
    application = _submitted(client, world, call)
    client.force_login(world.a.users[roles.STAFF])
    client.post(reverse("application_transition", args=[application.pk]), {"to_status": "rejected", "reason": ""})
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_the_quota_refuses_an_extra_selection_unless_overridden_with_a_reason(
    client, world, django_capture_on_commit_callbacks
):
    call = make_call(world, quota=1)
    apps = []
    for i in range(2):
        c = client.__class__()
        link = start(c, world, call, email=f"firma{i}@example.test")
        c.post(link, {**firm_form(tax_number=valid_vkn(900 + i), contact_email=f"k{i}@example.test"), "submit": "1"})
    with scopes_disabled():
        apps = list(Application.objects.filter(call=call).order_by("pk"))
    client.force_login(world.a.users[roles.STAFF])
    url = lambda a: reverse("application_transition", args=[a.pk])  # noqa: E731
    client.post(url(apps[0]), {"to_status": "selected", "reason": "ilk"})
    response = client.post(url(apps[1]), {"to_status": "selected", "reason": "ikinci"}, follow=True)
    apps[1].refresh_from_db()
    assert apps[1].status == S.SUBMITTED
    assert "kota" in response.content.decode().lower() or "quota" in response.content.decode().lower()
    client.post(
        url(apps[1]), {"to_status": "selected", "reason": "Deprem bölgesinden güçlü aday", "quota_override": "on"}
    )
    apps[1].refresh_from_db()
    assert apps[1].status == S.SELECTED
    with scopes_disabled():
        assert Transition.objects.filter(application=apps[1], quota_override=True).exists()


def test_an_illegal_transition_is_refused(client, world, call):
    application = _submitted(client, world, call)
    client.force_login(world.a.users[roles.STAFF])
    client.post(
        reverse("application_transition", args=[application.pk]), {"to_status": "rejected", "reason": "yetersiz"}
    )
    client.post(
        reverse("application_transition", args=[application.pk]), {"to_status": "selected", "reason": "geri dön"}
    )
    application.refresh_from_db()
    assert application.status == S.REJECTED


def test_bulk_shortlisting(client, world, call):
    for i in range(3):
        c = client.__class__()
        link = start(c, world, call, email=f"b{i}@example.test")
        c.post(link, {**firm_form(tax_number=valid_vkn(950 + i)), "submit": "1"})
    with scopes_disabled():
        ids = list(Application.objects.filter(call=call).values_list("pk", flat=True))
    client.force_login(world.a.users[roles.STAFF])
    client.post(
        reverse("applications_bulk", args=[call.pk]), {"applications": ids, "to_status": "shortlisted", "reason": ""}
    )
    with scopes_disabled():
        assert set(Application.objects.filter(call=call).values_list("status", flat=True)) == {S.SHORTLISTED}


def test_staff_filter_the_list(client, world, call):
    _submitted(client, world, call)
    client.force_login(world.a.users[roles.STAFF])
    base = reverse("call_detail", args=[call.pk])
    assert "Marmara Kalıp" in client.get(base + "?status=submitted&province=41&order=score").content.decode()
    assert "Marmara Kalıp" not in client.get(base + "?province=34").content.decode()
    assert "Marmara Kalıp" in client.get(base + "?sector=25&size=medium").content.decode()  # 200 employees
    assert "Marmara Kalıp" not in client.get(base + "?size=large").content.decode()
    assert "Marmara Kalıp" not in client.get(base + "?sector=10").content.decode()
    assert client.get(base + "?status=nonsense&province=x&min_score=y").status_code == 200
