"""Reads of orders for the org's console: the filtered list (and its CSV export), one order with
everything that happened to it, and the sales summary. Each read's queries are fixed here, whatever
the number of orders or lines."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, cast

from django.db.models import Aggregate, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from apps.payment.models import (
    OrgDispute,
    OrgManualPaymentMethod,
    OrgOrder,
    OrgOrderBooking,
    OrgOrderLine,
    OrgOrderShipment,
    OrgPayment,
    OrgRefund,
)
from apps.payment.services.orders import PAID_STATUSES
from volmify.forms import MAX_ID

SUMMARY_WINDOWS = (7, 30, 90)
NUMBER_MAX_LENGTH = OrgOrder._meta.get_field("number").max_length or 20


@dataclass(frozen=True)
class OrderFilters:
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None
    product_id: int | None = None
    region_id: int | None = None
    search: str = ""


def order_list(*, filters: OrderFilters) -> QuerySet[OrgOrder]:
    """The org's orders matching ``filters``, newest first, with their region and line count (one
    query a page, plus the count)."""
    orders = OrgOrder.objects.select_related("region").annotate(line_count=Count("lines"))
    if filters.status:
        orders = orders.filter(status=filters.status)
    if filters.date_from is not None:
        orders = orders.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to is not None:
        orders = orders.filter(created_at__lt=_day_start(filters.date_to + timedelta(days=1)))
    if filters.product_id is not None:
        lines = OrgOrderLine.objects.filter(order=OuterRef("pk"), product_id=filters.product_id)
        orders = orders.filter(Exists(lines))
    if filters.region_id is not None:
        orders = orders.filter(region_id=filters.region_id)
    search = filters.search.strip()
    if search:
        orders = orders.filter(Q(number=search.lstrip("#")) | Q(email__icontains=search))
    return orders.order_by("-created_at", "-id")


def _day_start(day: date) -> datetime:
    """Midnight of ``day`` in the active time zone (the dates an admin types are local dates)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def order_export_rows(*, filters: OrderFilters, chunk_size: int = 500) -> Iterator[OrgOrder]:
    """Every order matching ``filters`` with its lines, streamed in chunks (one query for the
    orders and one for the lines of each chunk), for the CSV export."""
    orders = order_list(filters=filters).prefetch_related(
        Prefetch("lines", queryset=OrgOrderLine.objects.order_by("id"))
    )
    return orders.iterator(chunk_size=chunk_size)


def order_get_for_console(*, number: str) -> OrgOrder:
    """One order by its number, with its lines (and what each delivers), payments, refunds and
    disputes, its buyer and region; the same 404 for a number that does not exist and one that is
    another org's (another schema: it cannot be found here)."""
    number = number.strip().lstrip("#")
    if (
        not number
        or len(number) > NUMBER_MAX_LENGTH
        or not number.isascii()
        or not number.replace("-", "").isalnum()
    ):
        raise Http404  # no order has it (and a NUL byte never reaches PostgreSQL)
    lines = OrgOrderLine.objects.select_related("download", "shipment", "booking").order_by("id")
    orders = OrgOrder.objects.select_related(
        "region", "region__default_locale__locale", "member__user"
    ).prefetch_related(
        Prefetch("lines", queryset=lines),
        Prefetch("payments", queryset=OrgPayment.objects.order_by("created_at", "id")),
        Prefetch("refunds", queryset=OrgRefund.objects.select_related("line").order_by("created_at", "id")),
        Prefetch("disputes", queryset=OrgDispute.objects.order_by("created_at", "id")),
    )
    order = orders.filter(number=number).first()
    if order is None:
        raise Http404
    return order


def order_shipment_get(*, order: OrgOrder, shipment_id: int) -> OrgOrderShipment:
    """A shipment of ``order``'s lines, or 404."""
    shipment = (
        OrgOrderShipment.objects.filter(pk=shipment_id, line__order=order).first()
        if shipment_id <= MAX_ID
        else None
    )
    if shipment is None:
        raise Http404
    return shipment


def order_booking_get(*, order: OrgOrder, booking_id: int) -> OrgOrderBooking:
    """A booking of ``order``'s lines, or 404."""
    booking = (
        OrgOrderBooking.objects.filter(pk=booking_id, line__order=order).first()
        if booking_id <= MAX_ID
        else None
    )
    if booking is None:
        raise Http404
    return booking


@dataclass(frozen=True)
class SalesFigure:
    orders: int
    revenue: Decimal  # what was paid
    refunded: Decimal


@dataclass(frozen=True)
class CurrencySales:
    currency: str
    by_window: dict[int, SalesFigure] = field(default_factory=dict)


def sales_summary(*, now: datetime | None = None) -> list[CurrencySales]:
    """Paid orders and their revenue in the last 7, 30 and 90 days, one row per currency (money in
    two currencies is never added up), in one query. An order counts by when it was paid, whatever
    happened to it since (its refunds show beside it)."""
    now = now or timezone.now()
    aggregates: dict[str, Aggregate] = {}
    for days in SUMMARY_WINDOWS:
        since = Q(paid_at__gte=now - timedelta(days=days))
        aggregates[f"orders_{days}"] = Count("id", filter=since)
        aggregates[f"revenue_{days}"] = Sum("total", filter=since)
        aggregates[f"refunded_{days}"] = Sum("amount_refunded", filter=since)
    rows = (
        OrgOrder.objects.filter(
            status__in=PAID_STATUSES, paid_at__gte=now - timedelta(days=max(SUMMARY_WINDOWS))
        )
        .values("currency")
        .annotate(**aggregates)
        .order_by("currency")
    )
    return [_currency_sales(cast(dict[str, Any], row)) for row in rows]


def _currency_sales(row: dict[str, Any]) -> CurrencySales:
    return CurrencySales(
        currency=row["currency"],
        by_window={
            days: SalesFigure(
                orders=row[f"orders_{days}"],
                revenue=row[f"revenue_{days}"] or Decimal(0),
                refunded=row[f"refunded_{days}"] or Decimal(0),
            )
            for days in SUMMARY_WINDOWS
        },
    )


def order_product_choices() -> list[tuple[int, str]]:
    """Products that appear on the org's orders (as sold: the name on the line), for the filter."""
    rows = OrgOrderLine.objects.values_list("product_id", "product_name").order_by(
        "product_name", "product_id"
    )
    seen: dict[int, str] = {}
    for product_id, name in rows.distinct():
        seen.setdefault(product_id, name)
    return sorted(seen.items(), key=lambda item: item[1].lower())


def manual_payment_for_regions(*, region_ids: list[int]) -> dict[int, OrgManualPaymentMethod]:
    """Region id → its manual payment method, with its translations (two queries)."""
    methods = OrgManualPaymentMethod.objects.filter(region_id__in=region_ids).prefetch_related("translations")
    return {method.region_id: method for method in methods}
