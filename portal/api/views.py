"""The one shape most read endpoints share: a list and a detail served by an app's `*_list_for_user` and
`*_get_for_user` selectors (404 for missing and not yours alike), with the audience of the request."""

from django.http import Http404
from rest_framework import mixins, viewsets

from portal.api.permissions import HasRole


class SelectorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Subclasses name `roles`, `serializer_class`, `queryset = Model.objects.none()` (for the schema) and
    `list_for_user(audience)` / `get_for_user(audience, pk)`; `filter_list(rows, params)` narrows the list."""

    permission_classes = [HasRole]
    roles: frozenset = frozenset()
    ordering: tuple = ("-pk",)

    @property
    def audience(self):
        return self.request._request.audience

    def list_for_user(self, audience):
        raise NotImplementedError

    def get_for_user(self, audience, pk):
        raise NotImplementedError

    def filter_list(self, rows, params):
        return rows

    def get_queryset(self):
        return self.filter_list(self.list_for_user(self.audience), self.request.query_params).order_by(*self.ordering)

    def get_object(self):
        value = str(self.kwargs["pk"])
        if not value.isdigit():
            raise Http404
        return self.get_for_user(self.audience, int(value))
