"""Assessments tell people as each move waits on someone: the firm when its self-assessment opens (and before it
is due), the assessors when the firm sends it, the lead when bands wait for review, the firm when results are
published and the roadmap PDF is ready, firm and assessors when a revision opens. Each once, in Turkish, with a
link. "Waiting for you" shows the open actions, in the same number of queries at n and 10×n."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments import notifications, services
from assessments.models import Assessment, AssessorAssignment, Score
from assessments.selectors import version_dimensions
from portal import roles
from portal.models import Notification
from portal.tenancy import program_scope
from tests.assessments.helpers import Flow, new_assessor
from tests.helpers import assert_constant_queries

S = Assessment.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def flow(world):
    return Flow(world.a)


def _notes(kind, user=None):
    with scopes_disabled():
        rows = Notification.objects.filter(kind=kind)
        if user is not None:
            rows = rows.filter(recipient=user)
        return list(rows)


def _mail_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def _section(html):
    return html.split('id="waiting-for-you"')[1].split("</section>")[0]


def test_opening_the_self_assessment_tells_the_firm_users_once_in_turkish_with_the_link(
    world, flow, django_capture_on_commit_callbacks
):
    firm_user = world.a.users[roles.FIRM]
    a = flow.schedule(world.a.firms[0], starts_on=timezone.localdate() + timedelta(days=10))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        flow.move(a, "open_self_assessment", by=flow.staff)
    (note,) = _notes("assessments.self_assessment_opened", firm_user)
    assert note.link == reverse("assessments:self_assessment", args=[a.pk])
    (email,) = _mail_to(firm_user)
    assert "öz değerlendirmeniz açıldı" in email.subject
    assert reverse("assessments:self_assessment", args=[a.pk]) in email.body
    assert (timezone.localdate() + timedelta(days=10)).strftime("%d.%m.%Y") in email.body
    assert not _notes("assessments.self_assessment_opened", world.a.other_firm_user)  # firm 2 hears nothing
    with program_scope(world.a.program.pk), django_capture_on_commit_callbacks(execute=True):
        notifications.assessment_moved(assessment=a, move="open_self_assessment", actor=flow.staff)
    assert len(_notes("assessments.self_assessment_opened", firm_user)) == 1
    assert len(_mail_to(firm_user)) == 1


def test_the_firm_sending_its_self_assessment_tells_the_assessors_not_itself(
    world, flow, django_capture_on_commit_callbacks
):
    firm_user, assessor = world.a.users[roles.FIRM], world.a.users[roles.ASSESSOR]
    co = new_assessor(world.a.program, "Eş Değerlendirici")
    a = flow.schedule(world.a.firms[0], co=[co])
    flow.move(a, "open_self_assessment", by=flow.staff)
    with program_scope(world.a.program.pk):
        Score.objects.bulk_create(
            Score(
                program=world.a.program,
                assessment=a,
                firm=a.firm,
                dimension=d,
                source="self",
                band=2,
                updated_by=firm_user,
            )
            for d in version_dimensions(a.version)
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        flow.move(a, "start_evaluation", by=firm_user)
    told = {n.recipient_id for n in _notes("assessments.self_assessment_submitted")}
    assert told == {assessor.pk, co.pk}
    (email,) = _mail_to(assessor)
    assert "öz değerlendirmesini gönderdi" in email.subject
    assert reverse("assessments:evaluation", args=[a.pk]) in email.body


def test_an_assessor_starting_herself_tells_nobody(world, flow, django_capture_on_commit_callbacks):
    a = flow.schedule(world.a.firms[0])
    with django_capture_on_commit_callbacks(execute=True):
        flow.to_evaluation(a)
    assert not _notes("assessments.self_assessment_submitted")


def test_review_publication_roadmap_and_revision_reach_the_right_people_once(
    world, flow, django_capture_on_commit_callbacks
):
    firm_user, lead = world.a.users[roles.FIRM], world.a.users[roles.ASSESSOR]
    co = new_assessor(world.a.program, "Eş Değerlendirici")
    a = flow.to_evaluation(flow.schedule(world.a.firms[0], co=[co]))
    flow.bands(a, 3, by=co)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        flow.move(a, "submit_for_review", by=co)
    (review,) = _notes("assessments.review_requested")
    assert review.recipient_id == lead.pk and co.get_full_name() in review.body
    with django_capture_on_commit_callbacks(execute=True):
        a = flow.move(a, "publish", by=lead)
    (published,) = _notes("assessments.results_published")
    assert published.recipient_id == firm_user.pk
    assert published.link == reverse("assessments:assessment_detail", args=[a.pk])
    (email,) = _mail_to(firm_user)
    assert "sonuçlarınız yayımlandı" in email.subject
    with program_scope(world.a.program.pk):
        roadmap = a.roadmap
        with django_capture_on_commit_callbacks(execute=True):
            services.roadmap_document_build(actor=firm_user, roadmap=roadmap, language="tr")
            services.roadmap_document_build(actor=firm_user, roadmap=roadmap, language="en")
    (ready,) = _notes("assessments.roadmap_ready")
    assert ready.recipient_id == firm_user.pk and ready.link == reverse("assessments:roadmap", args=[a.pk])
    with django_capture_on_commit_callbacks(execute=True):
        flow.move(a, "open_revision", by=lead, reason="Yeni kanıt geldi")
    revised = _notes("assessments.revision_opened")
    assert {n.recipient_id for n in revised} == {firm_user.pk, co.pk}  # not the lead who opened it
    assert all("Yeni kanıt geldi" in n.body for n in revised)


def test_a_self_assessment_due_soon_is_reminded_once(world, flow, django_capture_on_commit_callbacks):
    firm_user = world.a.users[roles.FIRM]
    soon = flow.schedule(world.a.firms[0], starts_on=timezone.localdate() + timedelta(days=2))
    later = flow.schedule(world.a.firms[0], code="COSIRI", starts_on=timezone.localdate() + timedelta(days=20))
    flow.move(soon, "open_self_assessment", by=flow.staff)
    flow.move(later, "open_self_assessment", by=flow.staff)
    mail.outbox.clear()
    with program_scope(world.a.program.pk), django_capture_on_commit_callbacks(execute=True):
        assert services.self_assessments_remind(program_id=world.a.program.pk) == 1
        services.self_assessments_remind(program_id=world.a.program.pk)  # the next day's run: nothing new
    (note,) = _notes("assessments.self_assessment_due", firm_user)
    assert note.object_id == soon.pk
    (email,) = _mail_to(firm_user)
    assert email.subject.startswith("Hatırlatma: SIRI öz değerlendirmesinin son günü")


def test_the_daily_beat_task_reminds_every_program(world, flow, settings):
    from assessments.tasks import assessments_daily_all

    assert "assessments-daily" in settings.CELERY_BEAT_SCHEDULE
    a = flow.schedule(world.a.firms[0], starts_on=timezone.localdate() + timedelta(days=1))
    flow.move(a, "open_self_assessment", by=flow.staff)
    assessments_daily_all.apply()
    assert _notes("assessments.self_assessment_due", world.a.users[roles.FIRM])


# --- waiting for you ----------------------------------------------------------------------------------------------


def test_the_firm_is_asked_to_complete_its_self_assessment_and_to_see_fresh_results(client, world):
    client.force_login(world.a.users[roles.FIRM])
    section = _section(client.get(reverse("firms:home")).content.decode())
    assert reverse("assessments:self_assessment", args=[world.a.reassessment.pk]) in section
    assert "SIRI öz değerlendirmesini tamamlayın" in section
    assert "Yayımlanan SIRI sonuçlarınızı görün" in section  # the world's T0 was published just now
    client.force_login(world.a.other_firm_user)
    section = _section(client.get(reverse("firms:home")).content.decode())
    assert reverse("assessments:self_assessment", args=[world.a.reassessment.pk]) not in section


def test_the_assessor_sees_what_to_score_and_staff_what_to_review(client, world, flow):
    client.force_login(world.a.users[roles.ASSESSOR])
    section = _section(client.get(reverse("assessments:assessor_home")).content.decode())
    assert reverse("assessments:evaluation", args=[world.a.assessor_assessment.pk]) in section
    assert reverse("assessments:evaluation", args=[world.a.other_assessment.pk]) not in section
    with scopes_disabled():
        Assessment.objects.filter(pk=world.a.assessor_assessment.pk).update(status=S.REVIEW)
    client.force_login(world.a.users[roles.STAFF])
    section = _section(client.get(reverse("staff_home")).content.decode())
    assert reverse("assessments:staff_overview") + "?status=review" in section


def _more_self_assessments(world):
    def grow(n):
        with scopes_disabled():
            template = Assessment.objects.get(pk=world.a.reassessment.pk)
            for _ in range(n):
                a = Assessment.objects.create(
                    program=world.a.program,
                    firm=template.firm,
                    framework=template.framework,
                    version=template.version,
                    status=S.SELF_ASSESSMENT,
                    created_by=template.created_by,
                )
                AssessorAssignment.objects.create(
                    program=world.a.program, assessment=a, firm=a.firm, user=world.a.users[roles.ASSESSOR], is_lead=True
                )
                b = Assessment.objects.create(
                    program=world.a.program,
                    firm=template.firm,
                    framework=template.framework,
                    version=template.version,
                    status=S.EVALUATION,
                    created_by=template.created_by,
                )
                AssessorAssignment.objects.create(
                    program=world.a.program, assessment=b, firm=b.firm, user=world.a.users[roles.ASSESSOR], is_lead=True
                )

    return grow


def test_the_firm_home_takes_the_same_queries_with_n_and_10n_assessments(client, world):
    client.force_login(world.a.users[roles.FIRM])
    assert_constant_queries(client, reverse("firms:home"), grow=_more_self_assessments(world), n=3)


def test_the_assessor_home_takes_the_same_queries_with_n_and_10n_assessments(client, world):
    client.force_login(world.a.users[roles.ASSESSOR])
    assert_constant_queries(client, reverse("assessments:assessor_home"), grow=_more_self_assessments(world), n=3)
