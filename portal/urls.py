from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal.health import PortalHealthView
from portal.views import (
    api_tokens,
    home,
    invitations,
    jobs,
    members,
    notifications,
    privacy,
    selection_public,
    selection_staff,
    webhooks,
)

# admin.site is portal.admin_site.PortalAdminSite (portal.apps.PortalAdminConfig): it never authenticates itself,
# its login sends people through allauth (password + TOTP), and it admits platform operators whose session
# passed the second factor.
handler404 = "portal.api.errors.not_found"

urlpatterns = [
    path("", home.landing, name="landing"),
    path("home/", home.home, name="home"),
    # the full report (database, cache, broker, worker, storage, disk) for monitoring; /live/ only says the
    # process answers and reaches its database: the container health check, which a broker outage must not fail
    path("healthz/", PortalHealthView.as_view(), name="healthz"),
    path("healthz/live/", home.healthz, name="healthz_live"),
    path("program/switch/", home.program_switch, name="program_switch"),
    path("staff/", home.staff_home, name="staff_home"),
    path("staff/members/", members.member_list, name="member_list"),
    path("staff/members/export/", members.members_export, name="members_export"),
    path("staff/invitations/new/", members.invitation_new, name="invitation_new"),
    path("staff/invitations/<int:pk>/revoke/", members.invitation_revoke_view, name="invitation_revoke"),
    path("p/<slug:program_code>/invitation/<str:token>/", invitations.invitation_accept_view, name="invitation_accept"),
    path("p/<slug:program_code>/calls/", selection_public.call_list_public, name="call_list_public"),
    path("p/<slug:program_code>/calls/<int:pk>/apply/", selection_public.call_apply, name="call_apply"),
    path("p/<slug:program_code>/applications/<str:token>/", selection_public.application_edit, name="application_edit"),
    path("staff/calls/", selection_staff.call_list, name="call_list"),
    path("staff/calls/new/", selection_staff.call_new, name="call_new"),
    path("staff/calls/<int:pk>/", selection_staff.call_detail, name="call_detail"),
    path("staff/calls/<int:pk>/bulk/", selection_staff.applications_bulk, name="applications_bulk"),
    path("staff/calls/<int:pk>/quotas/", selection_staff.call_quotas, name="call_quotas"),
    path("staff/calls/<int:pk>/export/", selection_staff.applications_export, name="applications_export"),
    path("applications/<int:pk>/", selection_staff.application_detail, name="application_detail"),
    path("applications/<int:pk>/status/", selection_staff.application_transition, name="application_transition"),
    path("applications/<int:pk>/reviewers/", selection_staff.review_assign, name="review_assign"),
    path("applications/<int:pk>/interviews/", selection_staff.interview_new, name="interview_new"),
    path("reviews/", selection_staff.review_list, name="review_list"),
    path("reviews/<int:pk>/", selection_staff.review_edit, name="review_edit"),
    path("privacy/", privacy.privacy, name="privacy"),
    path("api-tokens/", api_tokens.api_token_list, name="api_token_list"),
    path("api-tokens/<int:pk>/revoke/", api_tokens.api_token_revoke, name="api_token_revoke"),
    path("staff/api-tokens/", api_tokens.api_token_program_list, name="api_token_program_list"),
    path("staff/webhooks/", webhooks.webhook_list, name="webhook_list"),
    path("staff/webhooks/<int:pk>/", webhooks.webhook_detail, name="webhook_detail"),
    path("staff/webhooks/<int:pk>/toggle/", webhooks.webhook_toggle, name="webhook_toggle"),
    path(
        "staff/webhooks/<int:pk>/deliveries/<int:delivery_id>/replay/",
        webhooks.webhook_replay,
        name="webhook_replay",
    ),
    path("inbox/", notifications.inbox, name="notification_inbox"),
    path("inbox/unread/", notifications.unread_badge, name="notification_unread"),
    path("inbox/read/", notifications.mark_all_read, name="notification_read_all"),
    path("inbox/<int:pk>/", notifications.notification_open, name="notification_open"),
    path("inbox/preferences/", notifications.preferences, name="notification_prefs"),
    path("staff/notifications/", notifications.delivery_list, name="notification_deliveries"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/progress/", jobs.job_progress, name="job_progress"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    path("firm/", include("firms.urls")),
    path("assessments/", include("assessments.urls")),
    path("training/", include("training.urls")),
    path("ambassadors/", include("ambassadors.urls")),
    path("operators/", include("operators.urls")),
    # the knowledge platform and events (members and staff), and each programme's public site under /p/<code>/
    path("knowledge/", include("knowledge.urls")),
    path("events/", include("outreach.urls")),
    path("p/<slug:program_code>/", include("knowledge.public_urls")),
    path("p/<slug:program_code>/events/", include("outreach.public_urls")),
    path("matching/", include("matching.urls")),
    path("stipends/", include("stipends.urls")),
    path("surveys/", include("surveys.urls")),
    path("reports/", include("reports.urls")),
    path("", include("portal.api.urls")),
    path("privacy/", include("privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler400 = "portal.views.error_pages.bad_request"
handler403 = "portal.views.error_pages.permission_denied"
handler404 = "portal.views.error_pages.page_not_found"
handler500 = "portal.views.error_pages.server_error"
