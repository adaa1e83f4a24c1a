"""The three qualification kinds every force records; a force adds its own on the register."""

from django.db import migrations

KINDS = (
    ("Officer safety training", "officer-safety-training", True),
    ("First aid", "first-aid", False),
    ("Driving authority", "driving-authority", False),
)


def add_kinds(apps, schema_editor):  # type: ignore[no-untyped-def]
    kind = apps.get_model("specials", "QualificationKind")
    for name, slug, required in KINDS:
        kind.objects.get_or_create(slug=slug, defaults={"name": name, "required_for_duty": required})


class Migration(migrations.Migration):
    dependencies = [("specials", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
