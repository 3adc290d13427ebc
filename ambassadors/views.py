from django.shortcuts import render

from portal import roles
from portal.views.decorators import role_required


@role_required(roles.MENTOR)
def mentor_home(request):
    return render(request, "ambassadors/mentor_home.html")
