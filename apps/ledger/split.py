"""How a line's money is divided: the one function every posting uses (sales, refunds, lost
disputes), so what a refund takes back is exactly what the sale gave.

A line's **basis** is its amount net of tax, discounts (its price is already the discounted one),
the platform's application fee and the payment provider's fee when known. A creator earns, on
their terms at the moment of sale: basis x percent / 100 x contribution share (revenue share and
hybrid) plus the fixed amount per sale in the line's currency x quantity (fixed and hybrid); never
more than the basis, and nothing on terms that were not active. When fixed amounts together pass
the basis, the basis is divided between the creators in proportion to what they would have had.
The org keeps the rest. Every part is rounded to the currency by the largest-remainder method
(``money_allocate``), so the parts sum exactly to the amount divided and none is negative.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from apps.instructor.terms import CompensationKind, CreatorTerm
from apps.ledger.models import Account
from apps.payment.money import minor_units, money_allocate

SHARE_KINDS = frozenset({CompensationKind.REVENUE_SHARE, CompensationKind.HYBRID})
FIXED_KINDS = frozenset({CompensationKind.FIXED, CompensationKind.HYBRID})


@dataclass(frozen=True)
class LineFacts:
    """What a line's division is computed from, as sold: its amount and the deductions on it."""

    line_id: int
    product_id: int
    currency: str
    quantity: int
    amount: Decimal  # the line's total as paid
    platform_fee: Decimal = Decimal(0)  # the line's part of the order's application fee
    tax: Decimal = Decimal(0)
    provider_fee: Decimal = Decimal(0)


@dataclass(frozen=True)
class Split:
    """A line's amount divided; ``creators`` maps profile ids to their amounts."""

    currency: str
    amount: Decimal
    platform_fee: Decimal
    tax: Decimal
    provider_fee: Decimal
    org_revenue: Decimal
    creators: dict[int, Decimal] = field(default_factory=dict)

    def entries(self) -> list[tuple[str, int | None, Decimal]]:
        """(account, profile id, amount) with credits positive, the clearing account taking the
        money collected; zero amounts left out. They sum to zero."""
        rows: list[tuple[str, int | None, Decimal]] = [
            (Account.CLEARING, None, -self.amount),
            (Account.PLATFORM_FEE, None, self.platform_fee),
            (Account.TAX, None, self.tax),
            (Account.PROVIDER_FEE, None, self.provider_fee),
            (Account.ORG_REVENUE, None, self.org_revenue),
        ]
        creators = sorted(self.creators.items())
        rows += [(Account.CREATOR_PAYABLE, profile, amount) for profile, amount in creators]
        return [row for row in rows if row[2] != 0]


