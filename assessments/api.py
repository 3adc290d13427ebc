"""The assessments API: frameworks, the assessments a person may see, band submission, workflow moves, published
results and roadmap PDFs. Every endpoint calls the same selectors, permission predicates and services as the
pages (assessments.views), so a rule changes in one place."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import permissions, selectors, services, workflow
from assessments.models import Assessment, Framework
from portal.api.errors import ErrorSerializer
from portal.api.idempotency import idempotent
from portal.api.permissions import HasRole
from portal.api.router import Route
from portal.api.views import SelectorViewSet
from portal.roles import ASSESSOR, FIRM, PROGRAM_OFFICE

# --- serializers ---------------------------------------------------------------------------------------------


class DimensionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    pillar = serializers.CharField(source="pillar.name")
    building_block = serializers.CharField(source="pillar.building_block.name")


class VersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    is_current = serializers.BooleanField()
    content_source = serializers.CharField()
    band_min = serializers.IntegerField()
    band_max = serializers.IntegerField()


class VersionDetailSerializer(VersionSerializer):
    framework = serializers.CharField(source="framework.code")
    dimensions = serializers.SerializerMethodField()

    def get_dimensions(self, version) -> list[dict]:
        return DimensionSerializer(selectors.version_dimensions(version), many=True).data


class FrameworkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    owner = serializers.CharField()
    versions = VersionSerializer(many=True)


class FirmProfileSerializer(serializers.Serializer):
    """The firm's non-personal profile: no tax number, no contact people."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    province = serializers.CharField(source="province.name")
    district = serializers.CharField()
    osb = serializers.CharField()
    sector = serializers.CharField(source="sector.name", allow_null=True, default=None)


class AssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    framework = serializers.CharField(source="framework.code")
    version = serializers.IntegerField(source="version.number")
    version_id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Assessment.Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    site = serializers.CharField()
    size_class = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    baseline_id = serializers.IntegerField(allow_null=True)
    firm = FirmProfileSerializer()
    allowed_moves = serializers.SerializerMethodField()

    def get_allowed_moves(self, assessment) -> list[str]:
        audience = self.context["request"]._request.audience
        return [m.name for m in permissions.moves_for(audience, assessment)]


class BandEntrySerializer(serializers.Serializer):
    dimension = serializers.CharField(max_length=20, help_text=_("Dimension code, e.g. 1a"))
    # the band is checked by the service, as a workbook cell is, so its refusals read the same
    band = serializers.JSONField(help_text=_("Whole number within the framework version's band range"))
    note = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, help_text=_("Evidence note or justification; omit to keep")
    )


class BandSubmissionSerializer(serializers.Serializer):
    bands = BandEntrySerializer(many=True)


class BandResultSerializer(serializers.Serializer):
    assessment = serializers.IntegerField()
    changed = serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField(allow_null=True)),
        help_text=_("dimension code -> [old band, new band] for the bands that changed"),
    )
    bands = serializers.DictField(child=serializers.IntegerField(), help_text=_("dimension code -> band now"))


class MoveSerializer(serializers.Serializer):
    move = serializers.ChoiceField(choices=sorted(workflow.MOVES))
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class PublishedScoreSerializer(serializers.Serializer):
    dimension = serializers.CharField(source="dimension.code")
    band = serializers.IntegerField()
    note = serializers.CharField()


class RoadmapDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    revision = serializers.IntegerField()
    language = serializers.CharField()
    built_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, document) -> str:
        return self.context["request"].build_absolute_uri(reverse("api:roadmap-document-file", args=[document.pk]))


class ResultSerializer(serializers.Serializer):
    assessment = serializers.IntegerField()
    publication = serializers.IntegerField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    scores = PublishedScoreSerializer(many=True)
    roadmap_revision = serializers.IntegerField(allow_null=True)
    roadmap_documents = RoadmapDocumentSerializer(many=True)


# --- views ---------------------------------------------------------------------------------------------------

READERS = PROGRAM_OFFICE | {ASSESSOR, FIRM}


class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    """SIRI and COSIRI with their versions; a version's dimensions under `versions/{id}/`."""

    permission_classes = [HasRole]
    roles = READERS
    serializer_class = FrameworkSerializer
    pagination_class = None
    queryset = Framework.objects.none()  # for the schema; the rows come from the selector

    def get_queryset(self):
        return selectors.framework_list().prefetch_related("versions")

    @extend_schema(responses=VersionDetailSerializer)
    @action(detail=False, url_path=r"versions/(?P<version_id>\d+)", url_name="version")
    def version(self, request, version_id=None):
        version = selectors.version_get(pk=int(version_id))
        return Response(VersionDetailSerializer(version).data)


STATUS_FILTER = OpenApiParameter("status", enum=Assessment.Status.values, required=False)
FRAMEWORK_FILTER = OpenApiParameter("framework", str, required=False, description="SIRI or COSIRI")


