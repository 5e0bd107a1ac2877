"""Money: Decimal amounts with an ISO 4217 code, rounded to the currency's minor units (CLDR)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale as BabelLocale
from babel.numbers import format_currency, get_currency_precision
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def minor_units(currency_code: str) -> int:
    return get_currency_precision(currency_code)


def money_quantize(amount: Decimal, currency_code: str) -> Decimal:
    """``amount`` rounded half-up to the currency's precision (JPY 0, USD 2, KWD 3)."""
    return amount.quantize(Decimal(1).scaleb(-minor_units(currency_code)), rounding=ROUND_HALF_UP)


def money_validate(amount: Decimal | None, currency_code: str, *, field: str = "amount") -> Decimal:
    """The amount if it is a non-negative price with no more decimals than the currency allows."""
    if amount is None:
        raise ValidationError({field: _("Enter a price.")})
    try:
        amount = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValidationError({field: _("Enter a number.")}) from error
    if not amount.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    if amount < 0:
        raise ValidationError({field: _("A price cannot be negative.")})
    places = minor_units(currency_code)
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise ValidationError(
            {
                field: _("%(currency)s prices have at most %(places)d decimal places.")
                % {"currency": currency_code, "places": places}
            }
        )
    if amount >= Decimal("1e11"):
        raise ValidationError({field: _("This price is too large.")})
    return money_quantize(amount, currency_code)


def money_allocate(total: Decimal, weights: Sequence[Decimal], currency_code: str) -> list[Decimal]:
    """``total`` split in proportion to ``weights``, each part a whole number of the currency's
    smallest unit, the parts summing exactly to ``total`` (largest remainder: the units left after
    rounding down go to the parts that lost the most). Zero weights get zero."""
    step = Decimal(1).scaleb(-minor_units(currency_code))
    units = int((total / step).to_integral_value())
    weight_sum = sum(weights, Decimal(0))
    if weight_sum <= 0 or units == 0:
        return [Decimal(0).quantize(step) for _ in weights]
    shares = [units * weight / weight_sum for weight in weights]
    floors = [int(share) for share in shares]
    left = units - sum(floors)
    by_remainder = sorted(range(len(weights)), key=lambda index: (floors[index] - shares[index], index))
    for index in by_remainder[:left]:
        floors[index] += 1
    return [(step * part).quantize(step) for part in floors]


@lru_cache(maxsize=256)
def babel_locale(language: str | None) -> BabelLocale:
    """A Babel locale for a BCP 47 tag or Django language code, falling back to English.

    Memoized: parsing is the costly part of formatting a price, and a page formats dozens."""
    if not language:
        return BabelLocale("en", "US")
    parts = language.replace("_", "-").split("-")
    parts = [parts[0].lower()] + [part.title() if len(part) == 4 else part.upper() for part in parts[1:]]
    try:
        return BabelLocale.parse("_".join(parts))
    except (ValueError, TypeError):
        try:
            return BabelLocale.parse(language.split("-")[0].split("_")[0])
        except (ValueError, TypeError):
            return BabelLocale("en", "US")


def money_format(amount: Decimal, currency_code: str, language: str | None) -> str:
    """The price as a visitor in ``language`` reads it, e.g. 1.234,50 € for de-DE."""
    return _money_format(str(money_quantize(Decimal(amount), currency_code)), currency_code, language)


@lru_cache(maxsize=8192)
def _money_format(amount: str, currency_code: str, language: str | None) -> str:
    # Babel takes tens of microseconds a call and pages show the same amounts again and again; the
    # key is the quantized amount's text, so 0.00 and -0.00 stay apart.
    return format_currency(Decimal(amount), currency_code, locale=babel_locale(language))
