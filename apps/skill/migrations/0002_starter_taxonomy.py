"""Load the starter skill taxonomy (idempotent: existing slugs are left alone)."""

from django.db import migrations


def load(apps, schema_editor):
    from apps.skill.taxonomy import taxonomy_load

    taxonomy_load(
        skill_model=apps.get_model("skill", "Skill"),
        translation_model=apps.get_model("skill", "SkillTranslation"),
    )


class Migration(migrations.Migration):
    dependencies = [("skill", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