def _step(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def _prorated(part: Decimal, amount_now: Decimal, amount: Decimal, step: Decimal) -> Decimal:
    """``part`` of ``amount`` scaled to what is left of it (``amount_now``), rounded to the currency."""
    if amount_now == amount or part == 0:
        return part
    if amount == 0:
        return Decimal(0).quantize(step)
    return (part * amount_now / amount).quantize(step, rounding=ROUND_HALF_UP)


Rate = tuple[int, Decimal, Decimal]  # profile id, share of the basis, fixed amount per unit


def creator_rates(terms: Iterable[CreatorTerm], currency: str) -> tuple[Rate, ...]:
    """Each active creator's terms reduced to what a line in ``currency`` needs: the share of the
    basis (percent / 100 x contribution share) and the fixed amount per unit sold. Computed once
    per product and moment of sale, not per line."""
    rates = []
    for term in terms:
        if not term.is_active:
            continue
        share = term.percent / 100 * term.contribution_share if term.kind in SHARE_KINDS else Decimal(0)
        fixed = term.fixed_per_sale.get(currency, Decimal(0)) if term.kind in FIXED_KINDS else Decimal(0)
        if share > 0 or fixed > 0:
            rates.append((term.profile_id, share, fixed))
    return tuple(rates)


def line_split(
    line: LineFacts,
    terms: Sequence[CreatorTerm],
    *,
    amount_now: Decimal | None = None,
    rates: tuple[Rate, ...] | None = None,
) -> Split:
    """``line`` divided between the platform, tax, the provider, its creators and the org, on
    ``amount_now`` of its amount (what is left after refunds; the whole line when omitted). The
    deductions shrink in proportion, so a line refunded in full divides nothing. ``rates`` are
    ``creator_rates(terms, line.currency)`` when the caller has them already."""
    step = _step(line.currency)
    if amount_now is None or amount_now == line.amount:
        now, fee, tax, provider_fee = line.amount, line.platform_fee, line.tax, line.provider_fee
    else:
        now = amount_now
        fee = _prorated(line.platform_fee, now, line.amount, step)
        tax = _prorated(line.tax, now, line.amount, step)
        provider_fee = _prorated(line.provider_fee, now, line.amount, step)
    basis = max(now - fee - tax - provider_fee, Decimal(0))
    if rates is None:
        rates = creator_rates(terms, line.currency)
    creators = _creators_divide(rates, basis=basis, currency=line.currency, quantity=line.quantity)
    return Split(
        currency=line.currency,
        amount=now,
        platform_fee=fee,
        tax=tax,
        provider_fee=provider_fee,
        org_revenue=(basis - sum(creators.values(), Decimal(0))).quantize(step),
        creators=creators,
    )


def _creators_divide(
    rates: tuple[Rate, ...], *, basis: Decimal, currency: str, quantity: int
) -> dict[int, Decimal]:
    """The creators' parts of ``basis``: each claims basis x share + fixed x quantity; together they
    get at most the basis (in proportion to their claims when these pass it)."""
    if not rates or basis <= 0:
        return {}
    claims: dict[int, Decimal] = {}
    for profile_id, share, fixed in rates:
        claims[profile_id] = claims.get(profile_id, Decimal(0)) + basis * share + fixed * quantity
    profiles = sorted(claims)
    weights = [claims[profile] for profile in profiles]
    claimed = sum(weights, Decimal(0))
    if claimed < basis:
        weights.append(basis - claimed)  # the org's part takes part in the rounding
    parts = money_allocate(basis, weights, currency)
    return {profile: part for profile, part in zip(profiles, parts, strict=False) if part != 0}


@dataclass(frozen=True)
class UnitRates:
    """``creator_rates`` of one currency in whole numbers, for ``sale_entries``: each creator's
    share of the basis as a numerator over ``scale`` and fixed amount per unit sold in the
    currency's smallest units, one row per creator (profile ids ascending)."""

    places: int
    scale: int
    creators: tuple[tuple[int, int, int], ...]


def unit_rates(rates: tuple[Rate, ...], currency: str) -> UnitRates | None:
    """``rates`` as whole numbers; None when a fixed amount is finer than the currency (the
    Decimal path then divides the line)."""
    places = minor_units(currency)
    digits = max([0, *(-int(share.as_tuple().exponent) for _p, share, _f in rates)])
    scale = 10**digits
    merged: dict[int, list[int]] = {}
    for profile_id, share, fixed in rates:
        fixed_units = fixed.scaleb(places)
        if fixed_units != fixed_units.to_integral_value():
            return None
        row = merged.setdefault(profile_id, [0, 0])
        row[0] += int(share.scaleb(digits))
        row[1] += int(fixed_units)
    return UnitRates(places, scale, tuple((p, n, f) for p, (n, f) in sorted(merged.items())))


def _units(amount: Decimal, places: int) -> int | None:
    units = amount.scaleb(places)
    return int(units) if units == units.to_integral_value() else None


def _text(units: int, places: int) -> str:
    if places == 0:
        return str(units)
    whole, part = divmod(abs(units), 10**places)
    return f"{'-' if units < 0 else ''}{whole}.{part:0{places}d}"


def sale_entries(line: LineFacts, rates: UnitRates) -> list[tuple[str, int | None, str]] | None:
    """``line_split(line, ..., rates=...).entries()`` of a whole line (a sale), computed in whole
    numbers of the currency's smallest unit with amounts as text: the same division, by the same
    largest-remainder rule (``money_allocate``), several times faster, for posting batches of
    sales. None when an amount is finer than the currency (the caller then uses ``line_split``)."""
    places = rates.places
    amount, fee = _units(line.amount, places), _units(line.platform_fee, places)
    tax, provider_fee = _units(line.tax, places), _units(line.provider_fee, places)
    if amount is None or fee is None or tax is None or provider_fee is None:
        return None
    basis = max(amount - fee - tax - provider_fee, 0)
    creators: list[tuple[int, int]] = []
    if rates.creators and basis > 0:
        scale, quantity = rates.scale, line.quantity
        weights = [basis * share + fixed * quantity * scale for _p, share, fixed in rates.creators]
        claimed = sum(weights)
        if claimed < basis * scale:
            weights.append(basis * scale - claimed)  # the org's part takes part in the rounding
        parts = _allocate(basis, weights)
        creators = [(p, part) for (p, _s, _f), part in zip(rates.creators, parts, strict=False) if part]
    org_revenue = basis - sum(part for _p, part in creators)
    rows: list[tuple[str, int | None, int]] = [
        (Account.CLEARING, None, -amount),
        (Account.PLATFORM_FEE, None, fee),
        (Account.TAX, None, tax),
        (Account.PROVIDER_FEE, None, provider_fee),
        (Account.ORG_REVENUE, None, org_revenue),
    ]
    rows += [(Account.CREATOR_PAYABLE, profile, part) for profile, part in creators]
    return [(account, profile, _text(units, places)) for account, profile, units in rows if units]


def _allocate(units: int, weights: list[int]) -> list[int]:
    """``money_allocate`` in whole numbers: ``units`` split in proportion to ``weights``, the units
    left after rounding down going to the largest remainders (the earlier part on a tie)."""
    total = sum(weights)
    if total <= 0 or units == 0:
        return [0] * len(weights)
    floors, remainders = [], []
    for weight in weights:
        floor, remainder = divmod(units * weight, total)
        floors.append(floor)
        remainders.append(remainder)
    left = units - sum(floors)
    if left:
        for index in sorted(range(len(weights)), key=lambda i: (-remainders[i], i))[:left]:
            floors[index] += 1
    return floors
