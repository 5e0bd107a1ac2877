"""Orders after checkout: paid (by a provider's event or by an admin for a manual payment),
cancelled, expired. "Paid" is one path whatever the provider: the lines take their stock and
start what they sell (a course enrollment through ``order_line_paid``, a download, a shipment or
a booking), all in the transaction that marks the order paid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audit_record, audit_record_many
from apps.member.models import OrgMember
from apps.member.roles import role_at_least
from apps.member.selectors import member_for_user
from apps.org.selectors import tenant_connection
from apps.payment.events import order_line_paid, order_lines_paid
from apps.payment.models import (
    OrgCart,
    OrgCommerceEvent,
    OrgOrder,
    OrgOrderBooking,
    OrgOrderDownload,
    OrgOrderLine,
    OrgOrderShipment,
    OrgPayment,
)
from apps.payment.models.orders import Provider
from apps.product.models import OrgProduct, OrgProductDigital, OrgProductPhysical
from volmify.actors import Actor, SystemActor, actor_check
from volmify.tasks import enqueue_on_commit

Verb = OrgAuditEntry.Verb
Status = OrgOrder.Status
PAID_STATUSES = frozenset({Status.PAID, Status.PARTIALLY_REFUNDED, Status.REFUNDED, Status.DISPUTED})
ProductType = OrgProduct.ProductType


@dataclass(frozen=True)
class PaidResult:
    order: OrgOrder
    newly_paid: bool  # False when the order was paid already (a repeated event)
    paid_after_cancel: bool = False  # money arrived for a cancelled order: it must go back


def admin_check(actor: Actor) -> None:
    """Refuse anyone but an org admin or owner, or a system actor."""
    actor_check(actor)
    if isinstance(actor, SystemActor):
        return
    member = member_for_user(actor)
    if member is None or not role_at_least(member.role, OrgMember.Role.ADMIN):
        raise PermissionDenied


@transaction.atomic
def order_mark_paid(
    *, actor: Actor, order: OrgOrder, amount: Decimal, reference: str = "", payment_intent: str = ""
) -> PaidResult:
    """Record that ``amount`` was collected for ``order`` and deliver what it sells; a repeat does
    nothing. An amount that is not the order's total is refused (nothing changes)."""
    admin_check(actor)
    order = OrgOrder.objects.select_for_update().get(pk=order.pk)
    if not isinstance(actor, SystemActor) and order.provider != Provider.MANUAL:
        raise ValidationError(_("A card payment is confirmed by Stripe, not by hand."))
    if amount != order.total:
        raise ValidationError(
            _("%(amount)s was paid for an order of %(total)s.") % {"amount": amount, "total": order.total}
        )
    if order.status in PAID_STATUSES:
        return PaidResult(order=order, newly_paid=False)
    if order.status == Status.CANCELLED and order.provider == Provider.MANUAL:
        raise ValidationError(_("This order was cancelled; place a new one instead."))
    payment = _payment_succeeded(order, reference=reference, payment_intent=payment_intent)
    if order.status == Status.CANCELLED:
        order.notice = _("Payment arrived after this order was cancelled, so it is being refunded.")
        order.save(update_fields=["notice"])
        return PaidResult(order=order, newly_paid=False, paid_after_cancel=payment is not None)
    order.status, order.paid_at, order.expires_at = Status.PAID, timezone.now(), None
    order.save(update_fields=["status", "paid_at", "expires_at"])
    lines = list(order.lines.select_related("product"))
    for line in lines:
        _line_deliver(actor, order, line)
    OrgCommerceEvent.objects.bulk_create(
        OrgCommerceEvent(
            kind=OrgCommerceEvent.Kind.LINE_PAID,
            order=order,
            line=line,
            amount=line.total,
            currency=order.currency,
        )
        for line in lines
    )
    if order.cart_token is not None:
        OrgCart.objects.filter(token=order.cart_token).delete()
    audit_record(
        actor=actor, verb=Verb.PAY, target=order, after={"status": order.status}, label=f"#{order.number}"
    )
    from apps.payment.tasks import order_receipt_send  # the task module imports these services

    enqueue_on_commit(order_receipt_send, schema_name=tenant_connection().schema_name, order_id=order.pk)
    return PaidResult(order=order, newly_paid=True)


@dataclass(frozen=True)
class Collected:
    """A provider collected ``amount`` for ``order`` (its session ``reference``, its intent)."""

    order: OrgOrder
    amount: Decimal
    reference: str
    payment_intent: str


