from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal.views import home, invitations, jobs, members, privacy, selection_public, selection_staff

# admin.site is portal.admin_site.PortalAdminSite (portal.apps.PortalAdminConfig): it never authenticates itself,
# its login sends people through allauth (password + TOTP), and it admits platform operators whose session
# passed the second factor.
urlpatterns = [
    path("", home.landing, name="landing"),
    path("home/", home.home, name="home"),
    path("healthz/", home.healthz, name="healthz"),
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
    path("staff/calls/<int:pk>/export/", selection_staff.applications_export, name="applications_export"),
    path("applications/<int:pk>/", selection_staff.application_detail, name="application_detail"),
    path("applications/<int:pk>/status/", selection_staff.application_transition, name="application_transition"),
    path("applications/<int:pk>/reviewers/", selection_staff.review_assign, name="review_assign"),
    path("applications/<int:pk>/interviews/", selection_staff.interview_new, name="interview_new"),
    path("reviews/", selection_staff.review_list, name="review_list"),
    path("reviews/<int:pk>/", selection_staff.review_edit, name="review_edit"),
    path("privacy/", privacy.privacy, name="privacy"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/progress/", jobs.job_progress, name="job_progress"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    path("firm/", include("firms.urls")),
    path("assessments/", include("assessments.urls")),
    path("training/", include("training.urls")),
    path("ambassadors/", include("ambassadors.urls")),
    path("operators/", include("operators.urls")),
    path("matching/", include("matching.urls")),
    path("stipends/", include("stipends.urls")),
    path("reports/", include("reports.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
]
