from django.urls import path

from firms import views

app_name = "firms"
urlpatterns = [
    path("", views.home, name="home"),
    path("all/", views.firm_list, name="firm_list"),
    path("<int:pk>/", views.firm_detail, name="firm_detail"),
    path("<int:pk>/profile/", views.profile_edit, name="profile_edit"),
    path("<int:pk>/workforce/", views.workforce_add, name="workforce_add"),
    path("<int:pk>/colleagues/", views.colleague_invite, name="colleague_invite"),
]
