"""Reads of orders for the buyer: their own orders only, resolved with one 404 for "no such order"
and "not yours"."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from apps.locale_region.fallback import attach_translations
from apps.member.models import OrgMember
from apps.payment.models import OrgManualPaymentMethod, OrgOrder, OrgOrderDownload, OrgOrderLine


def _with_lines(orders: QuerySet[OrgOrder]) -> QuerySet[OrgOrder]:
    lines = OrgOrderLine.objects.select_related("download", "shipment", "booking").order_by("id")
    return orders.select_related("region").prefetch_related(Prefetch("lines", queryset=lines), "refunds")


def buyer_order_list(*, member: OrgMember | None) -> QuerySet[OrgOrder]:
    """The member's orders, newest first, with their lines and what they deliver (3 queries)."""
    if member is None:
        return OrgOrder.objects.none()
    return _with_lines(OrgOrder.objects.filter(member=member).exclude(status=OrgOrder.Status.DRAFT)).order_by(
        "-created_at", "-id"
    )


def buyer_order_get(*, member: OrgMember | None, number: str) -> OrgOrder:
    order = buyer_order_list(member=member).filter(number=str(number)).first()
    if order is None:
        raise Http404
    return order


def buyer_order_status(*, member: OrgMember | None, number: str) -> OrgOrder:
    """Just the order's status (the success page asks every few seconds)."""
    if member is None:
        raise Http404
    order = (
        OrgOrder.objects.filter(member=member, number=str(number)).only("status", "number", "notice").first()
    )
    if order is None:
        raise Http404
    return order


def manual_instructions(*, region_id: int, chain: Sequence[str]) -> str:
    """The bank-transfer instructions of the region in the buyer's language ("" when it is off)."""
    method = (
        OrgManualPaymentMethod.objects.filter(region_id=region_id, is_enabled=True)
        .prefetch_related("translations")
        .first()
    )
    if method is None:
        return ""
    attach_translations([method], chain)
    return getattr(method.tr, "instructions", "") if method.tr else ""


def buyer_download_get(*, member: OrgMember | None, download_id: int) -> OrgOrderDownload:
    """The member's own download with its product file (404 for anyone else's)."""
    download = (
        OrgOrderDownload.objects.select_related("line__order", "product__digital")
        .filter(pk=download_id, line__order__member=member)
        .first()
        if member is not None
        else None
    )
    if download is None:
        raise Http404
    return download


def member_bought_product(*, member: OrgMember, product_id: int) -> bool:
    """Whether the member holds an active paid line of the product (one query)."""
    return OrgOrderLine.objects.filter(
        order__member=member, product_id=product_id, access=OrgOrderLine.Access.ACTIVE
    ).exists()
