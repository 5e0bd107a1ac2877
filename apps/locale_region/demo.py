"""Demo markets per demo org: its locales, a brand and its regions. Idempotent.

acme (a software academy) authors in en-US, es-MX and de-DE and sells in the US, Europe, Latin
America and India. globex (a business and languages school) also authors in Arabic (ar-AE) and has a
Middle East & North Africa region served in Arabic, so its storefront shows right-to-left. Other orgs
get acme's markets. A second run changes nothing; rows that differ from this spec are updated in place.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from apps.general.models import Country, Currency, Locale
from apps.locale_region.models import OrgBrand, OrgLocale, OrgRegion
from apps.locale_region.services import (
    org_brand_create,
    org_brand_update,
    org_locale_add,
    org_region_create,
    org_region_update,
)


class RegionSpec(NamedTuple):
    slug: str
    name: str
    region_type: str
    currency: str
    countries: list[str]
    locales: list[str]  # the first is the region's default locale
    is_default: bool = False


EURO_COUNTRIES = ["DE", "FR", "ES", "IT", "NL", "AT"]
MENA_COUNTRIES = ["AE", "SA", "QA", "KW", "BH", "OM", "JO", "EG", "MA"]

MARKETS: dict[str, dict[str, Any]] = {
    "acme": {
        "locales": ["en-US", "es-MX", "de-DE"],
        "brand": {
            "legal_name": "Acme Academy, Inc.",
            "primary_color": "#4338ca",
            "secondary_color": "#1e1b4b",
        },
        "regions": [
            RegionSpec("us", "United States", "single_country", "USD", ["US"], ["en-US"], True),
            RegionSpec("eu", "Europe", "multi_country", "EUR", EURO_COUNTRIES, ["de-DE", "en-US"]),
            RegionSpec("latam", "Latin America", "linguistic", "MXN", ["MX"], ["es-MX", "en-US"]),
            RegionSpec("in", "India", "economic", "INR", ["IN"], ["en-US"]),
        ],
    },
    "globex": {
        "locales": ["en-US", "es-MX", "de-DE", "ar-AE"],
        "brand": {
            "legal_name": "Globex Learning GmbH",
            "primary_color": "#0f766e",
            "secondary_color": "#1c1917",
        },
        "regions": [
            RegionSpec("us", "United States", "single_country", "USD", ["US"], ["en-US"], True),
            RegionSpec("eu", "Europe", "multi_country", "EUR", EURO_COUNTRIES, ["de-DE", "en-US"]),
            RegionSpec("latam", "Latin America", "linguistic", "MXN", ["MX"], ["es-MX", "en-US"]),
            RegionSpec("in", "India", "economic", "INR", ["IN"], ["en-US"]),
            RegionSpec(
                "mena", "Middle East & North Africa", "economic", "AED", MENA_COUNTRIES, ["ar-AE", "en-US"]
            ),
        ],
    },
}


def market_key(org: Any) -> str:
    """Which demo spec an org gets: its own when it is a demo org, acme's otherwise."""
    return org.slug if org.slug in MARKETS else "acme"


def seed(org: Any, *, catalog: str | None = None) -> None:
    spec = MARKETS[catalog or market_key(org)]
    for key in spec["locales"]:
        if not OrgLocale.objects.filter(locale__locale_key=key).exists():
            org_locale_add(locale=Locale.objects.get(locale_key=key), is_default=key == "en-US")
    brand = _brand(org, spec["brand"])
    locales = {
        org_locale.locale.locale_key: org_locale for org_locale in OrgLocale.objects.select_related("locale")
    }
    for position, region_spec in enumerate(spec["regions"]):
        _region(region_spec, position=position, brand=brand, locales=locales)


def _brand(org: Any, fields: dict[str, str]) -> OrgBrand:
    brand = OrgBrand.objects.filter(slug=org.slug).first()
    if brand is None:
        return org_brand_create(name=org.name, slug=org.slug, **fields)
    if any(getattr(brand, name) != value for name, value in fields.items()):
        brand = org_brand_update(brand=brand, **fields)
    return brand


def _region(spec: RegionSpec, *, position: int, brand: OrgBrand, locales: dict[str, OrgLocale]) -> OrgRegion:
    countries = list(Country.objects.filter(alpha2__in=spec.countries).order_by("alpha2"))
    region_locales = [locales[key] for key in spec.locales]
    fields: dict[str, Any] = {
        "name": spec.name,
        "region_type": spec.region_type,
        "currency": Currency.objects.get(code=spec.currency),
        "default_locale": region_locales[0],
        "brand": brand,
        "path_prefix": spec.slug,
        "is_default": spec.is_default,
        "position": position,
    }
    region = OrgRegion.objects.filter(slug=spec.slug).first()
    if region is None:
        return org_region_create(slug=spec.slug, countries=countries, locales=region_locales, **fields)
    same_fields = all(getattr(region, name) == value for name, value in fields.items())
    same_countries = set(region.countries.values_list("pk", flat=True)) == {
        country.pk for country in countries
    }
    same_locales = set(region.locales.values_list("pk", flat=True)) == {
        locale.pk for locale in region_locales
    }
    if same_fields and same_countries and same_locales:
        return region
    return org_region_update(region=region, countries=countries, locales=region_locales, **fields)
