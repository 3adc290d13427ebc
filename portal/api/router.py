"""/api/v1/ assembled from what the apps register (portal.registry.api_routes), like the other providers."""

from dataclasses import dataclass

from django.urls import URLPattern
from rest_framework.routers import SimpleRouter

from portal.registry import api_routes


@dataclass(frozen=True)
class Route:
    prefix: str
    viewset: type
    basename: str


def register(name: str, route: "Route | URLPattern"):
    return api_routes.register(name, route)


def v1_urlpatterns() -> list:
    router = SimpleRouter()
    extra = []
    for _name, route in sorted(api_routes.items(), key=lambda item: item[0]):
        if isinstance(route, Route):
            router.register(route.prefix, route.viewset, basename=route.basename)
        else:
            extra.append(route)
    return extra + router.urls
