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
    # the page reveals nothing about who applied; the link's owner learns it by email
    assert first.reference not in html and "Marmara Kalıp" not in html
    told = [m for m in mail.outbox if m.to == ["someone-else@example.test"] and first.reference in m.body]
    assert len(told) == 1


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


def test_a_refused_application_shows_the_value_and_the_fix_and_can_be_corrected_while_the_call_is_open(
    client, world, call
):
    link, _response = apply(client, world, call, white_collar_total=0, white_collar_women=0, blue_collar_total=0,
                            blue_collar_women=0)  # fmt: skip
    with scopes_disabled():
        application = Application.objects.get(call=call)
    assert application.status == S.INELIGIBLE
    page = client.get(link).content.decode()
    assert "Çalışanı var" in page and "0" in page and "En az 1 çalışan." in page
    assert client.post(link, {"reopen": "1"}).status_code == 302
    with scopes_disabled():
        application.refresh_from_db()
        assert application.status == S.DRAFT
        assert Transition.objects.filter(application=application, to_status=S.DRAFT, actor=None).exists()
    post_form(client, link, firm_form(), submit=True)
    with scopes_disabled():
        application.refresh_from_db()
    assert application.status == S.SUBMITTED and application.eligible


def test_staff_reopen_a_refused_application_only_with_a_reason(client, world, call):
    apply(client, world, call, white_collar_total=0, white_collar_women=0, blue_collar_total=0, blue_collar_women=0)
    with scopes_disabled():
        application = Application.objects.get(call=call)
    assert application.status == S.INELIGIBLE
    client.force_login(world.a.users[roles.STAFF])
    url = reverse("application_transition", args=[application.pk])
    client.post(url, {"to_status": S.DRAFT, "reason": ""})
    with scopes_disabled():
        application.refresh_from_db()
    assert application.status == S.INELIGIBLE
    client.post(url, {"to_status": S.DRAFT, "reason": "Telefonda onay verdiğini söyledi"})
    with scopes_disabled():
        application.refresh_from_db()
        transition = Transition.objects.filter(application=application).latest("pk")
    assert application.status == S.DRAFT and transition.actor == world.a.users[roles.STAFF]


def test_the_form_checks_eligibility_as_she_types_and_saves_nothing(client, world, call):
    link = start(client, world, call, email="canli@example.test")
    data = firm_form(white_collar_total=0, white_collar_women=0, blue_collar_total=0, blue_collar_women=0)
    response = client.post(link, {**data, "check": "1"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'data-eligibility-ok="0"' in html and "En az 1 çalışan." in html
    assert 'data-eligibility-ok="1"' in html  # the province and the sector pass
    fixed = client.post(link, {**firm_form(), "check": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-eligibility-ok="0"' not in fixed
    with scopes_disabled():
        assert not FirmApplication.objects.filter(application__call=call).exists()
        assert Application.objects.get(call=call).status == S.DRAFT


def test_the_same_identity_number_in_the_ambassador_and_operator_calls_is_flagged_to_staff_and_reviewers(client, world):
    from portal.services.selection import review_assign
    from portal.tenancy import audience_for

    ambassador_call, operator_call = make_call(world, group="ambassador"), make_call(world, group="operator")
    with scopes_disabled():
        first, second = (
            Application.objects.create(
                program=world.a.program,
                call=c,
                group=c.group,
                email=f"{c.group}@example.test",
                token_hash=f"t-{c.group}",
                status=S.SUBMITTED,
                dedupe_hash="same-tckn",
                display_name="Ayşe Kaya",
            )
            for c in (ambassador_call, operator_call)
        )
        unrelated = Application.objects.create(
            program=world.a.program, call=operator_call, group="operator", email="o@example.test",
            token_hash="t-other", status=S.SUBMITTED, dedupe_hash="another-tckn",
        )  # fmt: skip
        staff = world.a.users[roles.STAFF]
        review = review_assign(
            audience=audience_for(staff, program_id=world.a.program.pk), actor=staff, application=second,
            reviewer=staff,
        )  # fmt: skip
    client.force_login(staff)
    page = client.get(reverse("application_detail", args=[second.pk])).content.decode()
    assert first.reference in page and reverse("application_detail", args=[first.pk]) in page
    assert first.reference in client.get(reverse("review_edit", args=[review.pk])).content.decode()
    assert 'id="duplicates"' not in client.get(reverse("application_detail", args=[unrelated.pk])).content.decode()


def test_hostile_input_to_the_live_check_answers_without_a_500(client, world, call):
    link = start(client, world, call, email="kotu@example.test")
    for junk in (
        {"province": "abc", "sector": "999999", "white_collar_total": "-5"},
        {"tax_number": "'; DROP TABLE x; --", "blue_collar_total": "1e309", "privacy_consent": "maybe"},
        {"province": "", "white_collar_total": "٣"},
    ):
        response = client.post(link, {**firm_form(), **junk, "check": "1"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, junk
    with scopes_disabled():
        assert Application.objects.get(call=call).status == S.DRAFT
