"""The hub's roles exist in every database from the start (groups named by role slug)."""

from django.db import migrations

ROLE_SLUGS = (
    "admin",
    "hub_lead",
    "analyst",
    "coordinator",
    "safeguarding",
    "business",
    "youth",
    "specials",
    "offender_manager",
    "partner",
)


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    group = apps.get_model("auth", "Group")
    for slug in ROLE_SLUGS:
        group.objects.get_or_create(name=slug)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_auditentry_append_only"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
