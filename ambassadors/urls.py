from django.urls import path

from ambassadors import views

app_name = "ambassadors"
urlpatterns = [
    path("mentor/", views.mentor_home, name="mentor_home"),
    path("applications/<int:pk>/cv/", views.application_cv, name="application_cv"),
    path("profile/", views.profile, name="profile"),
    path("profiles/", views.profile_list, name="profile_list"),
    path("mentoring/", views.mentoring_list, name="mentoring_list"),
    path("mentoring/assign/", views.mentor_assign, name="mentor_assign"),
    path("mentoring/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("my-mentoring/", views.my_mentoring, name="my_mentoring"),
]
