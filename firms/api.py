"""Firms in the API, for the programme office: the same selectors as the firm pages; the tax number masked."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from firms import selectors
from firms.models import Firm
from portal.api.router import Route
from portal.api.views import SelectorViewSet
from portal.roles import PROGRAM_OFFICE


class FirmSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    tax_number_masked = serializers.CharField(help_text="VKN, masked: never sent in clear")
    province = serializers.CharField(source="province.name")
    district = serializers.CharField()
    osb = serializers.CharField()
    sector = serializers.CharField(source="sector.name", allow_null=True, default=None)
    turnover_band = serializers.CharField()
    digital_interest = serializers.BooleanField()
    green_interest = serializers.BooleanField()
    created_at = serializers.DateTimeField()


@extend_schema(parameters=[OpenApiParameter("province", int, required=False, description="Province id")])
class FirmViewSet(SelectorViewSet):
    """The programme's firms (programme office). Filter with `?province=`."""

    roles = PROGRAM_OFFICE
    serializer_class = FirmSerializer
    queryset = Firm.objects.none()
    ordering = ("name", "pk")

    def list_for_user(self, audience):
        return selectors.firm_list_for_user(audience=audience)

    def get_for_user(self, audience, pk):
        return selectors.firm_get_for_user(audience=audience, pk=pk)

    def filter_list(self, rows, params):
        province = params.get("province", "")
        return rows.filter(province_id=int(province)) if province.isdigit() else rows


def routes():
    return {"firms.firms": Route("firms", FirmViewSet, "firm")}
