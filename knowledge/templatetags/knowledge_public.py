from django import template

register = template.Library()


@register.simple_tag
def public_programmes():
    """The programme the portal's front page presents: the only one, when the deployment runs one. With several
    (replications side by side) the front page names none of them, so no programme learns of another from it;
    each keeps its own public site at /p/<code>/. (Program is the tenant itself, not tenant data.)"""
    from portal.models import Program

    programmes = list(Program.objects.order_by("code")[:2])
    return programmes if len(programmes) == 1 else []
