from decimal import Decimal

import pytest
from babel.numbers import format_currency
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from apps.payment.money import money_format, money_validate
from apps.payment.ppp import charm_round, ppp_factors, ppp_suggest, region_factor


@pytest.mark.parametrize(
    ("language", "babel_locale", "currency"),
    [
        ("en-US", "en_US", "USD"),
        ("de-DE", "de_DE", "EUR"),
        ("ar-EG", "ar_EG", "EGP"),
        ("hi-IN", "hi_IN", "INR"),
        ("es-MX", "es_MX", "MXN"),
    ],
)
def test_price_filter_formats_like_babel_for_the_active_locale(language, babel_locale, currency):
    amount = Decimal("1234.5")
    expected = format_currency(Decimal("1234.50"), currency, locale=babel_locale)
    with translation.override(language):
        rendered = Template("{% load money %}{{ amount|money:currency }}").render(
            Context({"amount": amount, "currency": currency})
        )
    assert rendered == expected
    assert money_format(amount, currency, language) == expected


def test_known_formats_are_exact():
    assert money_format(Decimal("1234.5"), "EUR", "de-DE") == "1.234,50\xa0€"
    assert money_format(Decimal("1234.5"), "USD", "en-US") == "$1,234.50"
    assert money_format(Decimal("1234"), "JPY", "en-US") == "¥1,234"


@pytest.mark.parametrize(
    ("amount", "currency", "message"),
    [
        (Decimal("-1"), "USD", "negative"),
        (Decimal("1.999"), "USD", "2 decimal"),
        (Decimal("100.5"), "JPY", "0 decimal"),
        (Decimal("1.2345"), "KWD", "3 decimal"),
    ],
)
def test_bad_amounts_are_refused(amount, currency, message):
    with pytest.raises(ValidationError) as error:
        money_validate(amount, currency)
    assert message in str(error.value)


def test_amount_is_quantized_to_minor_units():
    assert money_validate(Decimal("19.9"), "USD") == Decimal("19.90")
    assert money_validate(Decimal("1.125"), "KWD") == Decimal("1.125")
    assert money_validate(Decimal("1500"), "JPY") == Decimal("1500")


@pytest.mark.parametrize(
    ("raw", "currency", "expected"),
    [
        ("19.00", "USD", "19.99"),
        ("17.32", "EUR", "17.99"),
        ("4.10", "USD", "4.99"),
        ("143.20", "USD", "139.00"),
        ("146.00", "USD", "149.00"),
        ("1260", "EUR", "1299.00"),
        ("487.35", "INR", "489.00"),
        ("12340", "JPY", "11999"),
        ("47", "INR", "49.00"),
        ("0", "USD", "0.00"),
    ],
)
def test_charm_rounding(raw, currency, expected):
    assert charm_round(Decimal(raw), currency) == Decimal(expected)
    assert str(charm_round(Decimal(raw), currency)) == expected


def test_ppp_factors_use_latest_year_in_todays_currency():
    factors = ppp_factors()
    assert factors["US"].factor == Decimal("1")
    assert factors["IN"].year == 2024
    assert factors["IN"].factor == Decimal("20.4219876045922")
    assert factors["HR"].factor == Decimal("0.44841971235566")  # euro since 2023, reported in euro


def test_region_factor_is_the_median_of_countries_using_the_currency():
    de, fr, it = (ppp_factors()[code].factor for code in ("DE", "FR", "IT"))
    assert region_factor(currency_code="EUR", country_codes=["DE", "FR", "IT"]) == sorted([de, fr, it])[1]
    # Mexico's factor is in pesos: it says nothing about a USD price.
    assert region_factor(currency_code="USD", country_codes=["MX"]) is None


def test_ppp_suggestion_arithmetic():
    [india, mexico, latam_usd] = ppp_suggest(
        amount=Decimal("49.00"),
        source_currency="USD",
        source_countries=["US"],
        targets=[(2, "INR", ["IN"]), (3, "MXN", ["MX"]), (4, "USD", ["MX", "BR"])],
    )
    assert india.raw_amount == Decimal("1000.68")  # 49 x 20.4219876 / 1
    assert india.amount == Decimal("999.00")
    assert mexico.raw_amount == Decimal("485.91")  # 49 x 9.916562
    assert mexico.amount == Decimal("489.00")
    assert latam_usd.is_available is False
