"""Writes to the global registries."""

from django.db import transaction

from apps.general.models import Country, Currency, Locale
from apps.general.registries import registries_load
from volmify.actors import Actor, actor_check


@transaction.atomic
def registries_sync(*, actor: Actor) -> dict[str, int]:
    """Bring the registries up to date with the installed Babel and pycountry data.
    Platform-wide (public schema): no org's log records it."""
    actor_check(actor)
    return registries_load(locale_model=Locale, currency_model=Currency, country_model=Country)
