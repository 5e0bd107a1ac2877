"""Stripe's events applied in the org's schema, each exactly once.

``stripe_event_apply`` runs in the schema of the org whose connected account sent the event. In
one transaction it writes the per-org "processed" marker for the event id and the event's effects,
so ten deliveries of one event, out of order or at the same moment, change things once: a second
delivery finds the marker (or waits on the first one's insert and then finds it). Handlers
converge on the object's state rather than on arrival order: a completed, paid session is final;
a charge carries its cumulative ``amount_refunded``; a closed dispute carries its outcome. An event
that comes before what it depends on (a dispute before the payment is known) is left for a retry.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from apps.org.models import StripeWebhookEvent
from apps.org.payment_accounts import stripe_account_update, stripe_inbox_events, stripe_inbox_mark
from apps.org.selectors import stripe_account_by_id, tenant_connection
from apps.payment.minor_units import from_minor
from apps.payment.models import OrgOrder, OrgPayment
from apps.payment.services.orders import PAID_STATUSES, order_cancel, order_mark_paid
from apps.payment.services.refunds import (
    dispute_close,
    dispute_open,
    refund_converge,
    refund_for_cancelled_order,
)
from volmify.actors import PAYMENTS

APPLIED, DUPLICATE, IGNORED = "applied", "duplicate", "ignored"
Inbox = StripeWebhookEvent.Status
logger = logging.getLogger(__name__)
METADATA_ORDER, METADATA_ORG = "order", "org"


class EventRefused(Exception):
    """The event cannot apply here, ever (it names an order of another org, or none we know)."""


class EventNotReady(Exception):
    """The event depends on one not processed yet; it is retried later."""


def stripe_event_apply(*, event_id: str, event_type: str, data: Mapping[str, Any]) -> str:
    """Apply one event's ``data.object`` in the current org's schema: APPLIED, DUPLICATE (its
    marker exists) or IGNORED (a type with no effect here; marked all the same)."""
    with transaction.atomic():
        if not _marker_insert(event_id, event_type):
            return DUPLICATE
        handler = HANDLERS.get(event_type)
        if handler is None:
            return IGNORED
        handler(data)
    return APPLIED


def _marker_insert(event_id: str, event_type: str) -> bool:
    """True when this transaction wrote the marker; a concurrent writer of the same id makes this
    wait for it, then see it (ON CONFLICT)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO org_payment_event_processed (event_id, event_type, processed_at)"
            " VALUES (%s, %s, now()) ON CONFLICT (event_id) DO NOTHING RETURNING event_id",
            [event_id, event_type],
        )
        return cursor.fetchone() is not None


def _order(obj: Mapping[str, Any]) -> OrgOrder:
    """The order an object names in its metadata (or, for objects made outside our checkout, by its
    payment intent); an order of another org, or none, is refused."""
    metadata = obj.get("metadata") or {}
    if metadata.get(METADATA_ORG) and metadata[METADATA_ORG] != tenant_connection().schema_name:
        raise EventRefused(_("The event names an order of another organization."))
    number = metadata.get(METADATA_ORDER)
    orders = OrgOrder.objects.all()
    intent = obj.get("payment_intent") or ""
    if number:
        order = orders.filter(number=number).first()
    elif intent:
        order = orders.filter(payments__payment_intent=intent).first()
        if order is None:  # the session that tells us this intent may not have been applied yet
            raise EventNotReady("no order has this payment intent yet")
    else:
        order = None
    if order is None:
        raise EventRefused(_("The event names no order of this organization."))
    return order


def _amount(obj: Mapping[str, Any], field: str) -> Decimal:
    return from_minor(int(obj.get(field) or 0), str(obj.get("currency") or "").upper())


def _session_completed(obj: Mapping[str, Any]) -> None:
    if obj.get("payment_status") not in ("paid", "no_payment_required"):
        return  # an asynchronous method: async_payment_succeeded follows
    _paid(
        _order(obj),
        _amount(obj, "amount_total"),
        reference=obj["id"],
        payment_intent=obj.get("payment_intent") or "",
    )


def _paid(order: OrgOrder, amount: Decimal, *, reference: str, payment_intent: str) -> None:
    result = order_mark_paid(
        actor=PAYMENTS, order=order, amount=amount, reference=reference, payment_intent=payment_intent
    )
    if result.paid_after_cancel:
        refund_for_cancelled_order(actor=PAYMENTS, order=result.order, amount=amount)


def _session_ended(obj: Mapping[str, Any]) -> None:
    order = _order(obj)
    if order.status == OrgOrder.Status.AWAITING_PAYMENT:
        order_cancel(actor=PAYMENTS, order=order, reason=_("The payment did not go through."))


