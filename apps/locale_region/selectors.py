"""Reads of the org's locales, brands and regions.

The storefront resolves a region and a locale on every request, so the whole
market configuration is read once into a ``MarketSnapshot`` kept in the
tenant cache. The snapshot carries the org's storefront content version, a
token that every write to the catalog, prices or markets replaces
(``storefront_content_changed``); a snapshot built under an older token is
rebuilt, and rendered storefront fragments are keyed by it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import Http404
from django_tenants.utils import schema_context

from apps.general.models import Locale
from apps.general.selectors import locale_list_active
from apps.locale_region.models import OrgBrand, OrgLocale, OrgRegion
from volmify.cache import get_many_shared
from volmify.names import name_in_language

SNAPSHOT_CACHE_KEY = "market-snapshot:v3"
VERSION_CACHE_KEY = "storefront-content-version:v1"
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
    name_translations: dict[str, str] = field(default_factory=dict)  # by interface language

    @property
    def default_locale_key(self) -> str:
        return self.locale_keys[0]

    @property
    def display_name(self) -> str:
        """The name in the active language."""
        return name_in_language(self.name, self.name_translations)


@dataclass(frozen=True)
class MarketSnapshot:
    locale_keys: tuple[str, ...]  # the org's fallback chain: default first, then by position
    regions: tuple[RegionInfo, ...] = field(default_factory=tuple)
    version: str = ""  # the storefront content version this snapshot was built under

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


def org_brand_list(*, search: str = "") -> QuerySet[OrgBrand]:
    brands = OrgBrand.objects.all()
    if search:
        brands = brands.filter(name__icontains=search)
    return brands.order_by("name", "id")


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


def org_region_for_prices(*, region_id: int) -> OrgRegion:
    """The region with its currency and default locale only (what a cart is priced in): one query."""
    regions = OrgRegion.objects.select_related("currency", "default_locale__locale")
    return _get_or_404(regions, region_id)


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
        name_translations=dict(region.name_translations),
    )


def _current_version(cached: str | None) -> str:
    """The content version token; a missing one (first use, evicted) is created once for all workers."""
    if cached:
        return cached
    token = uuid.uuid4().hex
    if cache.add(VERSION_CACHE_KEY, token, None):
        return token
    return cache.get(VERSION_CACHE_KEY) or token


def market_snapshot() -> MarketSnapshot:
    """The org's locales and active regions with the content version: one cache round trip when warm
    (the version; the snapshot itself is kept per process), 5 queries when the version is new."""
    return market_snapshot_with(())[0]


# Snapshots by (schema, content version), per process: a version names one snapshot for good (a
# write replaces the version, never the snapshot under it), so only the version is read per request.
_snapshots: dict[tuple[str, str], MarketSnapshot] = {}
_SNAPSHOTS_KEPT = 512


def market_snapshot_with(
    keys: Sequence[str], platform_keys: Sequence[str] = ()
) -> tuple[MarketSnapshot, dict[str, Any], dict[str, Any]]:
    """``market_snapshot()``, the tenant cache entries under ``keys`` and the platform cache entries
    under ``platform_keys``, read in the same round trip (tenant entries must be checked against the
    snapshot's version by the caller)."""
    both = get_many_shared({"default": [VERSION_CACHE_KEY, *keys], "platform": platform_keys})
    found, platform_found = both.get("default", {}), both.get("platform", {})
    version = _current_version(found.pop(VERSION_CACHE_KEY, None))
    memo_key = (getattr(connection, "schema_name", ""), version)
    snapshot = _snapshots.get(memo_key)
    if snapshot is None:
        snapshot = cache.get(SNAPSHOT_CACHE_KEY)
        if not (isinstance(snapshot, MarketSnapshot) and snapshot.version == version):
            snapshot = _snapshot_build(version)
            cache.set(SNAPSHOT_CACHE_KEY, snapshot, SNAPSHOT_SECONDS)
        if len(_snapshots) >= _SNAPSHOTS_KEPT:
            _snapshots.clear()
        _snapshots[memo_key] = snapshot
    return snapshot, found, platform_found


def _snapshot_build(version: str) -> MarketSnapshot:
    regions = org_region_list().filter(is_active=True)
    return MarketSnapshot(
        locale_keys=tuple(org_locale_keys()),
        regions=tuple(_region_info(region) for region in regions),
        version=version,
    )


def _version_replace() -> None:
    cache.set(VERSION_CACHE_KEY, uuid.uuid4().hex, None)


def storefront_content_changed() -> None:
    """Call from every write that changes what a storefront page shows (catalog, prices, markets).

    The version is replaced now, so the writer's next request sees its change, and again when the
    transaction commits, so nothing a concurrent request rendered from the uncommitted state
    outlives the commit.
    """
    _version_replace()
    transaction.on_commit(_version_replace)


def storefront_content_changed_in(schema_names: Sequence[str]) -> None:
    """``storefront_content_changed`` for the orgs with these schemas, from a write elsewhere (the
    public schema: the skill taxonomy, org domains). Touches only their cache entries."""
    schemas = list(schema_names)

    def replace() -> None:
        for schema_name in schemas:
            with schema_context(schema_name):
                _version_replace()

    replace()
    transaction.on_commit(replace)


def market_snapshot_invalidate() -> None:
    storefront_content_changed()


# The console's reads: locales with their regions, the locales an org can add, and which translations
# of any parler model exist, read from its prefetched ``translations`` (those cost no query; the one to
# show is picked by ``apps.locale_region.fallback.translation_resolve``).


def org_locale_list_with_regions() -> list[OrgLocale]:
    """The org's locales in fallback order, each with the regions that serve it."""
    return list(org_locale_list().prefetch_related("regions"))


def locale_list_addable() -> QuerySet[Locale]:
    """Active locales of the global registry that the org has not added yet, by key."""
    authored = OrgLocale.objects.values_list("locale_id", flat=True)
    return locale_list_active().exclude(pk__in=authored).order_by("locale_key")


def translations_by_locale(obj: Any, locale_keys: Sequence[str]) -> list[dict[str, Any]]:
    """For each locale key: ``{"key": key, "row": its translation or None}`` (None: still to write)."""
    present = {row.language_code: row for row in obj.translations.all()}
    return [{"key": key, "row": present.get(key.lower())} for key in locale_keys]


def translation_missing_locales(obj: Any, locale_keys: Sequence[str]) -> list[str]:
    """The locale keys the object has no translation in yet."""
    present = {row.language_code for row in obj.translations.all()}
    return [key for key in locale_keys if key.lower() not in present]


def org_selling_currencies() -> set[str]:
    """The currencies the active org sells in: its active regions' currencies."""
    return set(OrgRegion.objects.filter(is_active=True).values_list("currency__code", flat=True))
