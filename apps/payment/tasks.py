"""Celery tasks of the payment app.

``stripe_events_process`` and ``stripe_inbox_sweep`` run in the public schema (the inbox is there)
and enter each event's org schema themselves; ``refund_send`` and ``order_expire`` run in the
schema their headers carry.
"""

from __future__ import annotations

from celery import shared_task
from django.core.cache import caches

from apps.org.payment_accounts import stripe_inbox_due
from apps.payment.emails import receipt_send
from apps.payment.models import OrgOrder, OrgRefund
from apps.payment.services.checkout import checkout_session_expire
from apps.payment.services.orders import order_expire_if_unpaid
from apps.payment.services.refunds import refund_submit
from apps.payment.services.stripe_events import stripe_inbox_process
from volmify.actors import PAYMENTS

# Set while a run of stripe_events_process is queued and not started: the webhook enqueues one run
# per burst of deliveries, not one per event. It ends by itself, so a lost message delays events
# by these seconds at most (and the sweep sends whatever waits longer).
INBOX_QUEUED_KEY = "stripe-inbox-queued"
INBOX_QUEUED_SECONDS = 5


def stripe_events_enqueue() -> bool:
    """Have the fresh inbox rows processed (call once they committed): send a run unless one is
    queued and not started yet, which will take them. True when this call sent one."""
    if not caches["platform"].add(INBOX_QUEUED_KEY, 1, INBOX_QUEUED_SECONDS):
        return False
    stripe_events_process.delay()
    return True


@shared_task(name="apps.payment.tasks.stripe_events_process", acks_late=True)
def stripe_events_process(*, event_ids: list[str] | None = None) -> dict[str, int]:
    """Apply inbox events: the fresh ones (what the webhook sends), or those named (the sweep, the
    admin's retry). A re-run applies nothing twice."""
    if event_ids is None:
        # before reading the inbox: a row stored from now on finds no run queued and sends one
        caches["platform"].delete(INBOX_QUEUED_KEY)
    return dict(stripe_inbox_process(event_ids=event_ids))


@shared_task(name="apps.payment.tasks.stripe_inbox_sweep")
def stripe_inbox_sweep() -> int:
    """Send again the events left waiting (a lost enqueue, a killed worker, an early event)."""
    due = stripe_inbox_due()
    if due:
        stripe_events_process.delay(event_ids=due)
    return len(due)


@shared_task(name="apps.payment.tasks.refund_send", acks_late=True)
def refund_send(*, refund_id: int) -> str:
    refund = OrgRefund.objects.filter(pk=refund_id).first()
    if refund is None:
        return "missing"
    return refund_submit(actor=PAYMENTS, refund=refund).status


@shared_task(name="apps.payment.tasks.order_expire", acks_late=True)
def order_expire(*, order_id: int) -> bool:
    """Sent when a card order is placed, to run when its hold ends: cancel it if still unpaid."""
    order = OrgOrder.objects.filter(pk=order_id).first()
    return order is not None and order_expire_if_unpaid(actor=PAYMENTS, order=order)


@shared_task(name="apps.payment.tasks.order_receipt_send", acks_late=True)
def order_receipt_send(*, order_id: int) -> bool:
    """Email the buyer their receipt once the order is paid."""
    order = OrgOrder.objects.filter(pk=order_id).first()
    if order is None:
        return False
    receipt_send(order=order)
    return True


@shared_task(name="apps.payment.tasks.order_receipts_send", acks_late=True)
def order_receipts_send(*, order_ids: list[int]) -> int:
    """Email each buyer their receipt (orders paid together by one batch of Stripe events)."""
    orders = list(OrgOrder.objects.filter(pk__in=order_ids).order_by("pk"))
    for order in orders:
        receipt_send(order=order)
    return len(orders)


@shared_task(name="apps.payment.tasks.checkout_session_end", acks_late=True)
def checkout_session_end(*, payment_id: int) -> bool:
    """Expire the Stripe Checkout Session of a cancelled order, so its page takes no payment; a
    payment made just before is refunded when its event arrives (``refund_for_cancelled_order``)."""
    return checkout_session_expire(actor=PAYMENTS, payment_id=payment_id)