@extend_schema(parameters=[STATUS_FILTER, FRAMEWORK_FILTER])
class AssessmentViewSet(SelectorViewSet):
    """Assessments the caller may see: the program office all, an assessor those assigned to her, a firm user
    her firm's. Filter with `?status=` and `?framework=`."""

    roles = READERS
    serializer_class = AssessmentSerializer
    queryset = Assessment.objects.none()
    ordering = ("-created_at", "-pk")

    def list_for_user(self, audience):
        return selectors.assessment_list_for_user(audience=audience).select_related("firm__province", "firm__sector")

    def get_for_user(self, audience, pk):
        return selectors.assessment_get_for_user(audience=audience, pk=pk)

    def filter_list(self, rows, params):
        if params.get("status"):
            rows = rows.filter(status=params["status"])
        if params.get("framework"):
            rows = rows.filter(framework__code__iexact=params["framework"])
        return rows

    @extend_schema(
        request=BandSubmissionSerializer,
        responses={200: BandResultSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description=_("The same key and body apply once; the same key with another body is refused (409)."),
            )
        ],
        examples=[
            OpenApiExample(
                "Bantlar / Bands",
                value={"bands": [{"dimension": "1a", "band": 3, "note": "MES pilotu hat 2'de çalışıyor"}]},
                request_only=True,
            )
        ],
        summary=_("Submit assessor bands"),
    )
    @action(detail=True, methods=["post"], url_path="scores")
    @idempotent
    def scores(self, request, pk=None):
        """The assigned assessor's bands of several dimensions, all or nothing, checked as a workbook upload is.
        Refusals list each dimension's problem (`errors[].field` is the dimension code)."""
        assessment = self.get_object()
        if not permissions.is_assigned(self.audience, assessment):
            raise PermissionDenied
        body = BandSubmissionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        changed = services.assessor_bands_submit(
            audience=self.audience, actor=request.user, assessment=assessment, bands=body.validated_data["bands"]
        )
        scores = selectors.assessment_scores(assessment, "assessor")
        codes = {d.pk: d.code for d in selectors.version_dimensions(assessment.version)}
        return Response(
            {
                "assessment": assessment.pk,
                "changed": changed,
                "bands": {codes[dimension_id]: s.band for dimension_id, s in sorted(scores.items())},
            }
        )

    @extend_schema(
        request=MoveSerializer,
        responses={200: AssessmentSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
        summary=_("Move the assessment in its workflow"),
    )
    @action(detail=True, methods=["post"], url_path="transitions")
    def transitions(self, request, pk=None):
        """`submit_for_review` (the assessor), `publish`, `return_to_evaluation`, … as the workflow allows the
        caller; a refused move answers 403 (not hers) or 400 with the reason (state, missing bands)."""
        assessment = self.get_object()
        body = MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        move = workflow.MOVES[body.validated_data["move"]]
        if not permissions.assessment_can_move(self.audience, assessment, move):
            raise PermissionDenied
        services.MOVE_SERVICES[move.name](
            audience=self.audience, actor=request.user, assessment=assessment, reason=body.validated_data["reason"]
        )
        assessment = self.get_object()
        return Response(AssessmentSerializer(assessment, context={"request": request}).data)

    @extend_schema(responses=ResultSerializer, summary=_("Published result and roadmap PDFs"))
    @action(detail=True, methods=["get"], url_path="result")
    def result(self, request, pk=None):
        """The latest published bands (what the firm sees) and the roadmap's PDFs; empty before publication."""
        assessment = self.get_object()
        publication = selectors.latest_publication(assessment)
        roadmap = selectors.roadmap_for(assessment) if publication else None
        documents = selectors.roadmap_documents(roadmap) if roadmap else []
        data = {
            "assessment": assessment.pk,
            "publication": publication.number if publication else None,
            "published_at": publication.published_at if publication else None,
            "scores": list(publication.scores.all()) if publication else [],
            "roadmap_revision": roadmap.revision if roadmap else None,
            "roadmap_documents": documents,
        }
        return Response(ResultSerializer(data, context={"request": request}).data)


class RoadmapDocumentFile(APIView):
    """A roadmap PDF, for those who may see its assessment."""

    permission_classes = [HasRole]
    roles = READERS

    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, pk):
        document = selectors.roadmap_document_get_for_user(audience=request._request.audience, pk=pk)
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return FileResponse(handle, as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])


def routes():
    from django.urls import path

    return {
        "assessments.frameworks": Route("frameworks", FrameworkViewSet, "framework"),
        "assessments.assessments": Route("assessments", AssessmentViewSet, "assessment"),
        "assessments.roadmap_document_file": path(
            "roadmap-documents/<int:pk>/file/", RoadmapDocumentFile.as_view(), name="roadmap-document-file"
        ),
    }
