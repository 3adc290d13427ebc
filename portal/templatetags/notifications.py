from django import template

from portal.notifications import selectors
from portal.notifications.tasks import tasks_for

register = template.Library()


@register.inclusion_tag("notifications/partials/waiting_for_you.html", takes_context=True)
def waiting_for_you(context):
    """First on every role's home: the open actions of every app, soonest due first, overdue in red."""
    request = context.get("request")
    return {"tasks": tasks_for(getattr(request, "audience", None))}


@register.inclusion_tag("notifications/partials/object_deliveries.html", takes_context=True)
def deliveries_for(context, obj):
    """Staff: which notifications about this object went out, on which channel, and whether they arrived."""
    request = context.get("request")
    audience = getattr(request, "audience", None)
    return {
        "shown": selectors.can_see_deliveries(audience),
        "notifications": selectors.deliveries_for_object(audience=audience, obj=obj),
    }
