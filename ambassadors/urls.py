from django.urls import path

from ambassadors import views

app_name = "ambassadors"
urlpatterns = [
    path("mentor/", views.mentor_home, name="mentor_home"),
    path("applications/<int:pk>/cv/", views.application_cv, name="application_cv"),
]
