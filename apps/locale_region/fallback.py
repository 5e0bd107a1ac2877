"""Choosing the translation to show, from prefetched translations: one resolver for every page.

Parler's own fallback reads the site-wide ``PARLER_LANGUAGES``; an org's
chain is per org, so selectors prefetch ``translations`` and pick here with
``translation_resolve`` without further queries. A chain is a sequence of
locale keys in the order to try:

- the storefront (``locale_chain_for_market``): the visitor's locale, the
  region's locales (its default first), then the org's (its default first);
- the back office (``locale_chain_for_console``): the org's default locale,
  then its other locales by position; the studio puts the interface language
  first, since it writes course content in that language.

Each locale is followed by its language ("es-MX", then "es"), so content
written in a bare language (the studio's, the skill taxonomy's) is found for
its regional variants. After the chain, any translation rather than none (never
an empty page). Parler stores language codes lower-cased ("en-us"); chains hold
BCP 47 keys ("en-US") and are compared case-insensitively.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from apps.locale_region.selectors import MarketSnapshot, RegionInfo


class MarketLike(Protocol):
    """What a chain is built from: the storefront's resolved market of a request."""

    @property
    def snapshot(self) -> MarketSnapshot: ...

    @property
    def region(self) -> RegionInfo | None: ...

    @property
    def locale_key(self) -> str: ...


def _chain(keys: Iterable[str]) -> tuple[str, ...]:
    """``keys`` in order, each followed by its language, once each (the first place wins)."""
    chain: dict[str, None] = {}
    for key in keys:
        if key:
            chain.setdefault(key, None)
            chain.setdefault(key.split("-")[0], None)
    return tuple(chain)


def locale_chain_for_market(market: MarketLike) -> tuple[str, ...]:
    """The storefront's chain: the visitor's locale, the region's locales, then the org's."""
    region_keys = market.region.locale_keys if market.region else ()
    return _chain([market.locale_key, *region_keys, *market.snapshot.locale_keys])


def locale_chain_for_console(market: MarketLike, *, interface_language: str = "") -> tuple[str, ...]:
    """The back office's chain: ``interface_language`` when given (the studio's), then the org's
    default locale and its other locales by position. No query: the org's locales come from the
    request's market snapshot."""
    return _chain([interface_language, *market.snapshot.locale_keys])


def translation_resolve(
    source: Any, *, chain: Sequence[str], field: str = "", any_language: bool = True
) -> Any:
    """The translation of ``source`` (an object with prefetched ``translations``, or the rows) first
    in ``chain``; else, with ``any_language``, the first row rather than none; else None. With
    ``field``, rows where that field is empty are passed over. No query."""
    rows = source.translations.all() if hasattr(source, "translations") else source
    by_code: dict[str, Any] = {}
    for row in rows:
        if not field or getattr(row, field):
            by_code.setdefault(row.language_code.lower(), row)
    for key in chain:
        row = by_code.get(key.lower())
        if row is not None:
            return row
    return next(iter(by_code.values()), None) if any_language else None


def translation_text(source: Any, field: str, *, chain: Sequence[str]) -> str:
    """``field`` of the first translation along ``chain`` that has it filled; "" when none has."""
    row = translation_resolve(source, chain=chain, field=field)
    return str(getattr(row, field)) if row is not None else ""


def attach_translations(objects: Iterable[Any], chain: Sequence[str]) -> None:
    """Set ``obj.tr`` (the translation to show) and ``obj.tr_is_fallback`` (it is not the first choice)."""
    for obj in objects:
        obj.tr = translation_resolve(obj, chain=chain)
        obj.tr_is_fallback = (
            obj.tr is not None and bool(chain) and obj.tr.language_code.lower() != chain[0].lower()
        )
