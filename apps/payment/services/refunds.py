"""Refunds and disputes: money going back to the buyer, and what the order's lines still grant.

A refund is requested by an admin (``refund_request``), sent to the provider when the order was
paid by card (``refund_submit``, outside the database transaction) and applied once it succeeded
(``refund_apply``); a refund made in the provider's own dashboard arrives as an event and is
converged on (``refund_converge``: the provider's cumulative refunded amount is the truth). A full
refund revokes what a line granted; a partial one revokes only when the admin chose so. A dispute
suspends access, a won one restores it, a lost one revokes it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.org.selectors import current_org, stripe_account_for_org, tenant_connection
from apps.payment import stripe_api
from apps.payment.events import order_line_access_changed
from apps.payment.minor_units import to_minor
from apps.payment.models import (
    OrgCommerceEvent,
    OrgDispute,
    OrgOrder,
    OrgOrderBooking,
    OrgOrderLine,
    OrgPayment,
    OrgRefund,
)
from apps.payment.models.orders import Provider
from apps.payment.money import minor_units, money_allocate
from apps.payment.services.checkout import idempotency_key
from apps.payment.services.orders import PAID_STATUSES, Status, Verb, admin_check
from volmify.actors import Actor, actor_check
from volmify.tasks import enqueue_on_commit

Access = OrgOrderLine.Access
Kind = OrgCommerceEvent.Kind


def refund_amount_parse(value: object, currency: str) -> Decimal:
    """A refund amount from a form: positive, with no more decimals than the currency has."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": _("Enter an amount.")}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount greater than zero.")})
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > minor_units(currency):
        raise ValidationError(
            {"amount": _("This amount has more decimals than %(currency)s has.") % {"currency": currency}}
        )
    return amount


def _refundable(order: OrgOrder, line: OrgOrderLine | None) -> Decimal:
    """What may still be refunded: the total less refunds made or on their way."""
    refunds = order.refunds.exclude(status=OrgRefund.Status.FAILED)
    if line is not None:
        spoken_for = refunds.filter(line=line).aggregate(total=Sum("amount"))["total"] or Decimal(0)
        return line.total - max(line.amount_refunded, spoken_for)
    spoken_for = refunds.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return order.total - max(order.amount_refunded, spoken_for)


