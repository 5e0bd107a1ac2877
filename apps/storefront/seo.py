"""Canonical URLs and hreflang alternates of a storefront page across the org's regions and locales."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from apps.storefront.market import Market, market_url


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    url: str


@dataclass(frozen=True)
class PageSeo:
    canonical: str
    alternates: list[Alternate]
    x_default: str


def page_seo(request: HttpRequest, market: Market, path_for: Callable[[str], str]) -> PageSeo:
    """``path_for(locale_key)`` gives the page's path in a locale (a product's slug differs per locale).

    Alternates are one per language-country pair a region serves (``de-AT``, ``en-IN``); when two regions
    serve the same pair, the first region (default first, then by position) keeps it.
    """
    snapshot = market.snapshot
    canonical = market_url(request, market, market.region, market.locale_key, path_for(market.locale_key))
    alternates: dict[str, str] = {}
    regions = sorted(snapshot.regions, key=lambda region: not region.is_default)
    for region in regions:
        for key in region.locale_keys:
            language = key.split("-")[0]
            url = market_url(request, market, region, key, path_for(key))
            for country in region.country_codes:
                alternates.setdefault(f"{language}-{country}", url)
    default = snapshot.default_region()
    x_default = (
        market_url(request, market, default, default.default_locale_key, path_for(default.default_locale_key))
        if default
        else canonical
    )
    return PageSeo(canonical, [Alternate(code, url) for code, url in alternates.items()], x_default)
