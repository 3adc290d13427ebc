"""The knowledge platform's pages: the same list, detail and download for the public site (/p/<programme>/…,
public resources only) and for members (/knowledge/…, what her roles may read); staff manage under
/knowledge/manage/."""

import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from knowledge import selectors
from knowledge.forms import CollectionForm, ResourceFilterForm, ResourceForm, TransitionForm
from knowledge.models import TRANSITIONS, Status
from knowledge.services import collection_save, resource_hit_record, resource_save, resource_transition
from portal import roles
from portal.filters import ascii_int
from portal.tenancy import public_program_view
from portal.views.decorators import member_required, role_required
from portal.views.errors import report_errors

PAGE_SIZE = 20


def _visitor(request) -> str:
    """Who counts as one visitor for the daily view/download counts: the person, or her browser session
    (hashed: the count never stores a session key or an address)."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    if not request.session.session_key:
        request.session.save()
    return "anon:" + hashlib.sha256(request.session.session_key.encode()).hexdigest()[:40]


def _public_program(request):
    program = getattr(request, "public_program", None)
    if program is None:
        raise Http404
    return program


def _list(request, *, program, public: bool):
    form = ResourceFilterForm(request.GET)
    filters = form.values()
    resources = selectors.resource_list_for_user(
        audience=request.audience, program_id=program.pk, filters=filters, public=public
    )
    page = Paginator(resources, PAGE_SIZE).get_page(ascii_int(request.GET.get("page")) or 1)
    show_collections = not filters and page.number == 1
    collections = (
        selectors.collection_list_for_user(audience=request.audience, program_id=program.pk, public=public)
        if show_collections
        else []
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "knowledge/resource_list.html",
        {
            "form": form,
            "ignored": form.ignored(),
            "page": page,
            "resources": page.object_list,
            "collections": collections,
            "public": public,
            "program": program,
            "searching": bool(filters),
            "query": query.urlencode(),
        },
    )


def _detail(request, *, program, pk, public: bool):
    resource = selectors.resource_get_for_user(
        audience=request.audience, program_id=program.pk, pk=ascii_int(pk), public=public
    )
    resource_hit_record(resource=resource, kind="view", visitor=_visitor(request))
    return render(
        request,
        "knowledge/resource_detail.html",
        {
            "resource": resource,
            "public": public,
            "program": program,
            "counts": selectors.resource_counts(resource=resource),
            "can_edit": request.audience.has_role(roles.STAFF) and not public,
        },
    )


def _download(request, *, program, pk, public: bool):
    resource = selectors.resource_get_for_user(
        audience=request.audience, program_id=program.pk, pk=ascii_int(pk), public=public
    )
    if not resource.file:
        raise Http404
    resource_hit_record(resource=resource, kind="download", visitor=_visitor(request))
    return FileResponse(resource.file.open("rb"), as_attachment=True, filename=resource.file.name.rsplit("/", 1)[-1])


def _collection(request, *, program, pk, public: bool):
    collection = selectors.collection_get_for_user(
        audience=request.audience, program_id=program.pk, pk=ascii_int(pk), public=public
    )
    return render(
        request,
        "knowledge/collection_detail.html",
        {"collection": collection, "public": public, "program": program},
    )


# --- the public site --------------------------------------------------------------------------------------


@public_program_view
def public_resource_list(request, program_code):
    return _list(request, program=_public_program(request), public=True)


@public_program_view
def public_resource_detail(request, program_code, pk):
    return _detail(request, program=_public_program(request), pk=pk, public=True)


@public_program_view
def public_resource_download(request, program_code, pk):
    return _download(request, program=_public_program(request), pk=pk, public=True)


@public_program_view
def public_collection_detail(request, program_code, pk):
    return _collection(request, program=_public_program(request), pk=pk, public=True)


# --- members ----------------------------------------------------------------------------------------------


@member_required
def resource_list(request):
    return _list(request, program=request.audience.program, public=False)


@member_required
def resource_detail(request, pk):
    return _detail(request, program=request.audience.program, pk=pk, public=False)


@member_required
def resource_download(request, pk):
    return _download(request, program=request.audience.program, pk=pk, public=False)


@member_required
def collection_detail(request, pk):
    return _collection(request, program=request.audience.program, pk=pk, public=False)


# --- staff ------------------------------------------------------------------------------------------------


@role_required(roles.STAFF)
def manage(request):
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    resources = selectors.resource_manage_list(audience=request.audience, status=status)
    page = Paginator(resources, 50).get_page(ascii_int(request.GET.get("page")) or 1)
    counts = selectors.status_counts(audience=request.audience)
    return render(
        request,
        "knowledge/manage.html",
        {
            "page": page,
            "resources": page.object_list,
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
        },
    )


def _edit(request, resource=None):
    form = ResourceForm(request.POST or None, request.FILES or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        try:
            saved = resource_save(
                audience=request.audience, actor=request.user, data=form.service_data(), resource=resource
            )
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("The resource is saved."))
            return redirect("knowledge:resource_edit", pk=saved.pk)
    history = selectors.resource_history(resource=resource) if resource else []
    moves = [(s, Status(s).label) for s in sorted(TRANSITIONS.get(resource.status, ()))] if resource else []
    return render(
        request,
        "knowledge/resource_form.html",
        {"form": form, "resource": resource, "history": history, "moves": moves},
        status=400 if form.errors else 200,
    )


@role_required(roles.STAFF)
def resource_new(request):
    return _edit(request)


@role_required(roles.STAFF)
def resource_edit(request, pk):
    return _edit(request, selectors.resource_manage_get(audience=request.audience, pk=ascii_int(pk)))


@role_required(roles.STAFF)
@require_POST
def resource_move(request, pk):
    resource = selectors.resource_manage_get(audience=request.audience, pk=ascii_int(pk))
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            resource_transition(
                audience=request.audience,
                actor=request.user,
                resource=resource,
                to_status=form.cleaned_data["to_status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The status is changed."))
    return redirect("knowledge:resource_edit", pk=resource.pk)


@public_program_view
def public_home(request, program_code):
    """The programme's public home: what it is, its open calls, featured resources and collections, upcoming
    public events (outreach fills that part in the template), with the EU visibility block of every page."""
    from portal.selection.selectors import call_list_open

    program = _public_program(request)
    return render(
        request,
        "knowledge/public_home.html",
        {
            "program": program,
            "calls": call_list_open(program_id=program.pk),
            "featured": selectors.featured_resources(audience=None, program_id=program.pk, public=True, limit=6),
            "collections": selectors.collection_list_for_user(audience=None, program_id=program.pk, public=True),
        },
    )


@role_required(roles.STAFF)
def collection_manage(request, pk=None):
    """The collections (list, and the form to add one or change the one named by pk) on one page."""
    audience = request.audience
    collection = selectors.collection_manage_get(audience=audience, pk=ascii_int(pk)) if pk is not None else None
    form = CollectionForm(
        request.POST or None, instance=collection, resources=selectors.resources_to_collect(audience=audience)
    )
    if request.method == "POST" and form.is_valid():
        try:
            collection_save(audience=audience, actor=request.user, data=form.cleaned_data, collection=collection)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("The collection is saved."))
            return redirect("knowledge:collection_manage")
    return render(
        request,
        "knowledge/collection_manage.html",
        {"form": form, "collection": collection, "collections": selectors.collection_manage_list(audience=audience)},
        status=400 if form.errors else 200,
    )
