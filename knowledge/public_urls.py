"""The public site of one programme, /p/<programme code>/…: no login, public resources only."""

from django.urls import path

from knowledge import views

app_name = "public_knowledge"
urlpatterns = [
    path("", views.public_home, name="home"),
    path("knowledge/", views.public_resource_list, name="resource_list"),
    path("knowledge/<int:pk>/", views.public_resource_detail, name="resource_detail"),
    path("knowledge/<int:pk>/file/", views.public_resource_download, name="resource_download"),
    path("knowledge/collections/<int:pk>/", views.public_collection_detail, name="collection_detail"),
]
