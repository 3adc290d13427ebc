"""The firm home's progress steps each lead to the page where the firm does them; the next one is marked."""

from django.urls import reverse
from django_scopes import scopes_disabled

from firms.models import Firm
from firms.selectors import firm_progress_steps
from portal import roles


def test_every_step_links_to_its_page_and_the_first_undone_is_the_current_one(world):
    with scopes_disabled():
        firm = world.a.firms[0]
        Firm.objects.filter(pk=firm.pk).update(agreement="")
        firm.refresh_from_db()
        steps = firm_progress_steps(firm=firm)
    assert len(steps) >= 9 and all(step.url for step in steps)
    current = [s for s in steps if s.current]
    assert len(current) == 1 and current[0] == next(s for s in steps if not s.done)
    assert current[0].url == reverse("firms:profile_edit", args=[firm.pk])  # the agreement is missing
    assert [s.url for s in steps if "Salary" in str(s.label) or "Maaş" in str(s.label)] == [
        reverse("stipends:firm_claims")
    ]


def test_the_firm_home_shows_the_next_step_as_a_button(client, world):
    with scopes_disabled():
        Firm.objects.filter(pk=world.a.firms[0].pk).update(agreement="")
    client.force_login(world.a.users[roles.FIRM])
    html = client.get(reverse("firms:home")).content.decode()
    progress = html.split('class="list-group list-group-numbered mb-3 firm-progress"')[1].split("</ol>")[0]
    assert progress.count('aria-current="step"') == 1
    current = progress.split('aria-current="step"')[1].split("</li>")[0]
    assert "sıradaki adım" in current and "btn btn-primary" in current
    assert f'href="{reverse("firms:profile_edit", args=[world.a.firms[0].pk])}"' in current
    assert f'href="{reverse("assessments:firm_home")}"' in progress
