"""Load the packaged Crime Reduction Toolkit library (editable afterwards in the app)."""

import csv
from importlib import resources

from django.db import migrations

FIELDS = (
    "name",
    "summary",
    "effect",
    "mechanism",
    "moderators",
    "implementation",
    "economic_cost",
    "url",
    "source_checked",
)


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    Intervention = apps.get_model("problems", "Intervention")
    ref = resources.files("prevhub.problems").joinpath(
        "reference", "crime_reduction_toolkit.csv"
    )
    with ref.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            values = {f: row.get(f, "") or "" for f in FIELDS}
            values["effect_evidence"] = row.get("effect_evidence_stars", "") or ""
            Intervention.objects.update_or_create(slug=row["slug"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("problems", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
