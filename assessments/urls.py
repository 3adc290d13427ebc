from django.urls import path

from assessments import views

app_name = "assessments"
urlpatterns = [
    path("assessor/", views.assessor_home, name="assessor_home"),
]
