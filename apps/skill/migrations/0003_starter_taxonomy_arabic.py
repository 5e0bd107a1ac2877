"""Arabic names for the starter skill taxonomy (skills staff already named in Arabic are left alone)."""

from django.db import migrations


def load(apps, schema_editor):
    from apps.skill.taxonomy import taxonomy_arabic_add

    taxonomy_arabic_add(
        skill_model=apps.get_model("skill", "Skill"),
        translation_model=apps.get_model("skill", "SkillTranslation"),
    )


class Migration(migrations.Migration):
    dependencies = [("skill", "0002_starter_taxonomy")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
