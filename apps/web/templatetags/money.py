"""``{{ amount|money:"EUR" }}``: a price formatted by Babel for the active language."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from apps.payment.money import money_format

register = template.Library()


@register.filter(name="money")
def money(amount: Decimal | None, currency_code: str) -> str:
    if amount is None or not currency_code:
        return ""
    return money_format(amount, currency_code, get_language())


@register.simple_tag(name="money_in")
def money_in(amount: Decimal | None, currency_code: str, language: str) -> str:
    if amount is None or not currency_code:
        return ""
    return money_format(amount, currency_code, language)
