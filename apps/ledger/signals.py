"""Receivers of the payment app's events: a paid line, a refund or a lost dispute sends
``ledger_post`` for the org once the transaction commits (once per transaction, however many
lines it touched). The task reads the ``OrgCommerceEvent`` rows, so an event whose task was lost
is posted by the next run or by the sweep."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from apps.org.selectors import tenant_connection
from apps.payment.events import order_line_paid, order_lines_paid
from apps.payment.models import OrgCommerceEvent, OrgOrder, OrgOrderLine

POSTED_KINDS = frozenset({OrgCommerceEvent.Kind.LINE_REFUNDED, OrgCommerceEvent.Kind.LINE_DISPUTE_LOST})


def ledger_post_on_commit() -> None:
    """Send ``ledger_post`` for the active org when the transaction commits, unless this
    transaction already asked for it."""
    from apps.ledger.tasks import ledger_post  # the task module imports the posting services

    schema = tenant_connection().schema_name
    if any(getattr(pending[1], "ledger_schema", None) == schema for pending in connection.run_on_commit):
        return

    def send() -> None:
        ledger_post.apply_async(headers={"_schema_name": schema})

    send.ledger_schema = schema  # type: ignore[attr-defined]
    transaction.on_commit(send)


@receiver(order_line_paid, dispatch_uid="ledger-post-paid-line")
def ledger_for_paid_line(
    sender: type[OrgOrderLine], line: OrgOrderLine, order: OrgOrder, actor: Any, **kwargs: Any
) -> None:
    ledger_post_on_commit()


@receiver(order_lines_paid, dispatch_uid="ledger-post-paid-lines")
def ledger_for_paid_lines(sender: type[OrgOrderLine], lines: Any, actor: Any, **kwargs: Any) -> None:
    """Card payments confirmed by Stripe arrive in batches (``orders_mark_paid_many``), announced
    once for all their lines: their sales are posted at once too, not at the next sweep."""
    ledger_post_on_commit()


@receiver(post_save, sender=OrgCommerceEvent, dispatch_uid="ledger-post-refund-or-lost-dispute")
def ledger_for_money_back(
    sender: type[OrgCommerceEvent], instance: OrgCommerceEvent, created: bool, **kwargs: Any
) -> None:
    if created and instance.kind in POSTED_KINDS:
        ledger_post_on_commit()
