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
