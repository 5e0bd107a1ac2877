"""Load every locale, currency and country from Babel (CLDR) and pycountry."""

from django.db import migrations


def load(apps, schema_editor):
    from apps.general.registries import registries_load

    registries_load(
        locale_model=apps.get_model("general", "Locale"),
        currency_model=apps.get_model("general", "Currency"),
        country_model=apps.get_model("general", "Country"),
    )


class Migration(migrations.Migration):
    dependencies = [("general", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
