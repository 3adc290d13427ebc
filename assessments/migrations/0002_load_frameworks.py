"""SIRI and COSIRI structure from assessments/data/frameworks.yaml, as version 1 with placeholder content.

Reversing leaves the rows in place: 0001's reversal drops the tables, and loading again is idempotent
(an unchanged structure adds nothing).
"""

from django.db import migrations

from assessments.frameworks import MODEL_NAMES, load_frameworks


def load(apps, schema_editor):
    load_frameworks({name: apps.get_model("assessments", name) for name in MODEL_NAMES})


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
