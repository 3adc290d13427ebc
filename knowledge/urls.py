from django.urls import path

from knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.resource_list, name="resource_list"),
    path("<int:pk>/", views.resource_detail, name="resource_detail"),
    path("<int:pk>/file/", views.resource_download, name="resource_download"),
    path("collections/<int:pk>/", views.collection_detail, name="collection_detail"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.resource_new, name="resource_new"),
    path("manage/<int:pk>/", views.resource_edit, name="resource_edit"),
    path("manage/<int:pk>/status/", views.resource_move, name="resource_move"),
    path("manage/collections/", views.collection_manage, name="collection_manage"),
    path("manage/collections/<int:pk>/", views.collection_manage, name="collection_edit"),
]
