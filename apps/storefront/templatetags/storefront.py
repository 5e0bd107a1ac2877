"""Small presentation helpers for storefront templates."""

from __future__ import annotations

from typing import Any

from babel.lists import format_list
from babel.units import format_unit
from django import template
from django.utils.translation import get_language, ngettext, to_locale

from apps.payment.selectors.plans import access_tier_name

register = template.Library()


@register.filter
def lines(text: str | None) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


@register.filter
def tier_name(tier: int) -> str:
    return access_tier_name(int(tier))


def _relative_luminance(hex_color: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@register.filter
def text_on(hex_color: str) -> str:
    """Black or white, whichever reads better on ``hex_color`` (one of them always passes WCAG AA)."""
    luminance = _relative_luminance(hex_color)
    contrast_with_white = 1.05 / (luminance + 0.05)
    contrast_with_black = (luminance + 0.05) / 0.05
    return "#ffffff" if contrast_with_white >= contrast_with_black else "#000000"


def _babel_locale() -> str:
    return to_locale(get_language() or "en")


@register.filter
def duration(seconds: int | None) -> str:
    """A length of time in words of the page's language: "1 hour and 30 minutes", "5 minutos"."""
    if not seconds:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, remaining = divmod(rest, 60)
    locale = _babel_locale()
    parts = [
        format_unit(value, f"duration-{unit}", length="long", locale=locale)
        for value, unit in ((hours, "hour"), (minutes, "minute"), (remaining, "second"))
        if value
    ]
    return format_list(parts, style="standard", locale=locale)  # CLDR's "unit" style repeats items in ar


def _period(interval: str, count: int) -> str:
    sentences = {
        "day": ngettext("per day", "every %(count)d days", count),
        "week": ngettext("per week", "every %(count)d weeks", count),
        "month": ngettext("per month", "every %(count)d months", count),
        "year": ngettext("per year", "every %(count)d years", count),
    }
    return sentences[interval] % {"count": count}


@register.filter
def billing_period(subscription: Any) -> str:
    """How often a subscription bills, as a whole phrase: "per month", "every 3 months"."""
    return _period(subscription.interval, subscription.interval_count)


@register.filter
def stars(value: Any) -> str:
    """Five stars, as many filled as ``value`` rounds to (the number itself is the element's label)."""
    filled = max(0, min(5, round(float(value or 0))))
    return "★" * filled + "☆" * (5 - filled)
