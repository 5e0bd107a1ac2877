"""Loading the registries from Babel (CLDR) and pycountry (ISO 3166-1).

The loader takes the model classes as arguments so the data migration can pass
its historical models and ``registries_sync`` the live ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pycountry
from babel import Locale as BabelLocale
from babel import localedata
from babel.numbers import (
    get_currency_precision,
    get_currency_symbol,
    get_territory_currencies,
    list_currencies,
)

# ISO 4217 codes that are not money: precious metals, testing, funds, "no currency".
NON_MONEY_CURRENCIES = {
    "XAG",
    "XAU",
    "XBA",
    "XBB",
    "XBC",
    "XBD",
    "XDR",
    "XPD",
    "XPT",
    "XSU",
    "XTS",
    "XUA",
    "XXX",
}


@dataclass(frozen=True)
class LocaleRow:
    locale_key: str
    name: str
    native_name: str
    language: str
    is_rtl: bool


def bcp47(identifier: str) -> str:
    """Babel's ``zh_Hans_CN`` as the BCP 47 tag ``zh-Hans-CN``."""
    return identifier.replace("_", "-")


def locale_rows() -> Iterator[LocaleRow]:
    for identifier in sorted(localedata.locale_identifiers()):
        if identifier == "root":
            continue
        locale = BabelLocale.parse(identifier)
        yield LocaleRow(
            locale_key=bcp47(identifier),
            name=locale.get_display_name("en") or identifier,
            native_name=locale.get_display_name() or identifier,
            language=locale.language,
            is_rtl=locale.character_order == "right-to-left",
        )


def current_currency_codes() -> set[str]:
    """Codes that some territory uses as legal tender today, per CLDR."""
    codes: set[str] = set()
    for country in pycountry.countries:
        codes.update(get_territory_currencies(country.alpha_2, tender=True))
    return codes


def country_currency(alpha2: str) -> str | None:
    currencies = get_territory_currencies(alpha2, tender=True)
    return currencies[0] if currencies else None


def registries_load(*, locale_model, currency_model, country_model) -> dict[str, int]:
    """Insert or update every locale, currency and country; return how many of each.

    Existing rows keep their ``is_active`` flag (an admin's choice); new rows
    are active when they are in use today.
    """
    english = BabelLocale("en")
    for row in locale_rows():
        locale_model.objects.update_or_create(
            locale_key=row.locale_key,
            defaults={
                "name": row.name,
                "native_name": row.native_name,
                "language": row.language,
                "is_rtl": row.is_rtl,
            },
        )
    in_use = current_currency_codes()
    for code in sorted(list_currencies() - NON_MONEY_CURRENCIES):
        currency_model.objects.update_or_create(
            code=code,
            defaults={
                "name": english.currencies.get(code, code),
                "symbol": get_currency_symbol(code, locale="en"),
                "minor_units": get_currency_precision(code),
            },
            create_defaults={
                "name": english.currencies.get(code, code),
                "symbol": get_currency_symbol(code, locale="en"),
                "minor_units": get_currency_precision(code),
                "is_active": code in in_use,
            },
        )
    currencies = {currency.code: currency for currency in currency_model.objects.all()}
    for country in pycountry.countries:
        currency_code = country_currency(country.alpha_2)
        country_model.objects.update_or_create(
            alpha2=country.alpha_2,
            defaults={
                "alpha3": country.alpha_3,
                "numeric": country.numeric,
                "name": english.territories.get(country.alpha_2, country.name),
                "default_currency": currencies.get(currency_code) if currency_code else None,
            },
        )
    return {
        "locales": locale_model.objects.count(),
        "currencies": currency_model.objects.count(),
        "countries": country_model.objects.count(),
    }
