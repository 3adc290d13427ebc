from django.urls import path

from outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("new/", views.event_new, name="event_new"),
    path("<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("<int:pk>/attendance/", views.event_attendance, name="event_attendance"),
    path("<int:pk>/attendance/<int:registration_pk>/", views.attendance_toggle, name="attendance_toggle"),
    path("organisations/", views.organisation_list, name="organisation_list"),
]