def _charge_refunded(obj: Mapping[str, Any]) -> None:
    order = _order(obj)
    if order.status not in PAID_STATUSES and obj.get("paid"):
        # the refund event came first: the charge shows the payment happened, so record it first
        payment = order.payments.filter(provider=order.provider).order_by("-pk").first()
        reference = payment.reference if payment is not None else ""
        _paid(
            order, _amount(obj, "amount"), reference=reference, payment_intent=obj.get("payment_intent") or ""
        )
        order.refresh_from_db()
    if order.status == OrgOrder.Status.CANCELLED:
        return  # a cancelled order's automatic refund is recorded by refund_for_cancelled_order
    # one charge is refunded in several steps: the step's reference is the charge and its new total
    reference = f"{obj['id']}:{obj.get('amount_refunded') or 0}"
    refund_converge(
        actor=PAYMENTS, order=order, refunded_total=_amount(obj, "amount_refunded"), reference=reference
    )


def _dispute_order(obj: Mapping[str, Any]) -> OrgOrder:
    order = _order(obj)
    if not order.payments.filter(status=OrgPayment.Status.SUCCEEDED).exists():
        raise EventNotReady("the disputed payment is not recorded yet")
    return order


def _dispute_created(obj: Mapping[str, Any]) -> None:
    dispute_open(
        actor=PAYMENTS,
        order=_dispute_order(obj),
        reference=obj["id"],
        amount=_amount(obj, "amount"),
        reason=obj.get("reason") or "",
    )


def _dispute_closed(obj: Mapping[str, Any]) -> None:
    status = obj.get("status")
    if status not in ("won", "lost"):
        return  # warning_closed and the like decide nothing
    dispute_close(
        actor=PAYMENTS,
        order=_dispute_order(obj),
        reference=obj["id"],
        amount=_amount(obj, "amount"),
        won=status == "won",
        reason=obj.get("reason") or "",
    )


HANDLERS: dict[str, Callable[[Mapping[str, Any]], None]] = {
    "checkout.session.completed": _session_completed,
    "checkout.session.async_payment_succeeded": _session_completed,
    "checkout.session.async_payment_failed": _session_ended,
    "checkout.session.expired": _session_ended,
    "charge.refunded": _charge_refunded,
    "charge.dispute.created": _dispute_created,
    "charge.dispute.closed": _dispute_closed,
}


def stripe_inbox_process(*, event_ids: Sequence[str]) -> Counter[str]:
    """Take inbox events (public schema) to their org's schema and apply them; what became of
    each is marked on its inbox row. Returns counts by outcome."""
    outcomes: Counter[str] = Counter()
    for event in stripe_inbox_events(event_ids=event_ids):
        outcomes[_inbox_event_process(event)] += 1
    return outcomes


def _inbox_event_process(event: StripeWebhookEvent) -> str:
    obj = (event.payload.get("data") or {}).get("object") or {}
    if event.event_type == "account.updated":
        _account_follow(obj)
        stripe_inbox_mark(event_id=event.event_id, status=Inbox.PROCESSED)
        return APPLIED
    account = stripe_account_by_id(account_id=event.account_id)
    if account is None or not account.org.is_serving:
        stripe_inbox_mark(event_id=event.event_id, status=Inbox.UNKNOWN_ACCOUNT)
        return Inbox.UNKNOWN_ACCOUNT
    org = account.org
    try:
        with schema_context(org.schema_name):
            outcome = stripe_event_apply(event_id=event.event_id, event_type=event.event_type, data=obj)
    except EventRefused as refused:
        stripe_inbox_mark(event_id=event.event_id, status=Inbox.FAILED, org=org, error=str(refused))
        return Inbox.FAILED
    except EventNotReady as waiting:
        stripe_inbox_mark(event_id=event.event_id, status=Inbox.PENDING, org=org, error=str(waiting))
        return Inbox.PENDING
    except (
        Exception
    ) as error:  # recorded for staff and retried by the sweep; the task goes on with the others
        logger.exception("Stripe event %s failed in %s", event.event_id, org.schema_name)
        stripe_inbox_mark(event_id=event.event_id, status=Inbox.PENDING, org=org, error=repr(error))
        return Inbox.PENDING
    status = Inbox.IGNORED if outcome == IGNORED else Inbox.PROCESSED
    stripe_inbox_mark(event_id=event.event_id, status=status, org=org)
    return outcome


def _account_follow(obj: Mapping[str, Any]) -> None:
    requirements = obj.get("requirements") or {}
    stripe_account_update(
        account_id=obj.get("id") or "",
        charges_enabled=bool(obj.get("charges_enabled")),
        details_submitted=bool(obj.get("details_submitted")),
        payouts_enabled=bool(obj.get("payouts_enabled")),
        requirements_due=list(requirements.get("currently_due") or []),
    )
