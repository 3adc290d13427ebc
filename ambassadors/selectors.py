from django.http import Http404

from ambassadors.models import AmbassadorApplication
from portal.selection.selectors import application_list_for_user


def ambassador_application_for_user(*, audience, application_pk) -> AmbassadorApplication:
    visible = application_list_for_user(audience=audience).filter(pk=application_pk)
    details = AmbassadorApplication.objects.filter(application__in=visible).select_related("application").first()
    if details is None:
        raise Http404
    return details
