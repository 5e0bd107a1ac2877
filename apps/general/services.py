"""Writes to the global registries."""

from django.db import transaction

from apps.general.models import Country, Currency, Locale
from apps.general.registries import registries_load


@transaction.atomic
def registries_sync() -> dict[str, int]:
    """Bring the registries up to date with the installed Babel and pycountry data."""
    return registries_load(locale_model=Locale, currency_model=Currency, country_model=Country)
