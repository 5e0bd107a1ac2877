"""Orders after checkout: paid (by a provider's event or by an admin for a manual payment),
cancelled, expired. "Paid" is one path whatever the provider: the lines take their stock and
start what they sell (a course enrollment through ``order_line_paid``, a download, a shipment or
a booking), all in the transaction that marks the order paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audit_record
from apps.member.models import OrgMember
from apps.member.roles import role_at_least
from apps.member.selectors import member_for_user
from apps.org.selectors import tenant_connection
from apps.payment.events import order_line_paid
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
