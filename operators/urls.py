from django.urls import path

from operators import views

app_name = "operators"
urlpatterns = [
    path("employees/", views.employer_confirmations, name="employer_confirmations"),
    path("employees/<int:pk>/confirm/", views.employer_confirm, name="employer_confirm"),
    path("profile/", views.profile, name="profile"),
    path("profiles/", views.profile_list, name="profile_list"),
]
