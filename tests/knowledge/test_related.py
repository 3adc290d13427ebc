from django.template import Context, Template
from django.test import RequestFactory
from django_scopes import scope

from portal import roles
from portal.tenancy import audience_for
from tests.world_ext.knowledge import _resource


def render_for(user, program, text):
    request = RequestFactory().get("/")
    request.audience = audience_for(user, program_id=program.pk)
    with scope(program=[program.pk]):
        return Template("{% load knowledge_related %}" + text).render(Context({"request": request}))


def test_a_firm_user_sees_guides_on_her_roadmaps_topic(world):
    with scope(program=[world.a.program.pk]):
        digital = _resource(world.a, "a", "Dijital rehber A", for_firms=True)
        digital.topics.update(topic="digital")
    firm = world.a.users[roles.FIRM]
    html = render_for(firm, world.a.program, '{% related_resources "SIRI" %}')
    assert "Dijital rehber A" in html and world.a.resource.title_tr not in html
    html = render_for(firm, world.a.program, '{% related_resources "COSIRI" %}')
    assert world.a.resource.title_tr in html and world.b.resource.title_tr not in html


def test_an_unknown_topic_shows_nothing(world):
    assert render_for(world.a.users[roles.FIRM], world.a.program, '{% related_resources "<b>" %}').strip() == ""
