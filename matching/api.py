"""Employments in the API, for the programme office: the same selector as the employment pages."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from matching import selectors
from matching.models import Employment
from portal.api.router import Route
from portal.api.views import SelectorViewSet
from portal.roles import PROGRAM_OFFICE


class EmploymentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    trainee = serializers.IntegerField(source="trainee_id")
    firm = serializers.IntegerField(source="firm_id")
    firm_name = serializers.CharField(source="firm.name")
    start_date = serializers.DateField()
    planned_end_date = serializers.DateField()
    terminated_on = serializers.DateField(allow_null=True)
    contract_type = serializers.ChoiceField(choices=Employment.ContractType.choices)
    gross_salary_kurus = serializers.IntegerField(help_text="Monthly gross salary in kuruş (1 TL = 100 kuruş)")
    status = serializers.ChoiceField(choices=Employment.Status.choices)


@extend_schema(
    parameters=[
        OpenApiParameter("status", enum=Employment.Status.values, required=False),
        OpenApiParameter("firm", int, required=False),
    ]
)
class EmploymentViewSet(SelectorViewSet):
    """Employments through the programme (programme office). Filter with `?status=` and `?firm=`."""

    roles = PROGRAM_OFFICE
    serializer_class = EmploymentSerializer
    queryset = Employment.objects.none()

    def list_for_user(self, audience):
        return selectors.employment_list_for_user(audience=audience)

    def get_for_user(self, audience, pk):
        return selectors.employment_get_for_user(audience=audience, pk=pk)

    def filter_list(self, rows, params):
        if params.get("status"):
            rows = rows.filter(status=params["status"])
        firm = params.get("firm", "")
        return rows.filter(firm_id=int(firm)) if firm.isdigit() else rows


def routes():
    return {"matching.employments": Route("employments", EmploymentViewSet, "employment")}
