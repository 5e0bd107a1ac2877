"""Choosing the translation to show along an org's fallback chain, from prefetched translations.

Parler's own fallback reads the site-wide ``PARLER_LANGUAGES``; an org's
chain is per org (the visitor's locale, the region's, the org's default, then
its other locales), so selectors prefetch ``translations`` and pick here
without further queries. Parler stores language codes lower-cased ("en-us");
the chain holds BCP 47 keys ("en-US") and is compared case-insensitively.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def fallback_chain(*, preferred: Sequence[str], org_locale_keys: Sequence[str]) -> list[str]:
    """Preferred locales first, then the org's locales in order, each once."""
    chain: list[str] = []
    for key in [*preferred, *org_locale_keys]:
        if key and key not in chain:
            chain.append(key)
    return chain


def pick_translation(translations: Iterable[Any], chain: Sequence[str]) -> Any:
    """The first translation in ``chain`` order; any translation rather than none (never an empty page)."""
    rows = list(translations)
    by_language = {row.language_code.lower(): row for row in rows}
    for key in chain:
        if key.lower() in by_language:
            return by_language[key.lower()]
    return rows[0] if rows else None


def attach_translations(objects: Iterable[Any], chain: Sequence[str]) -> None:
    """Set ``obj.tr`` (the translation to show) and ``obj.tr_is_fallback`` (it is not the first choice)."""
    for obj in objects:
        obj.tr = pick_translation(obj.translations.all(), chain)
        obj.tr_is_fallback = (
            obj.tr is not None and bool(chain) and obj.tr.language_code.lower() != chain[0].lower()
        )
