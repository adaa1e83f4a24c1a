"""The suicide prevention lead's role (the area was first given to safeguarding officers)."""

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("auth", "Group").objects.get_or_create(name="suicide_prevention")


class Migration(migrations.Migration):
    dependencies = [("core", "0007_audit_failed_sign_in")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
