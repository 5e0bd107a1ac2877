"""Price suggestions across regions from purchasing-power parity, with charm rounding per currency.

``data/ppp-gdp.csv`` holds the World Bank PPP conversion factors (local
currency units per international dollar; see ``data/README.md``). A price P
in country A's currency corresponds to P x factor(B) / factor(A) in country
B's currency at equal purchasing power. A region's factor is the median of
its countries' factors, counting only countries whose own currency is the
region's currency (a factor in pesos says nothing about a USD price in
Mexico) and whose latest figure is in the currency they use today (a
redenomination after the latest year would make it wrong by orders of
magnitude).
"""

from __future__ import annotations

import csv
import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from babel.numbers import get_territory_currencies
from django.conf import settings

from apps.payment.money import minor_units, money_quantize

PPP_CSV = Path(settings.BASE_DIR) / "data" / "ppp-gdp.csv"

# Currencies whose shoppers expect whole prices ending in 9 (₹499, ¥1,990 style) rather than .99 cents.
WHOLE_NUMBER_CURRENCIES = {
    "INR", "PKR", "BDT", "LKR", "NPR", "IDR", "JPY", "KRW", "VND", "CLP", "COP", "HUF", "ISK",
    "TWD", "KZT", "NGN", "UGX", "TZS", "KES", "PHP", "THB", "RUB", "UAH", "ARS", "EGP", "CZK",
}  # fmt: skip


@dataclass(frozen=True)
class PPPFactor:
    country: str
    year: int
    factor: Decimal


def _today_currency(alpha2: str, when: datetime.date | None = None) -> str | None:
    currencies = get_territory_currencies(alpha2, start_date=when, end_date=when, tender=True)
    return currencies[0] if currencies else None


@cache
def ppp_factors() -> dict[str, PPPFactor]:
    """Each country's latest factor, dropped when that year's currency differs from today's."""
    latest: dict[str, PPPFactor] = {}
    with PPP_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code, year, value = row["Country ID"], int(row["Year"]), row["PPP"].strip()
            if not value or len(code) != 2:
                continue
            if code not in latest or year > latest[code].year:
                latest[code] = PPPFactor(code, year, Decimal(value))
    factors = {}
    for code, entry in latest.items():
        current = _today_currency(code)
        if current and current == _today_currency(code, datetime.date(entry.year, 7, 1)) and entry.factor > 0:
            factors[code] = entry
    return factors


def region_factor(*, currency_code: str, country_codes: Iterable[str]) -> Decimal | None:
    """The median factor of the region's countries that use its currency, or None when none qualifies."""
    factors = ppp_factors()
    values = [
        factors[code].factor
        for code in country_codes
        if code in factors and _today_currency(code) == currency_code
    ]
    if not values:
        return None
    return Decimal(statistics.median(values))


def charm_round(amount: Decimal, currency_code: str) -> Decimal:
    """A customary price point near ``amount``.

    Cents currencies: under 100 the whole part plus .99 (19.00 -> 19.99, 17.32 -> 17.99); from 100 the
    nearest whole number ending in 9 at the second significant digit (143.20 -> 139, 1,260 -> 1,299).
    Whole-number currencies and currencies without minor
    units skip the cents and end in 9, 99 or 999 by magnitude (₹487 -> ₹489, ¥12,340 -> ¥11,999).
    """
    amount = Decimal(amount)
    if amount <= 0:
        return money_quantize(Decimal(0), currency_code)
    whole_style = currency_code in WHOLE_NUMBER_CURRENCIES or minor_units(currency_code) == 0
    if not whole_style and amount < 100:
        cents = Decimal("0.99") if minor_units(currency_code) >= 2 else Decimal("0.9")
        return money_quantize(amount.to_integral_value(rounding=ROUND_FLOOR) + cents, currency_code)
    if amount < 10:
        return money_quantize(amount.to_integral_value(rounding=ROUND_CEILING), currency_code)
    digits = len(str(int(amount)))
    step = Decimal(10) ** max(1, digits - 2)
    rounded = (amount / step).to_integral_value(rounding=ROUND_HALF_UP) * step
    return money_quantize(max(rounded - 1, Decimal(9)), currency_code)


@dataclass(frozen=True)
class PriceSuggestion:
    region_id: int
    currency_code: str
    raw_amount: Decimal | None
    amount: Decimal | None  # charm-rounded; None when no PPP factor covers the region

    @property
    def is_available(self) -> bool:
        return self.amount is not None


def ppp_suggest(
    *,
    amount: Decimal,
    source_currency: str,
    source_countries: Iterable[str],
    targets: Iterable[tuple[int, str, Iterable[str]]],
) -> list[PriceSuggestion]:
    """Suggestions for ``targets`` (region id, currency, countries) from a price in the source region."""
    source = region_factor(currency_code=source_currency, country_codes=source_countries)
    suggestions = []
    for region_id, currency_code, countries in targets:
        target = region_factor(currency_code=currency_code, country_codes=countries)
        if source is None or target is None:
            suggestions.append(PriceSuggestion(region_id, currency_code, None, None))
            continue
        raw = money_quantize(Decimal(amount) * target / source, currency_code)
        suggestions.append(PriceSuggestion(region_id, currency_code, raw, charm_round(raw, currency_code)))
    return suggestions