@transaction.atomic
def orders_mark_paid_many(*, actor: SystemActor, collected: Sequence[Collected]) -> None:
    """``order_mark_paid`` for many card orders awaiting payment, in a few statements whatever their
    number: the same payments, lines, deliveries, events, audit entries and receipts. The caller
    locked the orders (``select_for_update``, with their member); each must be awaiting a card
    payment of its total, once in ``collected``, else ValueError and nothing changes. The other
    cases (a repeat, a cancelled order, a wrong amount) go through ``order_mark_paid``."""
    actor_check(actor)
    if not isinstance(actor, SystemActor):
        raise PermissionDenied
    by_order = {item.order.pk: item for item in collected}
    if len(by_order) != len(collected) or any(
        item.order.status != Status.AWAITING_PAYMENT
        or item.order.provider == Provider.MANUAL
        or item.amount != item.order.total
        for item in collected
    ):
        raise ValueError("only distinct card orders awaiting a payment of their total")
    if not collected:
        return
    now = timezone.now()
    _payments_succeeded(by_order, now)
    OrgOrder.objects.filter(pk__in=by_order).update(status=Status.PAID, paid_at=now, expires_at=None)
    for item in collected:
        item.order.status, item.order.paid_at, item.order.expires_at = Status.PAID, now, None
    lines = list(OrgOrderLine.objects.filter(order_id__in=by_order).select_related("product").order_by("pk"))
    _lines_deliver(lines)
    paid = [(line, by_order[line.order_id].order) for line in lines]
    order_lines_paid.send(sender=OrgOrderLine, lines=paid, actor=actor)
    OrgCommerceEvent.objects.bulk_create(
        OrgCommerceEvent(
            kind=OrgCommerceEvent.Kind.LINE_PAID,
            order=order,
            line=line,
            amount=line.total,
            currency=order.currency,
        )
        for line, order in paid
    )
    tokens = [item.order.cart_token for item in collected if item.order.cart_token is not None]
    if tokens:
        OrgCart.objects.filter(token__in=tokens).delete()
    audit_record_many(
        actor=actor,
        verb=Verb.PAY,
        records=((item.order, {"status": Status.PAID}, f"#{item.order.number}") for item in collected),
    )
    from apps.payment.tasks import order_receipts_send  # the task module imports these services

    enqueue_on_commit(
        order_receipts_send, schema_name=tenant_connection().schema_name, order_ids=sorted(by_order)
    )


def _payments_succeeded(by_order: Mapping[int, Collected], now: datetime) -> None:
    """As ``_payment_succeeded`` for each order: its payment of the session, else a pending one."""
    payments = list(OrgPayment.objects.select_for_update().filter(order_id__in=by_order).order_by("pk"))
    chosen: dict[int, OrgPayment] = {}
    for payment in payments:
        reference = by_order[payment.order_id].reference
        if reference and payment.reference == reference and payment.order_id not in chosen:
            chosen[payment.order_id] = payment
    for payment in payments:
        if payment.order_id not in chosen and payment.status == OrgPayment.Status.PENDING:
            chosen[payment.order_id] = payment
    for order_id, payment in chosen.items():
        payment.status = OrgPayment.Status.SUCCEEDED
        payment.payment_intent = by_order[order_id].payment_intent or payment.payment_intent
        payment.updated_at = now
    OrgPayment.objects.bulk_update(list(chosen.values()), ["status", "payment_intent", "updated_at"])


def _lines_deliver(lines: Sequence[OrgOrderLine]) -> None:
    """As ``_line_deliver`` for many lines (without the event: the caller sends it for all)."""
    taken: dict[int, int] = {}
    for line in lines:
        line.access = OrgOrderLine.Access.ACTIVE
        if line.stock == OrgOrderLine.Stock.RESERVED:
            taken[line.product_id] = taken.get(line.product_id, 0) + line.quantity
            line.stock = OrgOrderLine.Stock.TAKEN
    OrgOrderLine.objects.bulk_update(list(lines), ["access", "stock"])
    for product_id, quantity in sorted(taken.items()):  # in id order: two batches never deadlock
        OrgProductPhysical.objects.filter(product_id=product_id).update(
            stock_count=F("stock_count") - quantity
        )
    digital = [line for line in lines if line.product_type == ProductType.DIGITAL]
    limits = dict(
        OrgProductDigital.objects.filter(product_id__in={line.product_id for line in digital}).values_list(
            "product_id", "download_limit"
        )
        if digital
        else []
    )
    OrgOrderDownload.objects.bulk_create(
        OrgOrderDownload(line=line, product_id=line.product_id, download_limit=limits.get(line.product_id))
        for line in digital
    )
    OrgOrderShipment.objects.bulk_create(
        OrgOrderShipment(line=line) for line in lines if line.product_type == ProductType.PHYSICAL
    )
    OrgOrderBooking.objects.bulk_create(
        OrgOrderBooking(line=line) for line in lines if line.product_type == ProductType.SERVICE
    )


