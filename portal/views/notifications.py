"""The inbox, the navbar's unread count, a person's channel choices, and staff's view of what was sent."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import roles
from portal.models.notifications import Channel, Delivery
from portal.notifications import actions, kinds, selectors
from portal.notifications.phone import mask
from portal.views.decorators import member_required, role_required


@member_required
def inbox(request):
    page = Paginator(selectors.inbox_for_user(audience=request.audience), 25).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
def unread_badge(request):
    """htmx: the navbar's count, refreshed every minute."""
    count = selectors.unread_count(audience=request.audience)
    return render(request, "notifications/partials/unread_badge.html", {"unread": count})


@member_required
def notification_open(request, pk):
    """Mark it read and go where it points (the link is a path of this site)."""
    notification = selectors.notification_get_for_user(audience=request.audience, pk=pk)
    actions.notification_mark_read(audience=request.audience, notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notification_inbox")


@member_required
@require_POST
def mark_all_read(request):
    actions.notification_mark_read(audience=request.audience)
    return redirect("notification_inbox")


@login_required
def preferences(request):
    user = request.user
    rows = [k for k in kinds.all_kinds() if k.optional and (set(k.channels) & {Channel.EMAIL, Channel.SMS})]
    if request.method == "POST":
        choices = {}
        for kind in rows:
            for channel in (Channel.EMAIL, Channel.SMS):
                if channel in kind.channels:
                    choices[(kind.key, channel)] = request.POST.get(f"{kind.key}:{channel}") == "on"
        choices[("", Channel.SMS)] = request.POST.get("sms_all") == "on"
        actions.preferences_save(user=user, choices=choices)
        from django.contrib import messages

        messages.success(request, _("Your choices are saved."))
        return redirect("notification_prefs")
    current = actions.preferences_of(user=user)
    table = [
        {
            "kind": kind,
            "cells": [
                (channel, channel in kind.channels, current.get((kind.key, channel), True))
                for channel in (Channel.EMAIL, Channel.SMS)
            ],
        }
        for kind in rows
    ]
    required = [k for k in kinds.all_kinds() if not k.optional and k.audience != "applicant"]
    return render(
        request,
        "notifications/preferences.html",
        {
            "table": table,
            "required": required,
            "sms_all": current.get(("", Channel.SMS), True),
            "phone": mask(user.phone) if user.phone else "",
        },
    )


@role_required(roles.STAFF, roles.FINANCE, roles.FINANCE_APPROVER)
def delivery_list(request):
    status = request.GET.get("status", "")
    rows = selectors.deliveries_for_staff(audience=request.audience, status=status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/delivery_list.html",
        {"page": page, "status": status, "statuses": Delivery.Status.choices},
    )
