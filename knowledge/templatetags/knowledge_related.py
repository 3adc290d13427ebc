"""Related resources beside another app's page, without that app importing knowledge (a template tag, not an
import): a firm's roadmap shows the guides on its framework's topic, a curriculum module those on its own.

    {% load knowledge_related %}{% related_resources "SIRI" %}     (on templates/assessments/roadmap.html)
"""

from django import template

from knowledge.models import Topic

register = template.Library()

# assessment framework code -> the topic its roadmap is about
FRAMEWORK_TOPICS = {"SIRI": Topic.DIGITAL, "COSIRI": Topic.GREEN}


@register.inclusion_tag("knowledge/partials/related.html", takes_context=True)
def related_resources(context, topic_or_framework: str, limit: int = 3):
    from knowledge.selectors import resource_list_for_user

    request = context.get("request")
    audience = getattr(request, "audience", None)
    if audience is None or audience.program_id is None:
        return {"resources": []}
    key = str(topic_or_framework or "")
    topic = FRAMEWORK_TOPICS.get(key.upper(), key)
    if topic not in Topic.values:
        return {"resources": []}
    resources = resource_list_for_user(audience=audience, program_id=audience.program_id, filters={"topic": topic})
    return {"resources": list(resources[:limit]), "topic": Topic(topic).label}
