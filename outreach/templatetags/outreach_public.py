from django import template

register = template.Library()


@register.simple_tag
def upcoming_public_events(program, limit=5):
    """The next public events of the programme whose public page is being shown (its scope is open)."""
    from outreach.selectors import event_list_public

    return list(event_list_public(program_id=program.pk)[:limit])
