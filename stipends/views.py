from django.shortcuts import render

from portal import roles
from portal.views.decorators import role_required


@role_required(roles.FINANCE)
def finance_home(request):
    return render(request, "stipends/finance_home.html")
