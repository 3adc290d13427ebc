from django.urls import path

from firms import views

app_name = "firms"
urlpatterns = [
    path("", views.home, name="home"),
    path("all/", views.firm_list, name="firm_list"),
    path("<int:pk>/", views.firm_detail, name="firm_detail"),
]
