"""Languages as a switcher shows them, on every page of an org host: the region's languages (the
storefront's rule, and the footer's everywhere on the org's hosts)."""

from __future__ import annotations

import functools

from babel import Locale as BabelLocale

from apps.locale_region.fallback import MarketLike


@functools.lru_cache(maxsize=256)
def language_name(locale_key: str) -> str:
    """A locale's language in its own words: "Español", "العربية"."""
    name = BabelLocale.parse(locale_key, sep="-").get_language_name() or locale_key
    return name[:1].upper() + name[1:]


def region_language_keys(market: MarketLike) -> tuple[str, ...]:
    """The locales a visitor may choose in this market: the region's, else the org's."""
    return tuple(market.region.locale_keys) if market.region else tuple(market.snapshot.locale_keys)
