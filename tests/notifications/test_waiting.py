"""'Waiting for you' is first on every role's home, soonest first, and costs the same queries at n and 10×n;
the inbox shows what was sent and the navbar counts what is unread."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from matching.models import Offer
from portal import roles
from portal.models import Notification
from tests.factories import TraineeFactory
from tests.helpers import assert_constant_queries


def test_the_ambassador_sees_her_offer_first_on_her_home(client, world):
    client.force_login(world.a.users[roles.AMBASSADOR])
    html = client.get(reverse("training:my_training")).content.decode()
    assert 'id="waiting-for-you"' in html
    assert html.index("waiting-for-you") < html.index("</h1>") + 200  # right under the heading
    assert "Firma A1 Metal A.Ş." in html.split('id="waiting-for-you"')[1].split("</section>")[0]
    assert reverse("matching:offer_detail", args=[world.a.offer.pk]) in html


def test_the_firm_sees_the_candidate_to_answer_and_staff_see_overdue_checkpoints(client, world):
    client.force_login(world.a.users[roles.FIRM])
    section = client.get(reverse("firms:home")).content.decode().split('id="waiting-for-you"')[1]
    assert world.a.trainees[roles.AMBASSADOR].user.full_name in section.split("</section>")[0]
    client.force_login(world.a.users[roles.STAFF])
    section = client.get(reverse("staff_home")).content.decode().split('id="waiting-for-you"')[1]
    assert reverse("matching:checkpoint_overdue") in section.split("</section>")[0]


def test_overdue_tasks_are_red(client, world):
    with scopes_disabled():
        Offer.objects.filter(pk=world.a.offer.pk).update(deadline=timezone.now() - timedelta(hours=1))
    client.force_login(world.a.users[roles.AMBASSADOR])
    section = client.get(reverse("training:my_training")).content.decode().split('id="waiting-for-you"')[1]
    assert "list-group-item-danger" in section.split("</section>")[0]


def _more_offers(world):
    def grow(n):
        with scopes_disabled():
            template = Offer.objects.get(pk=world.a.offer.pk)
            for _ in range(n):
                Offer.objects.create(
                    program=world.a.program,
                    proposal_id=template.proposal_id,
                    position_id=template.position_id,
                    firm_id=template.firm_id,
                    trainee=TraineeFactory(program=world.a.program),
                    deadline=timezone.now() + timedelta(days=3),
                )

    return grow


def test_the_firm_home_task_list_takes_the_same_queries_at_n_and_10n(client, world):
    client.force_login(world.a.users[roles.FIRM])
    count = assert_constant_queries(client, reverse("firms:home"), grow=_more_offers(world), n=3)
    assert count < 40


def test_the_staff_home_task_list_takes_the_same_queries_at_n_and_10n(client, world):
    client.force_login(world.a.users[roles.STAFF])
    assert_constant_queries(client, reverse("staff_home"), grow=_more_offers(world), n=3)


def test_the_inbox_lists_hers_only_and_the_navbar_counts_unread(client, world):
    staff = world.a.users[roles.STAFF]
    client.force_login(staff)
    assert client.get(reverse("notification_unread")).content.decode().strip().endswith("1</span>")
    html = client.get(reverse("notification_inbox")).content.decode()
    assert world.a.notification.subject in html and world.b.notification.subject not in html
    response = client.get(reverse("notification_open", args=[world.a.notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/home/"
    assert client.get(reverse("notification_unread")).content.decode().strip() == ""
    with scopes_disabled():
        assert Notification.objects.get(pk=world.a.notification.pk).read_at is not None


def test_a_person_switches_an_optional_kind_off_but_not_a_required_one(client, world):
    user = world.a.users[roles.FIRM]
    client.force_login(user)
    page = client.get(reverse("notification_prefs")).content.decode()
    assert 'name="matching.offer_reminder:email"' in page and 'name="matching.offer_made:email"' not in page
    client.post(reverse("notification_prefs"), {"sms_all": "on"})  # every optional box unticked
    assert set(user.notification_prefs.filter(enabled=False).values_list("kind", "channel")) >= {
        ("matching.offer_reminder", "email"),
        ("matching.offer_reminder", "sms"),
    }
    assert not user.notification_prefs.filter(kind="matching.offer_made").exists()


def test_staff_see_which_notifications_about_an_offer_went_out(client, world, django_capture_on_commit_callbacks):
    from matching.services import offers_tell_made
    from portal.tenancy import program_scope

    with django_capture_on_commit_callbacks(execute=True), program_scope(world.a.program.pk):
        offers_tell_made(offers=[world.a.offer.pk])
    url = reverse("matching:offer_detail", args=[world.a.offer.pk])
    client.force_login(world.a.users[roles.STAFF])
    html = client.get(url).content.decode()
    assert 'id="sent-title"' in html and "text-bg-success" in html
    client.force_login(world.a.users[roles.AMBASSADOR])
    assert 'id="sent-title"' not in client.get(url).content.decode()  # the history is for staff
