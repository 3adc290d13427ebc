from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/reveal/", views.my_identifier_reveal, name="my_identifier_reveal"),
    path("my-data/export/", views.my_export_request, name="my_export_request"),
    path("my-data/export/<int:pk>/", views.my_export_download, name="my_export_download"),
    path("requests/new/", views.my_request_new, name="my_request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/<slug:action>/", views.request_act, name="request_act"),
    path("staff/requests/", views.request_queue, name="request_queue"),
    path("staff/requests/on-behalf/", views.request_on_behalf, name="request_on_behalf"),
    path("staff/inventory/", views.inventory, name="inventory"),
    path("staff/inventory/new/", views.inventory_edit, name="inventory_new"),
    path("staff/inventory/<int:pk>/", views.inventory_edit, name="inventory_edit"),
    path("staff/inventory/verbis.csv", views.inventory_export, name="inventory_export"),
    path("staff/settings/", views.settings_edit, name="settings"),
    path("staff/retention/", views.retention_page, name="retention"),
]
