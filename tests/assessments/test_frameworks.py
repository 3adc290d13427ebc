"""Frameworks are data: loaded from the YAML, versioned, with neutral placeholder content until the licensed
INCIT content is imported."""

from pathlib import Path

import yaml
from django.core.management import call_command
from django.urls import reverse

from assessments.frameworks import DATA_FILE, load_frameworks
from assessments.models import BandDescriptor, BestInClass, Dimension, Framework, FrameworkVersion, Relevance
from portal import roles
from tests.assessments.helpers import version


def test_siri_has_3_blocks_8_pillars_16_dimensions_and_cosiri_4_blocks_24_dimensions(db):
    siri, cosiri = version("SIRI"), version("COSIRI")
    assert siri.building_blocks.count() == 3
    assert sum(b.pillars.count() for b in siri.building_blocks.all()) == 8
    assert siri.dimensions.count() == 16
    assert cosiri.building_blocks.count() == 4
    assert cosiri.dimensions.count() == 24
    assert (siri.band_min, siri.band_max) == (0, 5)
    dikey = siri.dimensions.get(code="SIRI-01")
    assert (dikey.name_tr, dikey.name_en, dikey.short) == ("Dikey Entegrasyon", "Vertical Integration", "VI")
    assert siri.input_categories.filter(kind="cost").count() == 10
    assert siri.input_categories.filter(kind="kpi").count() == 14
    assert siri.industry_groups.count() == 14


def test_the_portal_ships_no_licensed_content(db):
    """Placeholders only: no band descriptor, relevance table or best-in-class band comes from the file."""
    assert all(v.is_placeholder for v in FrameworkVersion.objects.all())
    assert not BandDescriptor.objects.exists()
    assert not Relevance.objects.exists()
    assert not BestInClass.objects.exists()
    text = DATA_FILE.read_text(encoding="utf-8")
    paraphrase = "Systems analyse data and react/adapt on their own."
    assert paraphrase in text  # in the file for orientation …
    assert not Dimension.objects.filter(description_en__contains=paraphrase).exists()  # … never loaded as a band text


def test_loading_again_changes_nothing(db):
    before = FrameworkVersion.objects.count(), Dimension.objects.count()
    assert load_frameworks() == []
    call_command("load_frameworks")
    assert (FrameworkVersion.objects.count(), Dimension.objects.count()) == before


def test_a_changed_structure_becomes_a_new_version_and_old_assessments_keep_theirs(db, tmp_path):
    old = version("SIRI")
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    data["frameworks"][0]["building_blocks"][0]["pillars"][0]["dimensions"][0]["name_tr"] = "Dikey Bütünleşme"
    changed = Path(tmp_path / "frameworks.yaml")
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    created = load_frameworks(path=changed)
    assert [str(v) for v in created] == ["SIRI v2"]
    new = version("SIRI")
    assert new.number == 2 and new.is_current
    old.refresh_from_db()
    assert not old.is_current
    assert old.dimensions.get(code="SIRI-01").name_tr == "Dikey Entegrasyon"
    assert new.dimensions.get(code="SIRI-01").name_tr == "Dikey Bütünleşme"
    assert Framework.objects.count() == 2


def test_the_framework_page_marks_placeholder_content(client, world):
    client.force_login(world.a.users[roles.ASSESSOR])
    siri = version("SIRI")
    html = client.get(reverse("assessments:framework_list") + f"?version={siri.pk}").content.decode()
    assert "data-placeholder-content" in html
    for dimension in siri.dimensions.all():
        assert dimension.name_tr in html  # Turkish first
    assert client.get(reverse("assessments:framework_list") + "?version=x").status_code == 404
