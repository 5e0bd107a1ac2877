"""Ledger posting: distinct paid order lines posted to the revenue ledger, set-based.

    python -m bench.ledger [--lines 30000] [--runs 3] [--json PATH]

Runs through ``make bench`` (part ``ledger``) or alone under ``volmify.localservices``. In the demo
org "acme" of the benchmark database, inside a transaction rolled back at the end, each run
inserts ``--lines`` distinct paid orders of one line each (EUR, a 10% platform fee), each paid at
its own moment, spread over several products, with their ``line_paid`` commerce events, set-wise,
then times the production path (``ledger_post_pending``, the body of the ``ledger_post`` task) plus
the commit-time balance check (``SET CONSTRAINTS ALL IMMEDIATE`` runs the deferred trigger that a
commit would), then a re-run (must post nothing). Reports the median of the runs.

The creators are real (made once, before the runs, through the instructor and product services):
``CREATORS`` profiles affiliated with the org on revenue-share (30%), fixed (1.50 EUR per sale and
100 EUR per month) and hybrid (20% plus 0.50 EUR per sale) terms, two or three of them credited on
each of ``PRODUCTS`` products (shares 50/50 or 50/30/20), so the terms come from the production
``creator_terms_at`` and a line divides between up to five parties besides the clearing account.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

GOAL_PER_SECOND = 20_000
CREATORS = 8
PRODUCTS = 6


class Rollback(Exception):
    pass


def build(lines: int, run: int, plans: list) -> None:
    """``lines`` paid orders of one line each, round-robin over ``plans``, each paid at its own
    moment (a millisecond apart, after the creators' terms came into force)."""
    from django.db import connection

    from apps.member.models import OrgMember

    member = OrgMember.objects.order_by("pk").first()
    assert member is not None, "seed_demo made no member"
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM org_region ORDER BY id LIMIT 1")
        region_id = cursor.fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH p AS (
                SELECT * FROM unnest(%(products)s::bigint[], %(variants)s::bigint[], %(plans)s::bigint[])
                    WITH ORDINALITY AS p(product_id, variant_id, plan_id, n)
            ), o AS (
                INSERT INTO org_order (number, status, provider, member_id, email, locale, region_id,
                    currency, billing_country, shipping_name, shipping_line1, shipping_line2, shipping_city,
                    shipping_postal_code, shipping_state, shipping_country, subtotal, total, amount_refunded,
                    application_fee, notice, created_at, placed_at, paid_at)
                SELECT 'B' || %(run)s || '-' || g, 'paid', 'stripe', %(member)s, 'bench@example.com', 'en-US',
                    %(region)s, 'EUR', 'DE', '', '', '', '', '', '', '', p, p, 0, round(p * 0.1, 2), '',
                    now(), now(), clock_timestamp() + g * interval '1 millisecond'
                FROM generate_series(1, %(lines)s) g, LATERAL (SELECT 5 + g * 0.01 AS p) price
                RETURNING id, total, number
            ), l AS (
                INSERT INTO org_order_line (order_id, product_id, variant_id, plan_id, product_type,
                    product_name, variant_name, plan_name, access_tier, unit_amount, quantity, total,
                    amount_refunded, access, stock)
                SELECT o.id, p.product_id, p.variant_id, p.plan_id, 'digital', 'Bench', '', 'Basic', 1,
                    o.total, 1, o.total, 0, 'active', 'none'
                FROM o JOIN p ON p.n = 1 + split_part(o.number, '-', 2)::int %% %(count)s
                RETURNING id, order_id, total
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
                "products": [plan.variant.product_id for plan in plans],
                "variants": [plan.variant_id for plan in plans],
                "plans": [plan.pk for plan in plans],
                "count": len(plans),
            },
        )
        cursor.execute("ANALYZE org_order; ANALYZE org_order_line; ANALYZE org_commerce_event")


TERMS = [
    {"kind": "revenue_share", "percent": "30"},
    {"kind": "fixed", "amounts": {"EUR": {"per_sale": "1.50", "per_month": "100"}}},
    {"kind": "hybrid", "percent": "20", "amounts": {"EUR": {"per_sale": "0.50"}}},
]
SHARES = {2: ["50", "50"], 3: ["50", "30", "20"]}


def creators_make(org) -> list:
    """``CREATORS`` creators affiliated with ``org`` on a mix of terms, credited on ``PRODUCTS``
    products (two or three each); returns a payment plan of each product."""
    from apps.instructor.services.affiliations import affiliation_create, compensation_set
    from apps.instructor.services.profiles import instructor_profile_create
    from apps.locale_region.selectors import org_selling_currencies
    from apps.payment.models import OrgProductVariantPaymentPlan
    from apps.product.attribution import Credit, attribution_set
    from apps.product.models import OrgProduct
    from apps.user.services import user_create_verified
    from volmify.actors import MAINTENANCE

    currencies = org_selling_currencies()
    assert "EUR" in currencies, "the bench org must sell in EUR"
    profiles = []
    for index in range(CREATORS):
        user = user_create_verified(
            actor=MAINTENANCE, email=f"bench-creator-{index}@example.com", password="x"
        )
        profile = instructor_profile_create(
            actor=MAINTENANCE, user=user, display_name=f"Bench creator {index}", slug=f"bench-creator-{index}"
        )
        affiliation = affiliation_create(actor=MAINTENANCE, profile=profile, org=org)
        compensation_set(
            actor=MAINTENANCE, affiliation=affiliation, selling_currencies=currencies, **TERMS[index % 3]
        )
        profiles.append(profile)
    plans = []
    seen: set[int] = set()
    for plan in OrgProductVariantPaymentPlan.objects.select_related("variant").order_by("pk"):
        if plan.variant.product_id not in seen and len(plans) < PRODUCTS:
            seen.add(plan.variant.product_id)
            plans.append(plan)
    assert len(plans) == PRODUCTS, f"seed_demo made fewer than {PRODUCTS} products with plans"
    for number, plan in enumerate(plans):
        count = 2 + number % 2
        credits = [
            Credit(profiles[(number + k) % CREATORS].pk, "co_author", share)
            for k, share in enumerate(SHARES[count])
        ]
        product = OrgProduct.objects.get(pk=plan.variant.product_id)
        attribution_set(actor=MAINTENANCE, product=product, credits=credits)
    return plans


def measure(lines: int, runs: int) -> dict:
    import django

    django.setup()
    from django.db import connection, transaction
    from django_tenants.utils import schema_context

    from apps.ledger.services.posting import ledger_post_pending
    from apps.org.models import Org
    from volmify.actors import LEDGER

    org = Org.objects.get(slug="acme")
    timings, reruns, posted = [], [], []
    try:
        with schema_context(org.schema_name), transaction.atomic():
            plans = creators_make(org)
            for run in range(runs):
                build(lines, run, plans)
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
