"""The force's own organisation is marked by a flag, not recognised by its (editable) slug.

Databases made before the flag: the organisation whose slug is PREVHUB_FORCE_SLUG is marked.
"""

from django.conf import settings
from django.db import migrations, models


def mark_own_force(apps, schema_editor):  # type: ignore[no-untyped-def]
    Organisation = apps.get_model("partners", "Organisation")
    Organisation.objects.filter(slug=settings.PREVHUB_FORCE_SLUG).update(is_force=True)


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="is_force",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Set once by `prevhub init`: its users are the force's staff, everyone "
                "else's are partners. Not editable, so renaming the organisation changes nobody's "
                "access.",
                verbose_name="the hub's own force",
            ),
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_force", True)), fields=("is_force",), name="one_own_force"
            ),
        ),
        migrations.RunPython(mark_own_force, migrations.RunPython.noop),
    ]
