"""Markets of the org whose schema is active: locales, brands, regions."""

from __future__ import annotations

import factory

from apps.general.models import Country, Currency, Locale
from apps.locale_region.models import OrgBrand, OrgLocale, OrgRegion


class OrgLocaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgLocale
        django_get_or_create = ("locale",)

    locale = factory.LazyFunction(lambda: Locale.objects.get(locale_key="en-US"))
    position = factory.Sequence(lambda n: n)


def org_locale(key: str, *, is_default: bool = False) -> OrgLocale:
    return OrgLocaleFactory(locale=Locale.objects.get(locale_key=key), is_default=is_default)


class OrgBrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgBrand

    name = factory.Sequence(lambda n: f"Brand {n}")
    slug = factory.Sequence(lambda n: f"brand-{n}")


class OrgRegionFactory(factory.django.DjangoModelFactory):
    """A path-prefix region; pass ``countries=[...]`` and ``locales=[...]`` (OrgLocale rows)."""

    class Meta:
        model = OrgRegion
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    path_prefix = factory.LazyAttribute(lambda region: region.slug)
    region_type = OrgRegion.RegionType.SINGLE_COUNTRY
    currency = factory.LazyFunction(lambda: Currency.objects.get(code="USD"))
    default_locale = factory.LazyFunction(lambda: org_locale("en-US", is_default=True))

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create:
            self.countries.set(extracted or [Country.objects.get(alpha2="US")])

    @factory.post_generation
    def locales(self, create, extracted, **kwargs):
        if create:
            self.locales.set(extracted or [self.default_locale])


def region(slug: str, currency: str, countries: list[str], locales: list[OrgLocale], **kwargs) -> OrgRegion:
    return OrgRegionFactory(
        slug=slug,
        name=slug.upper(),
        currency=Currency.objects.get(code=currency),
        countries=list(Country.objects.filter(alpha2__in=countries)),
        locales=locales,
        default_locale=locales[0],
        region_type=OrgRegion.RegionType.SINGLE_COUNTRY if len(countries) == 1 else "multi_country",
        **kwargs,
    )


def market(region_count: int = 4):
    """Three org locales (en-US default, es-MX, de-DE) and up to five regions: US, EU, LATAM, IN, EG."""
    en, es, de = org_locale("en-US", is_default=True), org_locale("es-MX"), org_locale("de-DE")
    hi = org_locale("hi-IN")
    ar = org_locale("ar-EG")
    specs = [
        ("us", "USD", ["US"], [en], {"is_default": True}),
        ("eu", "EUR", ["DE", "FR", "ES", "IT"], [de, en], {}),
        ("latam", "MXN", ["MX"], [es, en], {}),
        ("in", "INR", ["IN"], [hi, en], {}),
        ("eg", "EGP", ["EG"], [ar, en], {}),
    ]
    regions = [
        region(slug, currency, countries, locales, **extra)
        for slug, currency, countries, locales, extra in specs[:region_count]
    ]
    return {"locales": {"en": en, "es": es, "de": de, "hi": hi, "ar": ar}, "regions": regions}
