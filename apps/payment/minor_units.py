"""Stripe's minor units: how a Decimal price becomes the integer ``amount`` Stripe charges, and back.

Stripe's table (https://docs.stripe.com/currencies#minor-units), not CLDR's, decides the exponent:

- zero-decimal currencies (JPY, KRW, ...): ``amount`` is the whole amount, JPY 500 is 500;
- three-decimal currencies (BHD, JOD, KWD, OMR, TND): thousandths, and Stripe's payment partners take
  only a last digit of 0, so KWD 5.120 is 5120 and KWD 5.124 cannot be charged;
- every other currency is two-decimal, including some that CLDR (and so Babel and
  ``apps.payment.money``) gives no decimals: HUF 1500 is 150000, IDR and COP likewise;
- special cases: ISK stays two-decimal for backwards compatibility but is charged in whole krónur
  only (a multiple of 100); HUF and TWD charge two-decimal amounts (only their payouts are whole).

Integer minor units exist only at the boundary with Stripe (STYLE.md "Money"): ``to_minor`` just
before a request, ``from_minor`` on what a response or an event says. Neither touches a float.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from apps.payment.money import money_quantize
from volmify.stripe_currencies import THREE_DECIMAL, WHOLE_UNITS_ONLY, ZERO_DECIMAL


class UnchargeableAmount(ValueError):
    """Stripe cannot charge this amount in this currency exactly; ``str()`` is a sentence for the user."""


@dataclass(frozen=True)
class StripeCurrency:
    """How Stripe writes amounts of one currency: ``exponent`` decimals, in steps of ``step`` units."""

    code: str
    exponent: int
    step: int

    @property
    def smallest_amount(self) -> Decimal:
        """The smallest chargeable amount: 0.01 EUR, 1 JPY, 0.01 KWD (10 thousandths), 1 ISK."""
        return Decimal(self.step).scaleb(-self.exponent).normalize()


def stripe_currency(currency: str) -> StripeCurrency:
    code = currency.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise ValueError(f"not an ISO 4217 currency code: {currency!r}")
    if code in ZERO_DECIMAL:
        return StripeCurrency(code, exponent=0, step=1)
    if code in THREE_DECIMAL:
        return StripeCurrency(code, exponent=3, step=10)
    if code in WHOLE_UNITS_ONLY:
        return StripeCurrency(code, exponent=2, step=100)
    return StripeCurrency(code, exponent=2, step=1)


def to_minor(amount: Decimal, currency: str) -> int:
    """``amount`` of ``currency`` as Stripe's integer ``amount``; exact or ``UnchargeableAmount``."""
    spec = stripe_currency(currency)
    try:
        amount = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise UnchargeableAmount(_("Enter a number.")) from error
    if not amount.is_finite():
        raise UnchargeableAmount(_("Enter a number."))
    if amount < 0:
        raise UnchargeableAmount(_("A card payment cannot be negative."))
    units = amount.scaleb(spec.exponent)
    if units != units.to_integral_value() or int(units) % spec.step:
        smallest = spec.smallest_amount
        raise UnchargeableAmount(
            _(
                "Card payments in %(currency)s are charged in steps of %(smallest)s %(currency)s, "
                "so %(amount)s %(currency)s cannot be charged exactly."
            )
            % {"currency": spec.code, "smallest": smallest, "amount": amount}
        )
    return int(units)


def from_minor(units: int, currency: str) -> Decimal:
    """Stripe's integer ``amount`` as a Decimal quantized to the currency's CLDR precision (money.py),
    so that it compares equal to the prices it was made from (HUF 150000 is Decimal("1500")).

    An amount finer than that precision, which only an amount typed in Stripe's Dashboard can be
    (HUF 150050, fillér that CLDR does not count), rounds half-up like every other price."""
    if isinstance(units, bool) or not isinstance(units, int):
        raise TypeError(f"a Stripe amount is an int, not {type(units).__name__}")
    spec = stripe_currency(currency)
    return money_quantize(Decimal(units).scaleb(-spec.exponent), spec.code)


def chargeable_message(amount: Decimal, currency: str) -> str | None:
    """Why Stripe cannot charge ``amount`` of ``currency`` exactly, or None when it can."""
    try:
        to_minor(amount, currency)
    except UnchargeableAmount as error:
        return str(error)
    return None
