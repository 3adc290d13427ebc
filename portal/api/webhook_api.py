"""Webhook endpoints and their delivery log, for programme staff: register, change, remove, read the log, replay."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal import roles
from portal.api import webhooks
from portal.api.pagination import Pagination, paginated
from portal.api.permissions import HasRole
from portal.models import WebhookDelivery, WebhookEndpoint
from portal.registry import webhook_events


def _event_choices():
    return sorted((code, str(label)) for code, label in webhook_events.items())


class EndpointSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.URLField(max_length=500)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    secret = serializers.CharField(
        write_only=True, min_length=16, max_length=200, help_text=_("Signing secret (at least 16 characters)")
    )
    events = serializers.ListField(child=serializers.ChoiceField(choices=_event_choices()), allow_empty=False)
    is_active = serializers.BooleanField(required=False, default=True)
    failing_since = serializers.DateTimeField(read_only=True, allow_null=True)
    disabled_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)


class EndpointUpdateSerializer(EndpointSerializer):
    secret = serializers.CharField(write_only=True, min_length=16, max_length=200, required=False)
    url = serializers.URLField(max_length=500, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=_event_choices()), allow_empty=False, required=False
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class DeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.CharField()
    event_id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=WebhookDelivery.Status.choices)
    attempts = serializers.IntegerField()
    response_code = serializers.IntegerField(allow_null=True)
    error = serializers.CharField()
    replay_of = serializers.IntegerField(source="replay_of_id", allow_null=True)
    created_at = serializers.DateTimeField()
    last_attempt_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
    payload = serializers.JSONField()


class WebhookViewSet(viewsets.GenericViewSet):
    lookup_value_regex = r"\d+"
    """The program's webhook endpoints (programme staff). Deliveries are signed with HMAC-SHA256 over
    `<timestamp>.<body>` in the `X-KIP-Signature: t=<timestamp>,v1=<hex>` header."""

    permission_classes = [HasRole]
    roles = {roles.STAFF}
    serializer_class = EndpointSerializer
    pagination_class = Pagination
    queryset = WebhookEndpoint.objects.none()  # for the schema; rows come from portal.api.webhooks

    @property
    def audience(self):
        return self.request._request.audience

    def _get(self, pk) -> WebhookEndpoint:
        endpoint = webhooks.webhook_endpoint_list_for_user(audience=self.audience).filter(pk=pk).first()
        if endpoint is None:
            raise Http404
        return endpoint

    def list(self, request):
        page = self.paginate_queryset(webhooks.webhook_endpoint_list_for_user(audience=self.audience))
        return self.get_paginated_response(EndpointSerializer(page, many=True).data)

    @extend_schema(request=EndpointSerializer, responses={201: EndpointSerializer})
    def create(self, request):
        body = EndpointSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        endpoint = webhooks.webhook_endpoint_create(
            audience=self.audience,
            actor=request.user,
            url=data["url"],
            secret=data["secret"],
            events=data["events"],
            description=data["description"],
        )
        if not data.get("is_active", True):
            endpoint = webhooks.webhook_endpoint_update(
                audience=self.audience, actor=request.user, endpoint=endpoint, is_active=False
            )
        return Response(EndpointSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=EndpointSerializer)
    def retrieve(self, request, pk=None):
        return Response(EndpointSerializer(self._get(pk)).data)

    @extend_schema(request=EndpointUpdateSerializer, responses=EndpointSerializer)
    def partial_update(self, request, pk=None):
        endpoint = self._get(pk)
        body = EndpointUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        endpoint = webhooks.webhook_endpoint_update(
            audience=self.audience, actor=request.user, endpoint=endpoint, **body.validated_data
        )
        return Response(EndpointSerializer(endpoint).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        webhooks.webhook_endpoint_delete(audience=self.audience, actor=request.user, endpoint=self._get(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=paginated(DeliverySerializer, "PaginatedDeliveryList"))
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        """The delivery log, newest first, with each attempt's response code."""
        rows = webhooks.webhook_delivery_list(endpoint=self._get(pk))
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(DeliverySerializer(page, many=True).data)

    @extend_schema(request=None, responses={201: DeliverySerializer})
    @action(detail=True, methods=["post"], url_path=r"deliveries/(?P<delivery_id>\d+)/replay")
    def replay(self, request, pk=None, delivery_id=None):
        """Send a logged delivery again (same event id and body)."""
        delivery = webhooks.webhook_delivery_list(endpoint=self._get(pk)).filter(pk=delivery_id).first()
        if delivery is None:
            raise Http404
        replay = webhooks.webhook_replay(audience=self.audience, actor=request.user, delivery=delivery)
        replay.refresh_from_db()
        return Response(DeliverySerializer(replay).data, status=status.HTTP_201_CREATED)