def _payment_succeeded(order: OrgOrder, *, reference: str, payment_intent: str) -> OrgPayment | None:
    payments = order.payments.select_for_update()
    payment = payments.filter(reference=reference).first() if reference else None
    payment = payment or payments.filter(status=OrgPayment.Status.PENDING).first()
    if payment is None:
        return None
    payment.status = OrgPayment.Status.SUCCEEDED
    payment.payment_intent = payment_intent or payment.payment_intent
    payment.save(update_fields=["status", "payment_intent", "updated_at"])
    return payment


def _line_deliver(actor: Actor, order: OrgOrder, line: OrgOrderLine) -> None:
    line.access = OrgOrderLine.Access.ACTIVE
    fields = ["access"]
    if line.stock == OrgOrderLine.Stock.RESERVED:
        # the reservation held this stock: it leaves the count now (never below zero: a constraint)
        OrgProductPhysical.objects.filter(product_id=line.product_id).update(
            stock_count=F("stock_count") - line.quantity
        )
        line.stock = OrgOrderLine.Stock.TAKEN
        fields.append("stock")
    line.save(update_fields=fields)
    if line.product_type == ProductType.DIGITAL:
        digital = OrgProductDigital.objects.filter(product_id=line.product_id).first()
        OrgOrderDownload.objects.create(
            line=line, product_id=line.product_id, download_limit=digital.download_limit if digital else None
        )
    elif line.product_type == ProductType.PHYSICAL:
        OrgOrderShipment.objects.create(line=line)
    elif line.product_type == ProductType.SERVICE:
        OrgOrderBooking.objects.create(line=line)
    order_line_paid.send(sender=OrgOrderLine, line=line, order=order, actor=actor)


@transaction.atomic
def order_cancel(*, actor: Actor, order: OrgOrder, reason: str) -> OrgOrder:
    """Cancel an order that is not paid: its stock goes back and its payment attempt ends. A paid
    order is refunded instead (``apps.payment.services.refunds``); cancelling twice changes nothing."""
    actor_check(actor)
    order = OrgOrder.objects.select_for_update().get(pk=order.pk)
    if order.status == Status.CANCELLED:
        return order
    if order.status != Status.AWAITING_PAYMENT:
        raise ValidationError(_("Only an order awaiting payment can be cancelled; refund a paid one."))
    open_sessions = list(
        order.payments.filter(status=OrgPayment.Status.PENDING, provider=Provider.STRIPE)
        .exclude(reference="")
        .values_list("pk", flat=True)
    )
    for payment_id in open_sessions:  # the payment page must stop taking money for this order
        from apps.payment.tasks import checkout_session_end  # the task module imports these services

        enqueue_on_commit(
            checkout_session_end, schema_name=tenant_connection().schema_name, payment_id=payment_id
        )
    order.lines.filter(stock=OrgOrderLine.Stock.RESERVED).update(stock=OrgOrderLine.Stock.RELEASED)
    order.payments.filter(status=OrgPayment.Status.PENDING).update(
        status=OrgPayment.Status.CANCELLED, updated_at=timezone.now()
    )
    order.status, order.cancelled_at, order.notice = Status.CANCELLED, timezone.now(), reason
    order.save(update_fields=["status", "cancelled_at", "notice"])
    audit_record(
        actor=actor, verb=Verb.CANCEL, target=order, after={"status": order.status}, label=f"#{order.number}"
    )
    return order


def order_buyer_cancel(*, actor: Actor, order: OrgOrder) -> OrgOrder:
    """The buyer abandons their own unpaid order (back from the payment page without paying)."""
    actor_check(actor)
    if isinstance(actor, SystemActor) or order.member.user_id != actor.pk:
        raise PermissionDenied
    return order_cancel(actor=actor, order=order, reason=_("Cancelled by the buyer before paying."))


def order_expire_if_unpaid(*, actor: SystemActor, order: OrgOrder) -> bool:
    """Cancel a card order whose hold ran out unpaid (its stock goes back); True when it did."""
    if (
        order.status != Status.AWAITING_PAYMENT
        or order.expires_at is None
        or order.expires_at > timezone.now()
    ):
        return False
    order_cancel(actor=actor, order=order, reason=_("Not paid in time; the order was cancelled."))
    return True
