"""Small presentation helpers for storefront templates."""

from __future__ import annotations

from django import template

from apps.payment.selectors import access_tier_name

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
