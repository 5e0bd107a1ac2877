"""Demo markets: three locales, a brand and four regions (US, EU, LATAM, India). Idempotent."""

from __future__ import annotations

from apps.general.models import Country, Currency, Locale
from apps.locale_region.models import OrgBrand, OrgLocale, OrgRegion
from apps.locale_region.services import org_brand_create, org_locale_add, org_region_create

LOCALES = ["en-US", "es-MX", "de-DE"]
REGIONS = [
    ("us", "United States", "single_country", "USD", ["US"], ["en-US"], True),
    ("eu", "Europe", "multi_country", "EUR", ["DE", "FR", "ES", "IT", "NL", "AT"], ["de-DE", "en-US"], False),
    ("latam", "Latin America", "linguistic", "MXN", ["MX"], ["es-MX", "en-US"], False),
    ("in", "India", "economic", "INR", ["IN"], ["en-US"], False),
]


def seed(org) -> None:
    for key in LOCALES:
        if not OrgLocale.objects.filter(locale__locale_key=key).exists():
            org_locale_add(locale=Locale.objects.get(locale_key=key), is_default=key == "en-US")
    brand = OrgBrand.objects.filter(slug=org.slug).first() or org_brand_create(
        name=org.name, slug=org.slug, legal_name=f"{org.name} Ltd."
    )
    locales = {
        org_locale.locale.locale_key: org_locale for org_locale in OrgLocale.objects.select_related("locale")
    }
    for position, (slug, name, kind, currency, countries, keys, is_default) in enumerate(REGIONS):
        if OrgRegion.objects.filter(slug=slug).exists():
            continue
        org_region_create(
            name=name,
            slug=slug,
            region_type=kind,
            currency=Currency.objects.get(code=currency),
            countries=list(Country.objects.filter(alpha2__in=countries)),
            locales=[locales[key] for key in keys],
            default_locale=locales[keys[0]],
            brand=brand,
            path_prefix=slug,
            is_default=is_default,
            position=position,
        )
