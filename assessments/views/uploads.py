from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import documents, selectors, services
from assessments.forms import UploadForm
from assessments.models import ScoreUpload
from portal import roles
from portal.filters import ascii_int
from portal.views.decorators import member_required, role_required
from portal.views.errors import report_errors

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def version_from_query(request):
    """The version named by `?version=`; without one, the first framework's current version."""
    value = request.GET.get("version", "")
    if not value:
        version = selectors.current_versions().first()
        if version is None:
            raise Http404
        return version
    if ascii_int(value) is None:
        raise Http404
    return selectors.version_get(pk=int(value))


@role_required(roles.ASSESSOR)
def upload_template(request):
    """The Excel template of a framework version, pre-filled with the assessor's open assessments."""
    version = version_from_query(request)
    content = documents.band_template(program_id=request.audience.program_id, user=request.user, version=version)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{version.framework.code}-v{version.number}-bands.xlsx"'
    return response


@role_required(roles.ASSESSOR)
def upload_new(request):
    form = UploadForm(request.POST or None, request.FILES or None, versions=selectors.current_versions())
    if request.method == "POST" and form.is_valid():
        try:
            upload, already = services.score_upload_receive(
                actor=request.user,
                program_id=request.audience.program_id,
                version=form.cleaned_data["version"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            if already:
                messages.info(
                    request,
                    _("This file was applied on %(date)s; nothing was changed.")
                    % {"date": upload.applied_at.strftime("%d.%m.%Y %H:%M")},
                )
            return redirect("assessments:upload_detail", pk=upload.pk)
    return render(request, "assessments/upload_form.html", {"form": form}, status=400 if form.errors else 200)


def _upload_context(upload):
    return {
        "upload": upload,
        "changed_rows": sum(1 for row in upload.preview if row["changes"]),
        "changed_cells": sum(len(row["changes"]) for row in upload.preview),
        "large": len(upload.preview) > services.UPLOAD_APPLY_INLINE_ROWS,
    }


@member_required
def upload_detail(request, pk):
    upload = selectors.score_upload_get_for_user(audience=request.audience, pk=pk)
    return render(request, "assessments/upload_detail.html", _upload_context(upload))


@member_required
def upload_status(request, pk):
    """The part of the upload page that polls while a background job checks or applies the file."""
    upload = selectors.score_upload_get_for_user(audience=request.audience, pk=pk)
    return render(request, "assessments/partials/upload_status.html", _upload_context(upload))


@member_required
@require_POST
def upload_confirm(request, pk):
    upload = selectors.score_upload_get_for_user(audience=request.audience, pk=pk)
    try:
        upload = services.score_upload_confirm(actor=request.user, upload=upload)
    except ValidationError as error:
        report_errors(request, error)
    else:
        if upload.status == ScoreUpload.Status.APPLIED:
            messages.success(request, _("The bands were written."))
    return redirect("assessments:upload_detail", pk=pk)
