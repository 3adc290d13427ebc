"""Licensed content."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments import permissions, selectors, spreadsheets
from assessments.frameworks import create_version, real_models, structure_from_version
from assessments.models import (
    BandDescriptor,
    BestInClass,
    ContentImport,
    FrameworkVersion,
    IndustryGroup,
    InputCategory,
    Relevance,
)
from portal.services.audit import audit_record


@transaction.atomic
def content_import(
    *, audience, actor, base_version: FrameworkVersion, file, licence_reference: str, notes: str = ""
) -> tuple[FrameworkVersion, bool]:
    """Import licensed descriptors and tables as a new version based on `base_version` (validated as a whole;
    nothing is written if one row is wrong). Returns (version, created); the same file again creates nothing."""
    if not permissions.content_can_import(audience):
        raise PermissionDenied
    if not (licence_reference or "").strip():
        raise ValidationError({"licence_reference": _("Say under which licence this content is used.")})
    sha = spreadsheets.sha256_of(file)
    earlier = ContentImport.objects.filter(based_on=base_version, sha256=sha).select_related("version").first()
    if earlier is not None:
        return earlier.version, False
    sheets = spreadsheets.read_table_file(file)
    dimensions = selectors.version_dimensions(base_version)
    categories = list(InputCategory.objects.filter(version=base_version))
    groups = list(IndustryGroup.objects.filter(version=base_version))
    content, problems = spreadsheets.parse_content_workbook(
        sheets,
        dimensions=[d.code for d in dimensions],
        categories={(c.kind, c.code) for c in categories},
        groups={g.code for g in groups},
        band_min=base_version.band_min,
        band_max=base_version.band_max,
    )
    if problems:
        raise spreadsheets.Rejected(problems)
    models = real_models()
    record = ContentImport.objects.create(
        framework=base_version.framework,
        based_on=base_version,
        imported_by=actor,
        original_name=(getattr(file, "name", "") or "import")[-255:],
        sha256=sha,
        licence_reference=licence_reference.strip(),
        notes=notes,
        counts={
            "descriptors": len(content.descriptors),
            "relevance": len(content.relevance),
            "best_in_class": len(content.best_in_class),
        },
    )
    version = create_version(
        models,
        base_version.framework,
        structure_from_version(base_version, models),
        content_source=FrameworkVersion.Source.LICENSED,
        based_on=base_version,
        content_import=record,
    )
    dims = {d.code: d for d in version.dimensions.all()}
    new_categories = {(c.kind, c.code): c for c in version.input_categories.all()}
    new_groups = {g.code: g for g in version.industry_groups.all()}
    BandDescriptor.objects.bulk_create(
        BandDescriptor(dimension=dims[code], band=band, text_tr=tr, text_en=en)
        for (code, band), (tr, en) in content.descriptors.items()
    )
    Relevance.objects.bulk_create(
        Relevance(dimension=dims[code], category=new_categories[(kind, cat)], degree=degree)
        for (code, kind, cat), degree in content.relevance.items()
    )
    BestInClass.objects.bulk_create(
        BestInClass(dimension=dims[code], industry_group=new_groups.get(group) if group else None, band=band)
        for (code, group), band in content.best_in_class.items()
    )
    audit_record(
        program_id=audience.program_id,
        actor=actor,
        action="framework.content_import",
        target=record,
        data={"version": str(version), "based_on": str(base_version), **record.counts},
    )
    return version, True
