"""Reads of the ledger: the org's settings and what it owes each creator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from apps.ledger.models import OrgLedgerSettings
from apps.payment.money import money_quantize


def ledger_settings() -> OrgLedgerSettings:
    """The org's ledger settings (the defaults, unsaved, until an admin changes them)."""
    return OrgLedgerSettings.objects.order_by("pk").first() or OrgLedgerSettings()


@dataclass(frozen=True)
class Payable:
    """What the org owes one creator profile in one currency.

    ``pending``: earned on sales still inside the refund window; ``payable``: earned on older sales
    and fixed amounts per month (no sale, never pending), less what was paid out; ``paid``:
    recorded payouts."""

    profile_id: int
    currency: str
    pending: Decimal
    payable: Decimal
    paid: Decimal


_PAYABLES = """
SELECT e.profile_id, e.currency,
       coalesce(sum(e.amount) FILTER (WHERE t.kind <> 'payout' AND t.sold_at > %(cutoff)s), 0),
       coalesce(sum(e.amount) FILTER (WHERE t.kind <> 'payout' AND t.sold_at IS NULL
                                          OR t.kind <> 'payout' AND t.sold_at <= %(cutoff)s), 0),
       coalesce(-sum(e.amount) FILTER (WHERE t.kind = 'payout'), 0)
  FROM org_ledger_entry e JOIN org_ledger_transaction t ON t.id = e.transaction_id
 WHERE e.account = 'creator_payable' {only}
 GROUP BY e.profile_id, e.currency
 ORDER BY e.profile_id, e.currency
"""


def refund_window_cutoff(at: datetime | None = None) -> datetime:
    """Sales after this moment are still inside the org's refund window."""
    return (at or timezone.now()) - timedelta(days=ledger_settings().refund_window_days)


def payables(*, at: datetime | None = None, profile_id: int | None = None) -> list[Payable]:
    """Per creator profile and currency, pending, payable and paid amounts (one query)."""
    params = {"cutoff": refund_window_cutoff(at), "profile": profile_id}
    only = "AND e.profile_id = %(profile)s" if profile_id is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(_PAYABLES.format(only=only), params)
        rows = cursor.fetchall()
    return [
        Payable(
            profile_id=profile,
            currency=currency,
            pending=money_quantize(pending, currency),
            payable=money_quantize(settled - paid, currency),
            paid=money_quantize(paid, currency),
        )
        for profile, currency, pending, settled, paid in rows
    ]


def payable_for(*, profile_id: int, currency: str, at: datetime | None = None) -> Payable | None:
    return next((row for row in payables(at=at, profile_id=profile_id) if row.currency == currency), None)
