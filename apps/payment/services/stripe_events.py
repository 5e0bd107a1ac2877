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

from apps.org.models import Org, OrgStripeAccount, StripeWebhookEvent
from apps.org.payment_accounts import (
    InboxMark,
    stripe_account_update,
    stripe_inbox_claim,
    stripe_inbox_mark_many,
)
from apps.org.selectors import stripe_account_by_id, tenant_connection
from apps.payment.minor_units import from_minor
from apps.payment.models import OrgOrder, OrgPayment
from apps.payment.models.orders import Provider
from apps.payment.services.orders import (
    PAID_STATUSES,
    Collected,
    order_cancel,
    order_mark_paid,
    orders_mark_paid_many,
)
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
    marker exists) or IGNORED (a type with no effect here; marked all the same). An event that
    cannot apply raises (EventRefused, EventNotReady or the error) and leaves nothing."""
    (result,) = stripe_events_apply(events=[(event_id, event_type, data)])
    if isinstance(result, Exception):
        raise result
    return result


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


BATCH = 200  # inbox rows per transaction


def stripe_inbox_process(*, event_ids: Sequence[str] | None = None) -> Counter[str]:
    """Take inbox events (public schema) to their org's schema and apply them; what became of
    each is marked on its inbox row. ``event_ids`` None takes every fresh row (what the webhook
    enqueues: one run serves a burst of deliveries), else those events. Rows go in batches of
    BATCH, each batch one transaction: the inbox marks commit with the effects. Returns counts by
    outcome."""
    outcomes: Counter[str] = Counter()
    remaining = list(event_ids) if event_ids is not None else None
    while True:
        wanted = remaining[:BATCH] if remaining is not None else None
        with transaction.atomic():
            events = stripe_inbox_claim(event_ids=wanted, limit=BATCH)
            stripe_inbox_mark_many(marks=_batch_process(events, outcomes))
        if remaining is not None:
            remaining = remaining[BATCH:]
            if not remaining:
                break
        elif len(events) < BATCH:
            break
    return outcomes


def _batch_process(events: Sequence[StripeWebhookEvent], outcomes: Counter[str]) -> list[InboxMark]:
    marks: list[InboxMark] = []
    accounts: dict[str, OrgStripeAccount | None] = {}
    by_org: dict[str, tuple[Org, list[StripeWebhookEvent]]] = {}
    for event in events:
        if event.event_type == "account.updated":
            _account_follow(_object(event))
            marks.append(InboxMark(event.event_id, Inbox.PROCESSED))
            outcomes[APPLIED] += 1
            continue
        if event.account_id not in accounts:
            accounts[event.account_id] = stripe_account_by_id(account_id=event.account_id)
        account = accounts[event.account_id]
        if account is None or not account.org.is_serving:
            marks.append(InboxMark(event.event_id, Inbox.UNKNOWN_ACCOUNT))
            outcomes[Inbox.UNKNOWN_ACCOUNT] += 1
            continue
        by_org.setdefault(account.org.schema_name, (account.org, []))[1].append(event)
    for schema_name, (org, org_events) in by_org.items():
        with schema_context(schema_name):
            results = stripe_events_apply(
                events=[(event.event_id, event.event_type, _object(event)) for event in org_events]
            )
        for event, result in zip(org_events, results, strict=True):
            mark = _mark(event, org, result)
            marks.append(mark)
            outcomes[result if isinstance(result, str) else mark.status] += 1
    return marks


def _object(event: StripeWebhookEvent) -> Mapping[str, Any]:
    return (event.payload.get("data") or {}).get("object") or {}


def _mark(event: StripeWebhookEvent, org: Org, result: str | Exception) -> InboxMark:
    if isinstance(result, EventRefused):
        return InboxMark(event.event_id, Inbox.FAILED, org.pk, str(result))
    if isinstance(result, EventNotReady):
        return InboxMark(event.event_id, Inbox.PENDING, org.pk, str(result))
    if isinstance(result, Exception):  # recorded for staff and retried by the sweep
        logger.error("Stripe event %s failed in %s", event.event_id, org.schema_name, exc_info=result)
        return InboxMark(event.event_id, Inbox.PENDING, org.pk, repr(result))
    return InboxMark(event.event_id, Inbox.IGNORED if result == IGNORED else Inbox.PROCESSED, org.pk)


def stripe_events_apply(*, events: Sequence[tuple[str, str, Mapping[str, Any]]]) -> list[str | Exception]:
    """``stripe_event_apply`` for several events of the current org's schema, in one transaction:
    the markers of all are written by one statement, each event's effects in a savepoint of their
    own. An event that raises leaves nothing (its savepoint and its marker go) and its exception is
    its result; the others keep theirs."""
    results: list[str | Exception] = []
    with transaction.atomic():
        fresh = _markers_insert([(event_id, event_type) for event_id, event_type, _data in events])
        together = _sessions_paid_together(events, fresh)
        for event_id, event_type, data in events:
            handler = HANDLERS.get(event_type)
            if event_id not in fresh:
                results.append(DUPLICATE)
            elif event_id in together:
                results.append(APPLIED)
            elif handler is None:
                results.append(IGNORED)
            else:
                try:
                    with transaction.atomic():
                        handler(data)
                except Exception as error:
                    _marker_delete(event_id)
                    results.append(error)
                else:
                    results.append(APPLIED)
    return results


SESSION_PAID = frozenset({"checkout.session.completed", "checkout.session.async_payment_succeeded"})


def _sessions_paid_together(
    events: Sequence[tuple[str, str, Mapping[str, Any]]], fresh: set[str]
) -> set[str]:
    """The common case of a batch at once: paid sessions of distinct orders of this org awaiting a
    card payment of exactly that amount are applied by ``orders_mark_paid_many``. Returns their
    event ids; every other event (a repeat, a cancelled order, a wrong amount, a second event of
    one order) is left to its handler, one by one, as is the whole batch if the bulk write fails."""
    schema = tenant_connection().schema_name
    wanted: dict[str, tuple[str, Mapping[str, Any]]] = {}
    seen: set[str] = set()
    for event_id, event_type, obj in events:
        metadata = obj.get("metadata") or {}
        number = metadata.get(METADATA_ORDER)
        if (
            event_id not in fresh
            or event_type not in SESSION_PAID
            or obj.get("payment_status") not in ("paid", "no_payment_required")
            or not isinstance(number, str)
            or metadata.get(METADATA_ORG) not in (None, "", schema)
            or not isinstance(obj.get("id"), str)
        ):
            continue
        if number in seen:
            wanted.pop(number, None)  # several events of one order: one by one, in order
            continue
        seen.add(number)
        wanted[number] = (event_id, obj)
    if not wanted:
        return set()
    orders = (
        OrgOrder.objects.select_for_update(of=("self",))
        .select_related("member__user")
        .filter(number__in=wanted)
        .order_by("pk")
    )
    collected, applied = [], set()
    for order in orders:
        event_id, obj = wanted[order.number]
        try:
            amount = _amount(obj, "amount_total")
        except (ValueError, LookupError, ArithmeticError):
            continue  # its handler says what is wrong with it
        if (
            order.status == OrgOrder.Status.AWAITING_PAYMENT
            and order.provider == Provider.STRIPE
            and amount == order.total
        ):
            collected.append(
                Collected(
                    order=order,
                    amount=amount,
                    reference=obj["id"],
                    payment_intent=obj.get("payment_intent") or "",
                )
            )
            applied.add(event_id)
    if not collected:
        return set()
    try:
        orders_mark_paid_many(actor=PAYMENTS, collected=collected)  # its own savepoint
    except Exception:
        logger.exception(
            "Stripe events of %d orders in %s: applied one by one instead", len(collected), schema
        )
        return set()
    return applied


def _markers_insert(events: Sequence[tuple[str, str]]) -> set[str]:
    """The ids among ``events`` whose marker this transaction wrote (the others are kept already;
    a concurrent writer of one makes this wait for it, then see it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO org_payment_event_processed (event_id, event_type, processed_at)"
            " SELECT event_id, event_type, now()"
            " FROM unnest(%s::text[], %s::text[]) AS m(event_id, event_type)"
            " ON CONFLICT (event_id) DO NOTHING RETURNING event_id",
            [[event_id for event_id, _type in events], [event_type for _id, event_type in events]],
        )
        return {row[0] for row in cursor.fetchall()}


def _marker_delete(event_id: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM org_payment_event_processed WHERE event_id = %s", [event_id])


def _account_follow(obj: Mapping[str, Any]) -> None:
    requirements = obj.get("requirements") or {}
    stripe_account_update(
        account_id=obj.get("id") or "",
        charges_enabled=bool(obj.get("charges_enabled")),
        details_submitted=bool(obj.get("details_submitted")),
        payouts_enabled=bool(obj.get("payouts_enabled")),
        requirements_due=list(requirements.get("currently_due") or []),
    )
