"""Provinces (81, with pilot and 2023-earthquake flags), NACE manufacturing divisions, and the roles."""

from django.db import migrations

from portal.reference_data import load_reference_data


def load(apps, schema_editor):
    load_reference_data(*(apps.get_model("portal", name) for name in ("Province", "Sector", "Role")))


def unload(apps, schema_editor):
    for name in ("Role", "Sector", "Province"):
        apps.get_model("portal", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
