from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from portal import roles
from portal.filters import ascii_int
from portal.middleware import SESSION_PROGRAM_KEY
from portal.registry import role_homes
from portal.selectors import job_list_for_user, membership_counts_by_role
from portal.views.decorators import role_required


def landing(request):
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "portal/landing.html")


@login_required
def home(request):
    """Send each person to the home page of her first role in the current program."""
    audience = request.audience
    for code in audience.roles_in_order:
        if code in role_homes:
            return redirect(role_homes[code])
    return render(request, "portal/no_program.html")


@role_required(*roles.PROGRAM_OFFICE)
def staff_home(request):
    audience = request.audience
    return render(
        request,
        "portal/staff_home.html",
        {
            "counts": membership_counts_by_role(audience=audience),
            "jobs": job_list_for_user(audience=audience),
        },
    )


@login_required
@require_POST
def program_switch(request):
    program_id = ascii_int(request.POST.get("program"))
    if program_id in {p[0] for p in request.audience.programs}:
        request.session[SESSION_PROGRAM_KEY] = program_id
    return redirect("home")


def healthz(request):
    """For the container health check: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})
