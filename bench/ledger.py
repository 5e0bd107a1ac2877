"""Ledger posting: distinct paid order lines posted to the revenue ledger, set-based.

    python -m bench.ledger [--lines 30000] [--runs 3] [--json PATH]

Runs through ``make bench`` (part ``ledger``) or alone under ``volmify.localservices``. In the demo
org "acme" of the benchmark database, inside a transaction rolled back at the end, each run
inserts ``--lines`` distinct paid orders of one line each (EUR, a 10% platform fee) with their
``line_paid`` commerce events, set-wise, then times the production path (``ledger_post_pending``,
the body of the ``ledger_post`` task) plus the commit-time balance check (``SET CONSTRAINTS ALL
IMMEDIATE`` runs the deferred trigger that a commit would), then a re-run (must post nothing).
Every product has two creators (a 30% share split 60/40, and a fixed 1.50 EUR per sale): the
creators' terms come from the product app's ``creator_terms_for``, answered here by a stand-in,
as instructor attribution is another app's part. Reports the median of the runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

GOAL_PER_SECOND = 20_000


class Rollback(Exception):
    pass


def build(lines: int, run: int) -> None:
    from django.db import connection

    from apps.member.models import OrgMember
    from apps.payment.models import OrgProductVariantPaymentPlan

    plan = OrgProductVariantPaymentPlan.objects.select_related("variant").order_by("pk").first()
    member = OrgMember.objects.order_by("pk").first()
    assert plan is not None and member is not None, "seed_demo made no plan or member"
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM org_region ORDER BY id LIMIT 1")
        region_id = cursor.fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH o AS (
                INSERT INTO org_order (number, status, provider, member_id, email, locale, region_id,
                    currency, billing_country, shipping_name, shipping_line1, shipping_line2, shipping_city,
                    shipping_postal_code, shipping_state, shipping_country, subtotal, total, amount_refunded,
                    application_fee, notice, created_at, placed_at, paid_at)
                SELECT 'B' || %(run)s || '-' || g, 'paid', 'stripe', %(member)s, 'bench@example.com', 'en-US',
                    %(region)s, 'EUR', 'DE', '', '', '', '', '', '', '', p, p, 0, round(p * 0.1, 2), '',
                    now(), now(), now()
                FROM generate_series(1, %(lines)s) g, LATERAL (SELECT 5 + g * 0.01 AS p) price
                RETURNING id, total
            ), l AS (
                INSERT INTO org_order_line (order_id, product_id, variant_id, plan_id, product_type,
                    product_name, variant_name, plan_name, access_tier, unit_amount, quantity, total,
                    amount_refunded, access, stock)
                SELECT o.id, %(product)s, %(variant)s, %(plan)s, 'digital', 'Bench', '', 'Basic', 1, o.total,
                    1, o.total, 0, 'active', 'none'
                FROM o RETURNING id, order_id, total
            )
            INSERT INTO org_commerce_event
                (kind, order_id, line_id, amount, currency, revokes_access, created_at)
            SELECT 'line_paid', l.order_id, l.id, l.total, 'EUR', false, now() FROM l
            """,
            {
                "run": run,
                "member": member.pk,
                "region": region_id,
                "lines": lines,
                "product": plan.variant.product_id,
                "variant": plan.variant_id,
                "plan": plan.pk,
            },
        )
        cursor.execute("ANALYZE org_order; ANALYZE org_order_line; ANALYZE org_commerce_event")


def _creators_stand_in():
    from apps.instructor.terms import CompensationKind, CreatorTerm
    from apps.product import attribution

    terms = [
        CreatorTerm(1001, 1, CompensationKind.REVENUE_SHARE, Decimal("0.6"), Decimal(30)),
        CreatorTerm(1002, 2, CompensationKind.HYBRID, Decimal("0.4"), Decimal(30), {"EUR": Decimal("1.50")}),
    ]

    def creator_terms_for(*, product_ids, at):
        return dict.fromkeys(product_ids, terms)

    attribution.creator_terms_for = creator_terms_for


def measure(lines: int, runs: int) -> dict:
    import django

    django.setup()
    from django.db import connection, transaction
    from django_tenants.utils import schema_context

    from apps.ledger.services.posting import ledger_post_pending
    from apps.org.models import Org
    from volmify.actors import LEDGER

    _creators_stand_in()
    schema = Org.objects.get(slug="acme").schema_name
    timings, reruns, posted = [], [], []
    try:
        with schema_context(schema), transaction.atomic():
            for run in range(runs):
                build(lines, run)
                with connection.cursor() as cursor:  # the new orders' own deferred checks, not timed
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                start = time.perf_counter()
                result = ledger_post_pending(actor=LEDGER)
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the commit's balance check
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                timings.append(time.perf_counter() - start)
                posted.append((result.posted.transactions, result.posted.entries))
                start = time.perf_counter()
                again = ledger_post_pending(actor=LEDGER)
                reruns.append((time.perf_counter() - start, again.posted.transactions + again.posted.entries))
            raise Rollback
    except Rollback:
        pass
    median = statistics.median(timings)
    return {
        "lines": lines,
        "runs": runs,
        "seconds": timings,
        "median_s": median,
        "lines_per_s": lines / median,
        "posted": posted,
        "rerun_s": [seconds for seconds, _ in reruns],
        "rerun_rows": sum(rows for _, rows in reruns),
    }


def report(r: dict) -> str:
    met = "met" if r["lines_per_s"] >= GOAL_PER_SECOND and r["rerun_rows"] == 0 else "MISSED"
    transactions, entries = r["posted"][0]
    return (
        f"ledger posting: {r['lines']:,} distinct paid lines per run ({transactions:,} transactions, "
        f"{entries:,} entries), median of {r['runs']} runs {r['median_s']:.3f} s "
        f"= {r['lines_per_s']:,.0f} lines/s (goal >= {GOAL_PER_SECOND:,}: {met}); "
        f"runs {', '.join(f'{s:.3f}' for s in r['seconds'])} s; "
        f"re-runs posted {r['rerun_rows']} rows in {max(r['rerun_s']):.3f} s at most"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--prepared", action="store_true", help="the bench database is already seeded")
    args = parser.parse_args(argv)
    from bench import database

    if (
        code := database.rerun_under_bench_settings("bench.ledger", argv, prepared=args.prepared)
    ) is not None:
        return code
    result = measure(args.lines, args.runs)
    print(report(result), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
