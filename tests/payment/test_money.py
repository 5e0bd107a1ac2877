"""Money formatting: memoized Babel formats stay per language and amount."""

from decimal import Decimal

from apps.payment.money import money_format


def test_money_format_keeps_languages_and_signs_apart():
    assert money_format(Decimal("1234.5"), "EUR", "en") == "€1,234.50"
    assert money_format(Decimal("1234.5"), "EUR", "es").startswith("1.234,50")
    assert money_format(Decimal("-0.001"), "EUR", "en") == "-€0.00"
    assert money_format(Decimal("0"), "EUR", "en") == "€0.00"
