from django.shortcuts import render

from portal import roles
from portal.views.decorators import role_required


@role_required(roles.ASSESSOR)
def assessor_home(request):
    return render(request, "assessments/assessor_home.html")
