"""Reads of the org's locales, brands and regions.

The storefront resolves a region and a locale on every request, so the whole
market configuration is read once into a ``MarketSnapshot`` kept in the
tenant cache and dropped by every locale/brand/region write.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404

from apps.locale_region.models import OrgBrand, OrgLocale, OrgRegion

SNAPSHOT_CACHE_KEY = "market-snapshot:v1"
SNAPSHOT_SECONDS = 600


@dataclass(frozen=True)
class BrandInfo:
    name: str
    legal_name: str
    logo_url: str
    primary_color: str
    secondary_color: str


@dataclass(frozen=True)
class RegionInfo:
    id: int
    slug: str
    name: str
    region_type: str
    currency_code: str
    locale_keys: tuple[str, ...]  # the region's subset, its default first
    country_codes: tuple[str, ...]
    access_type: str
    host: str
    path_prefix: str
    is_default: bool
    brand: BrandInfo | None

    @property
    def default_locale_key(self) -> str:
        return self.locale_keys[0]


@dataclass(frozen=True)
class MarketSnapshot:
    locale_keys: tuple[str, ...]  # the org's fallback chain: default first, then by position
    regions: tuple[RegionInfo, ...] = field(default_factory=tuple)

    @property
    def default_locale_key(self) -> str | None:
        return self.locale_keys[0] if self.locale_keys else None

    def region_by_slug(self, slug: str | None) -> RegionInfo | None:
        return next((region for region in self.regions if region.slug == slug), None)

    def default_region(self) -> RegionInfo | None:
        return next((region for region in self.regions if region.is_default), None) or (
            self.regions[0] if self.regions else None
        )


def org_locale_list() -> QuerySet[OrgLocale]:
    return OrgLocale.objects.select_related("locale").order_by("-is_default", "position", "id")


def org_locale_keys() -> list[str]:
    """The org's locales as BCP 47 keys in fallback order (default first)."""
    return list(org_locale_list().values_list("locale__locale_key", flat=True))


def org_locale_get(*, org_locale_id: int) -> OrgLocale:
    return _get_or_404(org_locale_list(), org_locale_id)


def org_brand_list() -> QuerySet[OrgBrand]:
    return OrgBrand.objects.order_by("name")


def org_brand_get(*, brand_id: int) -> OrgBrand:
    return _get_or_404(org_brand_list(), brand_id)


def org_region_list(*, search: str = "", region_type: str = "") -> QuerySet[OrgRegion]:
    regions = (
        OrgRegion.objects.select_related("currency", "default_locale__locale", "brand")
        .prefetch_related("countries", "locales__locale")
        .order_by("position", "name")
    )
    if search:
        regions = regions.filter(name__icontains=search)
    if region_type:
        regions = regions.filter(region_type=region_type)
    return regions


def org_region_get(*, region_id: int) -> OrgRegion:
    return _get_or_404(org_region_list(), region_id)


def _get_or_404(queryset, pk):
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def _region_info(region: OrgRegion) -> RegionInfo:
    default_key = region.default_locale.locale.locale_key
    others = sorted(
        org_locale.locale.locale_key
        for org_locale in region.locales.all()
        if org_locale.pk != region.default_locale_id
    )
    keys = [default_key, *others]
    brand = region.brand
    return RegionInfo(
        id=region.pk,
        slug=region.slug,
        name=region.name,
        region_type=region.region_type,
        currency_code=region.currency.code,
        locale_keys=tuple(keys),
        country_codes=tuple(sorted(country.alpha2 for country in region.countries.all())),
        access_type=region.access_type,
        host=region.host.lower(),
        path_prefix=region.path_prefix,
        is_default=region.is_default,
        brand=BrandInfo(
            brand.name, brand.legal_name, brand.logo_url, brand.primary_color, brand.secondary_color
        )
        if brand
        else None,
    )


def market_snapshot() -> MarketSnapshot:
    """The org's locales and active regions, from the tenant cache (built with 5 queries on a miss)."""
    snapshot = cache.get(SNAPSHOT_CACHE_KEY)
    if snapshot is None:
        regions = org_region_list().filter(is_active=True)
        snapshot = MarketSnapshot(
            locale_keys=tuple(org_locale_keys()), regions=tuple(_region_info(region) for region in regions)
        )
        cache.set(SNAPSHOT_CACHE_KEY, snapshot, SNAPSHOT_SECONDS)
    return snapshot


def market_snapshot_invalidate() -> None:
    cache.delete(SNAPSHOT_CACHE_KEY)
