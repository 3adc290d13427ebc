"""Trainees in the API, for the programme office: the same selectors as the trainee pages. The national id and
the IBAN are only ever sent masked."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from portal.api.router import Route
from portal.api.views import SelectorViewSet
from portal.roles import PROGRAM_OFFICE
from training import selectors
from training.models import Trainee


class TraineeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField(source="user.full_name")
    track = serializers.ChoiceField(choices=Trainee.Track.choices)
    status = serializers.ChoiceField(choices=Trainee.Status.choices)
    province = serializers.CharField(source="province.name")
    tckn_masked = serializers.CharField(help_text="T.C. identity number, masked: never sent in clear")
    iban_masked = serializers.CharField(help_text="IBAN, masked: never sent in clear")
    created_at = serializers.DateTimeField()


@extend_schema(
    parameters=[
        OpenApiParameter("track", enum=Trainee.Track.values, required=False),
        OpenApiParameter("status", enum=Trainee.Status.values, required=False),
    ]
)
class TraineeViewSet(SelectorViewSet):
    """The programme's trainees (programme office). Filter with `?track=` and `?status=`."""

    roles = PROGRAM_OFFICE
    serializer_class = TraineeSerializer
    queryset = Trainee.objects.none()

    def list_for_user(self, audience):
        return selectors.trainee_list_for_user(audience=audience)

    def get_for_user(self, audience, pk):
        return selectors.trainee_get_for_user(audience=audience, pk=pk)

    def filter_list(self, rows, params):
        for name in ("track", "status"):
            if params.get(name):
                rows = rows.filter(**{name: params[name]})
        return rows


def routes():
    return {"training.trainees": Route("trainees", TraineeViewSet, "trainee")}
