from django.urls import include, path, re_path

from portal.api import docs
from portal.api.errors import api_not_found
from portal.api.router import v1_urlpatterns

app_name = "api"

urlpatterns = [
    path("api/v1/", include(v1_urlpatterns())),
    path("api/schema/", docs.SchemaView.as_view(), name="schema"),
    path("openapi.json", docs.SchemaView.as_view(), name="openapi_json"),
    path("api/docs/", docs.swagger_ui, name="docs"),
    re_path(r"^api/", api_not_found),  # unnamed on purpose: no page, only the JSON 404 of unknown API paths
]
