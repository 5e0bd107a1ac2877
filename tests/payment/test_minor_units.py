from decimal import Decimal

import pytest
from django.utils import translation

from apps.payment.minor_units import UnchargeableAmount, chargeable_message, from_minor, to_minor


@pytest.mark.parametrize(
    ("amount", "currency", "units"),
    [
        ("10.00", "USD", 1000),
        ("0.01", "eur", 1),
        ("1234.5", "EUR", 123450),
        ("0", "EUR", 0),
        ("500", "JPY", 500),
        ("500.00", "JPY", 500),  # trailing zeros are still a whole yen
        ("25000", "KRW", 25000),
        ("1500", "CLP", 1500),
        ("1000", "UGX", 1000),  # zero-decimal in Stripe's table
        ("5.120", "KWD", 5120),  # three-decimal, last digit 0
        ("5.12", "KWD", 5120),
        ("0.010", "BHD", 10),
        ("1.5", "OMR", 1500),
        ("2.25", "JOD", 2250),
        ("7.990", "TND", 7990),
        ("5", "ISK", 500),  # two-decimal for backwards compatibility, whole krónur only
        ("1999.00", "ISK", 199900),
        ("1500", "HUF", 150000),  # Babel says HUF has no decimals; Stripe says x100
        ("1500.50", "HUF", 150050),  # and HUF charges may carry fillér
        ("99.99", "TWD", 9999),
        ("15000", "IDR", 1500000),  # CLDR zero-digit, Stripe two-decimal
    ],
)
def test_to_minor_follows_stripes_table(amount, currency, units):
    assert to_minor(Decimal(amount), currency) == units
    assert chargeable_message(Decimal(amount), currency) is None


@pytest.mark.parametrize(
    ("amount", "currency", "smallest"),
    [
        ("0.005", "EUR", "0.01"),
        ("10.001", "USD", "0.01"),
        ("1.5", "JPY", "1"),
        ("0.1", "KRW", "1"),
        ("1.234", "KWD", "0.01"),  # 1234 thousandths: not a multiple of 10
        ("0.0005", "BHD", "0.01"),
        ("5.5", "ISK", "1"),
        ("5.01", "ISK", "1"),
        ("1500.005", "HUF", "0.01"),
    ],
)
def test_amounts_stripe_cannot_charge_exactly_are_refused_with_a_message(amount, currency, smallest):
    with pytest.raises(UnchargeableAmount) as raised:
        to_minor(Decimal(amount), currency)
    message = str(raised.value)
    assert message == (
        f"Card payments in {currency} are charged in steps of {smallest} {currency}, "
        f"so {amount} {currency} cannot be charged exactly."
    )
    assert chargeable_message(Decimal(amount), currency) == message
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize("amount", [Decimal("-1"), Decimal("NaN"), Decimal("Infinity")])
def test_negative_and_non_finite_amounts_are_refused(amount):
    with pytest.raises(UnchargeableAmount):
        to_minor(amount, "EUR")


def test_the_message_is_translated():
    with translation.override("es"):
        message = chargeable_message(Decimal("1.5"), "JPY")
    assert message is not None
    assert message.startswith("Los pagos con tarjeta en JPY")


def test_no_float_is_accepted_silently():
    """A float is a bug upstream: 0.1 + 0.2 as Decimal is not 0.30, so it cannot be charged."""
    with pytest.raises(UnchargeableAmount):
        to_minor(0.1 + 0.2, "EUR")  # type: ignore[arg-type]


@pytest.mark.parametrize("currency", ["", "EURO", "12X"])
def test_a_malformed_currency_code_is_a_programming_error(currency):
    with pytest.raises(ValueError, match="ISO 4217"):
        to_minor(Decimal("1"), currency)


@pytest.mark.parametrize(
    ("units", "currency", "amount"),
    [
        (1000, "USD", "10.00"),
        (1, "EUR", "0.01"),
        (500, "JPY", "500"),
        (5120, "KWD", "5.120"),
        (500, "ISK", "5"),  # quantized to ISK's CLDR precision (no decimals)
        (150000, "HUF", "1500"),
        (9999, "TWD", "99.99"),
        (0, "EUR", "0.00"),
    ],
)
def test_from_minor_is_the_decimal_of_the_catalog(units, currency, amount):
    value = from_minor(units, currency)
    assert value == Decimal(amount)
    assert str(value) == amount  # quantized like apps.payment.money, so it compares and prints alike


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("19.99", "EUR"), ("1500", "HUF"), ("7", "ISK"), ("3.450", "KWD"), ("980", "JPY"), ("12.5", "USD")],
)
def test_round_trip(amount, currency):
    assert from_minor(to_minor(Decimal(amount), currency), currency) == Decimal(amount)


def test_from_minor_takes_only_ints():
    with pytest.raises(TypeError):
        from_minor(10.0, "EUR")  # type: ignore[arg-type]
