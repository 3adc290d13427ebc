"""Indicators in the API: the figures of the M&E dashboards through the same selectors, so a stakeholder gets
exactly the stakeholder page's aggregates (groups under five suppressed) and the programme office the cockpit's.
Record references (the drill-down) stay in the portal."""

from datetime import date

from django.utils import timezone
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.permissions import HasRole
from reports import permissions, selectors


class DisaggregationCellField(serializers.ListField):
    """[label, value or null when suppressed, subjects or null when suppressed]"""

    child = serializers.JSONField()


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    result = serializers.CharField()
    level = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField(help_text="people, firms, percent, kurus (1 TL = 100 kuruş), …")
    baseline = serializers.JSONField(allow_null=True)
    target = serializers.JSONField(allow_null=True)
    target_due = serializers.DateField(allow_null=True)
    final_target = serializers.JSONField(allow_null=True)
    value = serializers.JSONField(allow_null=True, help_text="null when not available or suppressed")
    progress = serializers.IntegerField(allow_null=True, help_text="percent of the final target")
    available = serializers.BooleanField()
    suppressed = serializers.BooleanField(default=False, help_text="true: fewer than five firms or people")
    disaggregations = serializers.DictField(child=serializers.ListField(child=DisaggregationCellField()))


class FiguresSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    public = serializers.BooleanField(help_text="true: the aggregates a stakeholder sees, small groups suppressed")
    suppress_below = serializers.IntegerField()
    indicators = IndicatorSerializer(many=True)


class IndicatorList(APIView):
    """The logframe's indicators with their values, targets and disaggregations. The programme office may ask
    for a past day (`?as_of=YYYY-MM-DD`) or a closed period's frozen figures (`?period=<id>`); everyone else
    (stakeholders) gets today's public aggregates."""

    permission_classes = [HasRole]
    roles = frozenset(permissions.AGGREGATE_VIEWERS)

    @extend_schema(
        responses=FiguresSerializer,
        parameters=[
            OpenApiParameter("as_of", date, required=False),
            OpenApiParameter("period", int, required=False),
        ],
    )
    def get(self, request):
        audience = request._request.audience
        if permissions.can_see_records(audience):
            period, as_of = None, None
            if (pk := request.query_params.get("period", "")).isdigit():
                period = selectors.period_get_for_user(audience=audience, pk=int(pk))
                if not period.is_closed:
                    raise ValidationError({"period": "open"})
            elif value := request.query_params.get("as_of"):
                try:
                    as_of = min(date.fromisoformat(value), timezone.localdate())
                except ValueError as error:
                    raise ValidationError({"as_of": "YYYY-MM-DD"}) from error
            snapshot = selectors.figures_for_user(audience=audience, as_of=as_of, period=period)
        else:
            snapshot = selectors.figures_public(audience=audience)
        english = (get_language() or "tr").startswith("en")
        indicators = [
            {
                **{k: v for k, v in entry.items() if k not in ("records", "name_tr", "name_en")},
                "name": (entry.get("name_en") if english else None) or entry.get("name_tr", ""),
                "suppressed": bool(entry.get("suppressed")),
            }
            for entry in snapshot["indicators"]
        ]
        data = {
            "as_of": snapshot["as_of"],
            "public": bool(snapshot.get("public")),
            "suppress_below": selectors.SUPPRESS_BELOW,
            "indicators": indicators,
        }
        return Response(FiguresSerializer(data).data)


def routes():
    from django.urls import path

    return {"reports.indicators": path("indicators/", IndicatorList.as_view(), name="indicator-list")}
