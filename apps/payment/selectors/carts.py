"""Reads of carts: the cart a visitor holds and the cart as checkout prices it now."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from django.db import connection
from django.utils.translation import gettext as _

from apps.member.models import OrgMember
from apps.payment.models import OrgCart, OrgCartLine
from apps.payment.money import money_quantize
from apps.payment.selectors.offers import Offer, ProductType, offers_for_plans


def cart_by_token(*, token: UUID | str | None) -> OrgCart | None:
    """The cart a browser's cookie names, or None (a malformed token is the same as none)."""
    if not token:
        return None
    try:
        token = UUID(str(token))
    except ValueError:
        return None
    return OrgCart.objects.select_related("region__currency").filter(token=token).first()


def cart_for_member(*, member: OrgMember, region_id: int) -> OrgCart | None:
    return (
        OrgCart.objects.select_related("region__currency")
        .filter(member=member, region_id=region_id)
        .order_by("-updated_at")
        .first()
    )


@dataclass(frozen=True)
class CartVersion:
    """Which cart, and as of which change: every change to its lines moves ``updated_at``."""

    cart_id: int
    token: UUID
    updated_at: datetime


def cart_version_for_member(*, member: OrgMember, region_id: int) -> CartVersion | None:
    """The version of the cart ``cart_for_member`` returns, read without loading the cart: what the
    cached checkout page is keyed by, on every visit to it, so the statement is written out rather
    than compiled by the ORM each time (one indexed row)."""
    with connection.cursor() as cursor:
        cursor.execute(_CART_VERSION_SQL, [member.pk, int(region_id)])
        row = cursor.fetchone()
    return CartVersion(*row) if row is not None else None


_CART_VERSION_SQL = (
    f"SELECT id, token, updated_at FROM {OrgCart._meta.db_table}"
    " WHERE member_id = %s AND region_id = %s ORDER BY updated_at DESC LIMIT 1"
)


def cart_line_count(*, cart: OrgCart | None) -> int:
    """How many items the cart badge shows."""
    if cart is None:
        return 0
    return sum(cart.lines.values_list("quantity", flat=True))


@dataclass(frozen=True)
class ReviewedLine:
    line: OrgCartLine
    offer: Offer | None

    @property
    def problem(self) -> str:
        """Why this line cannot be bought as it is ("" when it can)."""
        offer = self.offer
        if offer is None:
            return _("This item is no longer sold.")
        if not offer.is_purchasable:
            return _("%(product)s: %(reason)s") % {"product": offer.product_name, "reason": offer.refusal}
        if offer.is_stocked and self.line.quantity > offer.max_quantity:
            return _("Only %(count)d of %(product)s left in stock.") % {
                "count": offer.max_quantity,
                "product": offer.product_name,
            }
        return ""

    @property
    def unit_amount(self) -> Decimal:
        if self.offer is not None and self.offer.unit_amount is not None:
            return self.offer.unit_amount
        return self.line.seen_unit_amount

    @property
    def total(self) -> Decimal:
        return self.unit_amount * self.line.quantity

    @property
    def price_changed(self) -> bool:
        return self.unit_amount != self.line.seen_unit_amount


@dataclass(frozen=True)
class CartReview:
    """The cart priced now: lines with today's offers, what changed, and whether checkout can go on."""

    cart: OrgCart
    lines: list[ReviewedLine] = field(default_factory=list)

    @property
    def currency(self) -> str:
        return self.cart.currency

    @property
    def subtotal(self) -> Decimal:
        return money_quantize(sum((line.total for line in self.lines), Decimal(0)), self.currency)

    @property
    def item_count(self) -> int:
        return sum(line.line.quantity for line in self.lines)

    @property
    def offers(self) -> dict[int, Offer]:
        return {line.line.plan_id: line.offer for line in self.lines if line.offer is not None}

    @property
    def requires_shipping(self) -> bool:
        return any(line.offer and line.offer.product_type == ProductType.PHYSICAL for line in self.lines)

    @property
    def changed_lines(self) -> list[ReviewedLine]:
        return [line for line in self.lines if line.price_changed]

    @property
    def problems(self) -> list[str]:
        """What stops checkout, one message per line."""
        return [line.problem for line in self.lines if line.problem]


def cart_review(*, cart: OrgCart, chain: Sequence[str]) -> CartReview:
    """The cart's lines priced in its region today (two queries, three with a physical good)."""
    lines = list(cart.lines.order_by("added_at", "id"))
    offers = offers_for_plans(plan_ids=[line.plan_id for line in lines], region=cart.region, chain=chain)
    return CartReview(
        cart=cart, lines=[ReviewedLine(line=line, offer=offers.get(line.plan_id)) for line in lines]
    )