@transaction.atomic
def refund_request(
    *,
    actor: Actor,
    order: OrgOrder,
    amount: Decimal,
    reason: str,
    line: OrgOrderLine | None = None,
    revokes_access: bool | None = None,
) -> OrgRefund:
    """An admin's refund of ``amount`` (of one line, or of the order). A manual payment's refund is
    recorded at once; a card payment's is sent by ``refund_submit`` after this commits. A partial
    refund must say whether it revokes access (``revokes_access``)."""
    admin_check(actor)
    order = OrgOrder.objects.select_for_update().get(pk=order.pk)
    if line is not None and line.order_id != order.pk:
        raise ValidationError(_("This line is not part of the order."))
    if order.status not in PAID_STATUSES:
        raise ValidationError(_("Only a paid order can be refunded."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the money is refunded.")})
    left = _refundable(order, line)
    if amount > left:
        raise ValidationError(
            {
                "amount": _("At most %(amount)s %(currency)s can still be refunded.")
                % {"amount": left, "currency": order.currency}
            }
        )
    full = amount == left
    if not full and revokes_access is None:
        raise ValidationError(
            {"revokes_access": _("Choose whether this partial refund ends the buyer's access.")}
        )
    refund = OrgRefund.objects.create(
        order=order,
        line=line,
        payment=order.payments.filter(status=OrgPayment.Status.SUCCEEDED).first(),
        amount=amount,
        currency=order.currency,
        reason=reason.strip(),
        revokes_access=full or bool(revokes_access),
    )
    if order.provider == Provider.MANUAL:
        refund_apply(actor=actor, refund=refund)
    return refund


@transaction.atomic
def refund_apply(*, actor: Actor, refund: OrgRefund, reference: str = "") -> OrgRefund:
    """A refund the provider made (or a manual one): the money leaves the lines, the order's status
    follows, and lines refunded in full (or by a refund that revokes) lose what they granted.
    Applying twice changes nothing."""
    actor_check(actor)
    refund = OrgRefund.objects.select_for_update().get(pk=refund.pk)
    if refund.status == OrgRefund.Status.SUCCEEDED:
        return refund
    order = OrgOrder.objects.select_for_update().get(pk=refund.order_id)
    lines = list(order.lines.select_for_update().order_by("pk"))
    targets = [line for line in lines if line.pk == refund.line_id] if refund.line_id else lines
    parts = money_allocate(
        refund.amount, [line.total - line.amount_refunded for line in targets], order.currency
    )
    for line, part in zip(targets, parts, strict=True):
        _line_refund(actor, order, line, part, revokes=refund.revokes_access)
    order.amount_refunded += refund.amount
    if order.status not in (Status.DISPUTED, Status.CANCELLED):
        order.status = Status.REFUNDED if order.amount_refunded == order.total else Status.PARTIALLY_REFUNDED
    order.save(update_fields=["amount_refunded", "status"])
    refund.status, refund.reference = OrgRefund.Status.SUCCEEDED, reference or refund.reference
    refund.save(update_fields=["status", "reference"])
    audit_record(
        actor=actor,
        verb=Verb.REFUND,
        target=order,
        after={"refunded": str(refund.amount), "reason": refund.reason},
        label=f"#{order.number}",
    )
    return refund


def _line_refund(actor: Actor, order: OrgOrder, line: OrgOrderLine, part: Decimal, *, revokes: bool) -> None:
    if part <= 0 and not revokes:
        return
    line.amount_refunded += part
    line.save(update_fields=["amount_refunded"])
    ends = revokes or line.amount_refunded == line.total
    OrgCommerceEvent.objects.create(
        kind=Kind.LINE_REFUNDED,
        order=order,
        line=line,
        amount=part,
        currency=order.currency,
        revokes_access=ends,
    )
    if ends:
        line_access_set(actor=actor, line=line, access=Access.REVOKED)


def refund_submit(*, actor: Actor, refund: OrgRefund) -> OrgRefund:
    """Send a pending card refund to Stripe (outside any transaction: a network call), then apply
    it. A refund Stripe refuses is marked failed and its message raised; sending twice is safe
    (the idempotency key is the refund's)."""
    actor_check(actor)
    refund = OrgRefund.objects.select_related("order", "payment").get(pk=refund.pk)
    if refund.status != OrgRefund.Status.PENDING:
        return refund
    account = stripe_account_for_org(org_id=current_org().pk)
    if account is None or refund.payment is None or not refund.payment.payment_intent:
        refund_fail(refund=refund)
        raise ValidationError(_("This payment cannot be refunded through Stripe."))
    try:
        result = stripe_api.refund_create(
            account_id=account.account_id,
            payment_intent=refund.payment.payment_intent,
            amount=to_minor(refund.amount, refund.currency),
            reason=refund.reason,
            idempotency_key=idempotency_key("refund", refund.pk, refund.created_at),
        )
    except stripe_api.PaymentProviderError as error:
        refund_fail(refund=refund)
        raise ValidationError(str(error)) from error
    return refund_apply(actor=actor, refund=refund, reference=result.id)


def refund_fail(*, refund: OrgRefund) -> None:
    OrgRefund.objects.filter(pk=refund.pk, status=OrgRefund.Status.PENDING).update(
        status=OrgRefund.Status.FAILED
    )


def refund_for_cancelled_order(*, actor: Actor, order: OrgOrder, amount: Decimal) -> OrgRefund:
    """Money that arrived for a cancelled order goes back in full, sent once this commits."""
    from apps.payment.tasks import refund_send  # the task module imports these services

    refund = OrgRefund.objects.create(
        order=order,
        payment=order.payments.filter(status=OrgPayment.Status.SUCCEEDED).first(),
        amount=amount,
        currency=order.currency,
        reason=_("Paid after the order was cancelled."),
    )
    enqueue_on_commit(refund_send, schema_name=tenant_connection().schema_name, refund_id=refund.pk)
    return refund


@transaction.atomic
def refund_converge(
    *, actor: Actor, order: OrgOrder, refunded_total: Decimal, reference: str
) -> OrgRefund | None:
    """The provider says ``refunded_total`` has gone back in all: record what we do not know of
    yet (a refund made in the provider's dashboard) as one refund of the difference."""
    actor_check(actor)
    order = OrgOrder.objects.select_for_update().get(pk=order.pk)
    known = order.refunds.exclude(status=OrgRefund.Status.FAILED).aggregate(total=Sum("amount"))["total"]
    missing = refunded_total - max(known or Decimal(0), order.amount_refunded)
    if missing <= 0 or order.status not in PAID_STATUSES:
        return None
    refund = OrgRefund.objects.create(
        order=order,
        payment=order.payments.filter(status=OrgPayment.Status.SUCCEEDED).first(),
        amount=missing,
        currency=order.currency,
        reason=_("Refunded in the payment provider's dashboard."),
        revokes_access=order.amount_refunded + missing == order.total,
    )
    return refund_apply(actor=actor, refund=refund, reference=reference)


def line_access_set(*, actor: Actor, line: OrgOrderLine, access: str) -> None:
    """What the line grants is now ``access``; revoked is final. Receivers (course access,
    downloads, bookings) follow in the same transaction."""
    if line.access == access or line.access == Access.REVOKED:
        return
    line.access = access
    line.save(update_fields=["access"])
    if access == Access.REVOKED:
        OrgOrderBooking.objects.filter(line=line).exclude(status=OrgOrderBooking.Status.COMPLETED).update(
            status=OrgOrderBooking.Status.CANCELLED
        )
    order_line_access_changed.send(sender=OrgOrderLine, line=line, access=access, actor=actor)


@transaction.atomic
def dispute_open(
    *, actor: Actor, order: OrgOrder, reference: str, amount: Decimal, reason: str
) -> OrgDispute:
    """The buyer's bank disputes the payment: the lines' access is suspended until it closes.
    Opening the same dispute twice changes nothing."""
    actor_check(actor)
    order = OrgOrder.objects.select_for_update().get(pk=order.pk)
    dispute = OrgDispute.objects.filter(reference=reference).first()
    if dispute is not None:
        return dispute
    payment = order.payments.filter(status=OrgPayment.Status.SUCCEEDED).first()
    if payment is None:
        raise ValidationError(_("A dispute needs a payment that succeeded."))
    dispute = OrgDispute.objects.create(
        order=order, payment=payment, reference=reference, amount=amount, reason=reason
    )
    order.status = Status.DISPUTED
    order.save(update_fields=["status"])
    for line in order.lines.exclude(access=Access.REVOKED):
        OrgCommerceEvent.objects.create(
            kind=Kind.LINE_DISPUTED, order=order, line=line, amount=line.total, currency=order.currency
        )
        line_access_set(actor=actor, line=line, access=Access.SUSPENDED)
    return dispute


@transaction.atomic
def dispute_close(
    *, actor: Actor, order: OrgOrder, reference: str, amount: Decimal, won: bool, reason: str = ""
) -> OrgDispute:
    """The dispute is decided: won restores access, lost revokes it. A close that arrives before its
    open opens it first; closing twice changes nothing."""
    dispute = dispute_open(actor=actor, order=order, reference=reference, amount=amount, reason=reason)
    dispute = OrgDispute.objects.select_for_update().get(pk=dispute.pk)
    if dispute.status != OrgDispute.Status.OPEN:
        return dispute
    order = OrgOrder.objects.select_for_update().get(pk=order.pk)
    dispute.status = OrgDispute.Status.WON if won else OrgDispute.Status.LOST
    dispute.closed_at = timezone.now()
    dispute.save(update_fields=["status", "closed_at"])
    kind = Kind.LINE_DISPUTE_WON if won else Kind.LINE_DISPUTE_LOST
    for line in order.lines.exclude(access=Access.REVOKED):
        OrgCommerceEvent.objects.create(
            kind=kind,
            order=order,
            line=line,
            amount=line.total,
            currency=order.currency,
            revokes_access=not won,
        )
        line_access_set(actor=actor, line=line, access=Access.ACTIVE if won else Access.REVOKED)
    if won:
        order.status = Status.PAID if order.amount_refunded == 0 else Status.PARTIALLY_REFUNDED
        order.save(update_fields=["status"])
    return dispute
