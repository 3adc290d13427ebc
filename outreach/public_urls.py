from django.urls import path

from outreach import views

app_name = "public_events"
urlpatterns = [
    path("", views.public_event_list, name="event_list"),
    path("<int:pk>/", views.public_event_detail, name="event_detail"),
    path("<int:pk>/calendar.ics", views.public_event_ics, name="event_ics"),
    path("registration/<str:token>/", views.registration_page, name="registration"),
]
