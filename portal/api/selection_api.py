"""The public side of selection in the API: open calls of a programme, and an applicant's own status read with
the secret link she was emailed. No token: these are what the public pages show, under the anonymous rate."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.pagination import Pagination, paginated
from portal.models import Application, Call
from portal.selection.selectors import call_list_open
from portal.services.selection import application_get_by_token


class PublicCallSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    group = serializers.ChoiceField(choices=Call._meta.get_field("group").choices)
    title = serializers.CharField()
    text = serializers.CharField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()


class ApplicationStatusSerializer(serializers.Serializer):
    """What the applicant sees on her status page: never reviewers' scores or notes."""

    call = serializers.IntegerField(source="call_id")
    call_title = serializers.CharField(source="call.title")
    status = serializers.ChoiceField(choices=Application.Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    submitted_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


def _program(request):
    program = getattr(request._request, "public_program", None)
    if program is None:
        raise Http404
    return program


class PublicCallList(APIView):
    """Calls open now in the programme named in the URL (its `code`, as in the public pages' addresses)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=paginated(PublicCallSerializer, "PaginatedPublicCallList"), auth=[])
    def get(self, request, program_code):
        paginator = Pagination()
        page = paginator.paginate_queryset(call_list_open(program_id=_program(request).pk), request, view=self)
        return paginator.get_paginated_response(PublicCallSerializer(page, many=True).data)


class ApplicationStatus(APIView):
    """The applicant's application, read with the secret from her emailed link; 404 for any other secret."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=ApplicationStatusSerializer, auth=[])
    def get(self, request, program_code, token):
        application = application_get_by_token(token=token)
        if application is None or application.program_id != _program(request).pk:
            raise Http404
        return Response(ApplicationStatusSerializer(application).data)
