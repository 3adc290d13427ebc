from django.http import FileResponse, Http404
from django.shortcuts import render

from ambassadors.selectors import ambassador_application_for_user
from portal import roles
from portal.views.decorators import role_required


@role_required(roles.MENTOR)
def mentor_home(request):
    return render(request, "ambassadors/mentor_home.html")


@role_required(*roles.PROGRAM_OFFICE)
def application_cv(request, pk):
    """The CV is never a public media URL: staff download it through this view."""
    details = ambassador_application_for_user(audience=request.audience, application_pk=pk)
    if not details.cv:
        raise Http404
    return FileResponse(details.cv.open("rb"), as_attachment=True, filename=f"cv-{details.application.reference}")
