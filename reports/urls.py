from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("me/", views.me_home, name="me_home"),
    path("stakeholders/", views.stakeholder_home, name="stakeholder_home"),
]
