from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import permissions, selectors, services
from assessments.forms import LanguageForm, RoadmapItemForm
from assessments.results import roadmap_timeline
from assessments.views.common import get_assessment
from portal import roles
from portal.views.decorators import member_required, role_required
from portal.views.errors import report_errors


@member_required
def roadmap_detail(request, pk):
    audience = request.audience
    assessment = get_assessment(request, pk)
    roadmap = selectors.roadmap_for(assessment)
    items = list(roadmap.items.all()) if roadmap else []
    documents = selectors.roadmap_documents(roadmap) if roadmap else []
    labels = {i.dimension_id: i.dimension.short or i.dimension.code for i in items}
    return render(
        request,
        "assessments/roadmap.html",
        {
            "assessment": assessment,
            "roadmap": roadmap,
            "items": items,
            "timeline": roadmap_timeline(items, labels=labels) if items else "",
            "documents": documents,
            "current_documents": [d for d in documents if roadmap and d.revision == roadmap.revision],
            "can_edit": roadmap is not None and permissions.roadmap_can_edit(audience, assessment),
            "language_form": LanguageForm(initial={"language": request.LANGUAGE_CODE}),
            "can_build": roadmap is not None and bool(selectors.publications_of(assessment)),
        },
    )


def _item_form_page(request, assessment, roadmap, form, item=None):
    return render(
        request,
        "assessments/roadmap_item_form.html",
        {"assessment": assessment, "roadmap": roadmap, "form": form, "item": item},
        status=400 if form.errors else 200,
    )


@role_required(roles.ASSESSOR, roles.FIRM)
def roadmap_item_new(request, pk):
    audience = request.audience
    assessment = get_assessment(request, pk)
    roadmap = selectors.roadmap_for(assessment)
    if roadmap is None:
        raise Http404
    if not permissions.roadmap_can_edit(audience, assessment):
        raise PermissionDenied
    roadmap.assessment = assessment  # with the viewer's assignment flags
    version = assessment.version
    form = RoadmapItemForm(request.POST or None, dimensions=version.dimensions.all(), version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.roadmap_item_add(audience=audience, actor=request.user, roadmap=roadmap, **form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Roadmap item added."))
            return redirect("assessments:roadmap", pk=pk)
    return _item_form_page(request, assessment, roadmap, form)


@role_required(roles.ASSESSOR, roles.FIRM)
def roadmap_item_edit(request, pk):
    audience = request.audience
    item = selectors.roadmap_item_get_for_user(audience=audience, pk=pk)
    roadmap = item.roadmap
    assessment = roadmap.assessment
    if not permissions.roadmap_can_edit(audience, assessment):
        raise PermissionDenied
    version = assessment.version
    initial = {f: getattr(item, f) for f in services.ITEM_FIELDS}
    form = RoadmapItemForm(request.POST or None, initial=initial, dimensions=version.dimensions.all(), version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.roadmap_item_update(audience=audience, actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Roadmap item saved."))
            return redirect("assessments:roadmap", pk=assessment.pk)
    return _item_form_page(request, assessment, roadmap, form, item)


@member_required
@require_POST
def roadmap_pdf(request, pk):
    """Queue the roadmap PDF in the language asked for; the job page shows its progress."""
    assessment = get_assessment(request, pk)
    roadmap = selectors.roadmap_for(assessment)
    if roadmap is None:
        raise Http404
    form = LanguageForm(request.POST)
    language = form.cleaned_data["language"] if form.is_valid() else request.LANGUAGE_CODE
    try:
        job = services.roadmap_pdf_request(actor=request.user, roadmap=roadmap, language=language)
    except ValidationError as error:
        report_errors(request, error)
        return redirect("assessments:roadmap", pk=pk)
    return redirect("job_detail", pk=job.pk)


@member_required
def roadmap_document(request, pk):
    document = selectors.roadmap_document_get_for_user(audience=request.audience, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])


@role_required(roles.STAFF)
@require_POST
def roadmaps_build_all(request):
    form = LanguageForm(request.POST)
    language = form.cleaned_data["language"] if form.is_valid() else request.LANGUAGE_CODE
    job = services.roadmaps_build_all_request(audience=request.audience, actor=request.user, language=language)
    return redirect("job_detail", pk=job.pk)
