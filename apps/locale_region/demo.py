"""Demo markets from ``demo/<org>.json``: the org's locales, a brand and its regions. Idempotent.

acme (a software academy) authors in en-US, es-MX and de-DE and sells in the US, Europe, Latin
America and India; globex also authors in Arabic (ar-AE) for a Middle East & North Africa region, so
its storefront shows right-to-left. Other orgs get acme's markets. Rows that differ from the file are
updated in place; a second run writes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apps.general.models import Country, Currency, Locale
from apps.locale_region.models import OrgBrand, OrgLocale, OrgRegion
from apps.locale_region.services import (
    org_brand_create,
    org_brand_update,
    org_locale_add,
    org_region_create,
    org_region_update,
)
from volmify.actors import DEMO_SEED
from volmify.demo import DemoFile, demo_load

DATA = Path(__file__).parent / "demo"


def seed(org: Any, *, catalog: str | None = None) -> None:
    data = demo_load(DATA, catalog or org.slug)
    wanted = data.rows(Locale.objects, "locale_key", data["locales"], key="locales", kind="locale")
    for key, locale in wanted.items():  # in the file's order: the fallback chain
        if not OrgLocale.objects.filter(locale=locale).exists():
            org_locale_add(actor=DEMO_SEED, locale=locale, is_default=key == data["default_locale"])
    brand = _brand(org, data["brand"])
    locales = {row.locale.locale_key: row for row in OrgLocale.objects.select_related("locale")}
    for position, spec in enumerate(data["regions"]):
        _region(data, spec, position=position, brand=brand, locales=locales)


def _brand(org: Any, fields: dict[str, str]) -> OrgBrand:
    brand = OrgBrand.objects.filter(slug=org.slug).first()
    if brand is None:
        return org_brand_create(actor=DEMO_SEED, name=org.name, slug=org.slug, **fields)
    if any(getattr(brand, name) != value for name, value in fields.items()):
        brand = org_brand_update(actor=DEMO_SEED, brand=brand, **fields)
    return brand


def _region(
    data: DemoFile, spec: dict, *, position: int, brand: OrgBrand, locales: dict[str, OrgLocale]
) -> OrgRegion:
    key = f"regions[{spec['slug']}]"
    by_code = data.rows(Country.objects, "alpha2", spec["countries"], key=f"{key}.countries", kind="country")
    countries = [by_code[code] for code in sorted(by_code)]
    region_locales = [
        data.ref(locales, name, key=f"{key}.locales", kind="locale") for name in spec["locales"]
    ]
    currencies = data.rows(
        Currency.objects, "code", [spec["currency"]], key=f"{key}.currency", kind="currency"
    )
    fields: dict[str, Any] = {
        "name": spec["name"],
        "name_translations": spec.get("name_translations", {}),
        "region_type": spec["type"],
        "currency": currencies[spec["currency"]],
        "default_locale": region_locales[0],
        "brand": brand,
        "path_prefix": spec["slug"],
        "is_default": spec.get("is_default", False),
        "position": position,
    }
    region = OrgRegion.objects.filter(slug=spec["slug"]).first()
    if region is None:
        return org_region_create(
            actor=DEMO_SEED, slug=spec["slug"], countries=countries, locales=region_locales, **fields
        )
    same = (
        all(getattr(region, name) == value for name, value in fields.items())
        and set(region.countries.values_list("pk", flat=True)) == {country.pk for country in countries}
        and set(region.locales.values_list("pk", flat=True)) == {locale.pk for locale in region_locales}
    )
    if same:
        return region
    return org_region_update(
        actor=DEMO_SEED, region=region, countries=countries, locales=region_locales, **fields
    )
