"""Creators' earnings from this org, rolled up into the public ``InstructorEarningsRollup``: one
statement per org reads its ledger and writes absolute totals per (profile, currency, month) with
``INSERT ... ON CONFLICT DO UPDATE``, so a re-run, or a run after one killed midway, leaves the
same totals, and a row whose totals did not change is not rewritten.

A month's earnings are those posted in it (sales, and refunds and lost disputes taking back), its
pending part what came from sales still inside the refund window, its payouts those dated in it,
its retainer the fixed amounts per month posted for it (``apps.ledger.services.retainers``; part of
what it earned, tied to no product, never pending)."""

from __future__ import annotations

from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from apps.instructor.models import InstructorProductRollup
from apps.ledger.selectors import refund_window_cutoff
from apps.org.models import InstructorEarningsRollup, Org
from apps.org.selectors import tenant_connection
from volmify.actors import Actor, actor_check

_ROLLUP = """
INSERT INTO public.{table} AS r
       (profile_id, org_id, currency, month, earned, pending, paid, retainer, refreshed_at)
SELECT e.profile_id, %(org)s, e.currency, date_trunc('month', t.occurred_at AT TIME ZONE 'UTC')::date,
       coalesce(sum(e.amount) FILTER (WHERE t.kind <> 'payout'), 0),
       coalesce(sum(e.amount) FILTER (WHERE t.kind <> 'payout' AND t.sold_at > %(cutoff)s), 0),
       coalesce(-sum(e.amount) FILTER (WHERE t.kind = 'payout'), 0),
       coalesce(sum(e.amount) FILTER (WHERE t.kind = 'retainer'), 0),
       %(now)s
  FROM org_ledger_entry e JOIN org_ledger_transaction t ON t.id = e.transaction_id
 WHERE e.account = 'creator_payable'
 GROUP BY e.profile_id, e.currency, 4
ON CONFLICT (profile_id, org_id, currency, month) DO UPDATE
   SET earned = EXCLUDED.earned, pending = EXCLUDED.pending, paid = EXCLUDED.paid,
       retainer = EXCLUDED.retainer, refreshed_at = EXCLUDED.refreshed_at
 WHERE (r.earned, r.pending, r.paid, r.retainer)
       IS DISTINCT FROM (EXCLUDED.earned, EXCLUDED.pending, EXCLUDED.paid, EXCLUDED.retainer)
"""


# The profile's earnings per product and currency, onto the rows the creator rollup keeps for the
# org's published products (a row it has not made yet gets them on the next run), stamped so the
# creator dashboard's cache sees the change.
_PRODUCT_EARNINGS = """
UPDATE public.{table} AS r SET earned = s.earned, refreshed_at = %(now)s
  FROM (SELECT profile_id, product_id, jsonb_object_agg(currency, amount::text) AS earned
          FROM (SELECT e.profile_id, l.product_id, e.currency, sum(e.amount) AS amount
                  FROM org_ledger_entry e
                  JOIN org_ledger_transaction t ON t.id = e.transaction_id
                  JOIN org_order_line l ON l.id = t.line_id
                 WHERE e.account = 'creator_payable' AND t.kind <> 'payout'
                 GROUP BY 1, 2, 3) AS per_currency
         GROUP BY 1, 2) AS s
 WHERE r.org_id = %(org)s AND r.profile_id = s.profile_id AND r.product_id = s.product_id
   AND r.earned IS DISTINCT FROM s.earned
"""


@transaction.atomic
def earnings_rollup_refresh(*, actor: Actor, org: Org, at: datetime | None = None) -> int:
    """Write the active org's creator earnings to the public rollup; returns the rows written."""
    actor_check(actor)
    if tenant_connection().schema_name != org.schema_name:
        raise RuntimeError("the earnings rollup runs in the org's own schema")
    with connection.cursor() as cursor:
        cursor.execute(
            _ROLLUP.format(table=InstructorEarningsRollup._meta.db_table),
            {"org": org.pk, "cutoff": refund_window_cutoff(at), "now": timezone.now()},
        )
        written = cursor.rowcount
        cursor.execute(
            _PRODUCT_EARNINGS.format(table=InstructorProductRollup._meta.db_table),
            {"org": org.pk, "now": timezone.now()},
        )
        return written
