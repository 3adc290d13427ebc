from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments import selectors, services, spreadsheets
from assessments.forms import ContentImportForm
from assessments.views.uploads import XLSX_TYPE, version_from_query
from portal import roles
from portal.filters import ascii_int
from portal.views.decorators import role_required
from portal.views.errors import report_errors


@role_required(*roles.PROGRAM_OFFICE, roles.ASSESSOR, roles.FIRM)
def framework_list(request):
    """The frameworks and their versions; `?version=` shows one version's structure and content source."""
    version, dimensions, labels, descriptors = None, [], {}, {}
    value = request.GET.get("version", "")
    if value:
        if ascii_int(value) is None:
            raise Http404
        version = selectors.version_get(pk=int(value))
        dimensions = selectors.version_dimensions(version)
        labels = selectors.version_band_labels(version)
        descriptors = selectors.version_descriptors(version)
    return render(
        request,
        "assessments/frameworks.html",
        {
            "versions": selectors.version_list(),
            "version": version,
            "dimensions": dimensions,
            "band_labels": [labels[b] for b in sorted(labels)],
            "descriptors": [(d, [descriptors.get((d.pk, b)) for b in version.bands]) for d in dimensions]
            if version and not version.is_placeholder
            else [],
            "categories": version.input_categories.all() if version else [],
            "groups": version.industry_groups.all() if version else [],
            "can_import": request.audience.has_role(roles.STAFF),
        },
    )


@role_required(roles.STAFF)
def content_template(request):
    version = version_from_query(request)
    content = spreadsheets.content_template(
        dimensions=[d.code for d in selectors.version_dimensions(version)],
        categories=[(c.kind, c.code) for c in version.input_categories.all()],
        groups=[g.code for g in version.industry_groups.all()],
        band_min=version.band_min,
        band_max=version.band_max,
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{version.framework.code}-v{version.number}-content.xlsx"'
    return response


@role_required(roles.STAFF)
def content_import(request):
    """Staff import the licensed INCIT content as a new version: validated as a whole, kept with provenance."""
    form = ContentImportForm(request.POST or None, request.FILES or None, versions=selectors.version_list())
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            version, created = services.content_import(
                audience=request.audience, actor=request.user, **form.cleaned_data
            )
        except spreadsheets.Rejected as rejected:
            problems = rejected.problems
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            if created:
                messages.success(request, _("Imported as %(version)s.") % {"version": version})
            else:
                messages.info(
                    request, _("This file was imported before, as %(version)s; nothing changed.") % {"version": version}
                )
            return redirect(f"{reverse('assessments:framework_list')}?version={version.pk}")
    return render(
        request,
        "assessments/content_import.html",
        {"form": form, "problems": problems},
        status=400 if (form.errors or problems) else 200,
    )
