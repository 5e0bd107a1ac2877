"""Earnings rollup: many orgs' creator earnings refreshed into the public rollup table.

    python -m bench.earnings_rollup [--orgs 200] [--creators 50] [--keep]

Runs through ``make bench`` (part ``earnings``) or alone under ``volmify.localservices``. It
provisions ``--orgs`` orgs in the benchmark database (``bench/scale_orgs.py``'s, reused when they
exist), gives each a ledger of ``--creators`` creators with a year of sales, refunds and payouts
(two currencies; inserted set-wise and committed, as the rollup reads committed rows), then times
the production path: ``earnings_rollup_refresh`` per org, in one process as the beat sweep's tasks
would run, the whole round cold and again (a re-run must write no row). Reports the seconds, the
rows written, and the peak Python heap after the first tenth of the orgs and after all of them
(flat memory: the second is not larger in proportion). The orgs are dropped afterwards unless
``--keep``.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

GOAL_SECONDS = 10.0

_LEDGER = """
WITH t AS (
    INSERT INTO org_ledger_transaction (key, kind, sold_at, occurred_at)
    SELECT 'bench:' || c || ':' || m || ':' || k, CASE WHEN k = 3 THEN 'payout' ELSE 'sale' END,
           CASE WHEN k = 3 THEN NULL ELSE now() - make_interval(days => m * 30 + k) END,
           now() - make_interval(days => m * 30 + k)
      FROM generate_series(1, %(creators)s) c, generate_series(0, 11) m, generate_series(0, 3) k
    RETURNING id, key, kind
), parts AS (
    SELECT t.id, t.kind, split_part(t.key, ':', 2)::int AS c, split_part(t.key, ':', 3)::int AS m FROM t
)
INSERT INTO org_ledger_entry (transaction_id, account, profile_id, currency, amount)
SELECT id, 'creator_payable', 1000 + c,
       CASE WHEN c %% 2 = 0 THEN 'EUR' ELSE 'JPY' END,
       CASE WHEN kind = 'payout' THEN -1 ELSE 1 END * CASE WHEN c %% 2 = 0 THEN 12.34 ELSE 1234 END
  FROM parts
UNION ALL
SELECT id, 'clearing', NULL,
       CASE WHEN c %% 2 = 0 THEN 'EUR' ELSE 'JPY' END,
       CASE WHEN kind = 'payout' THEN 1 ELSE -1 END * CASE WHEN c %% 2 = 0 THEN 12.34 ELSE 1234 END
  FROM parts
"""


def orgs_ready(count: int, creators: int) -> list:
    from django.db import connection, transaction

    from apps.org.models import Org
    from bench import scale_orgs

    existing = Org.objects.filter(slug__startswith=scale_orgs.SLUG_PREFIX).count()
    if existing < count:
        print(f"  provisioning {count - existing} orgs", flush=True)
        scale_orgs.create(existing + 1, count)
    orgs = list(Org.objects.filter(slug__startswith=scale_orgs.SLUG_PREFIX).order_by("pk")[:count])
    for org in orgs:
        connection.set_tenant(org)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM org_ledger_transaction WHERE key LIKE 'bench:%%')")
            if not cursor.fetchone()[0]:
                cursor.execute(_LEDGER, {"creators": creators})
    connection.set_schema_to_public()
    return orgs


def refresh_all(orgs: list) -> tuple[float, int, list[int]]:
    from django.db import connection

    from apps.ledger.rollup import earnings_rollup_refresh
    from volmify.actors import LEDGER

    tenth = max(1, len(orgs) // 10)
    peaks = []
    rows = 0
    tracemalloc.start()
    start = time.perf_counter()
    for index, org in enumerate(orgs, 1):
        connection.set_tenant(org)
        rows += earnings_rollup_refresh(actor=LEDGER, org=org)
        if index in (tenth, len(orgs)):
            peaks.append(tracemalloc.get_traced_memory()[1])
    seconds = time.perf_counter() - start
    tracemalloc.stop()
    connection.set_schema_to_public()
    return seconds, rows, peaks


def measure(orgs_count: int, creators: int, keep: bool) -> dict:
    import django

    django.setup()
    from apps.org.models import InstructorEarningsRollup
    from bench import scale_orgs

    orgs = orgs_ready(orgs_count, creators)
    try:
        InstructorEarningsRollup.objects.filter(org__in=orgs).delete()  # a cold round
        cold, rows, peaks = refresh_all(orgs)
        again, rerun_rows, _ = refresh_all(orgs)
        table_rows = InstructorEarningsRollup.objects.filter(org__in=orgs).count()
    finally:
        if not keep:
            scale_orgs.cleanup()
    return {
        "orgs": len(orgs),
        "creators": creators,
        "cold_s": cold,
        "rerun_s": again,
        "rows_written": rows,
        "rerun_rows_written": rerun_rows,
        "rollup_rows": table_rows,
        "python_peak_first_tenth_kb": peaks[0] / 1024,
        "python_peak_all_kb": peaks[-1] / 1024,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def report(r: dict) -> str:
    met = "met" if r["cold_s"] < GOAL_SECONDS and r["rerun_rows_written"] == 0 else "MISSED"
    return (
        f"earnings rollup: {r['orgs']} orgs x {r['creators']} creators -> {r['rows_written']:,} rows "
        f"(profile x org x currency x month) in {r['cold_s']:.2f} s (goal < {GOAL_SECONDS:.0f} s: {met}); "
        f"re-run {r['rerun_s']:.2f} s wrote {r['rerun_rows_written']} rows; peak Python heap "
        f"{r['python_peak_first_tenth_kb']:.0f} KB after a tenth of the orgs, "
        f"{r['python_peak_all_kb']:.0f} KB after all; max RSS {r['max_rss_mb']:.0f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orgs", type=int, default=200)
    parser.add_argument("--creators", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the orgs for the next run")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--prepared", action="store_true", help="the bench database is already seeded")
    args = parser.parse_args(argv)
    from bench import database

    if (
        code := database.rerun_under_bench_settings("bench.earnings_rollup", argv, prepared=args.prepared)
    ) is not None:
        return code
    result = measure(args.orgs, args.creators, args.keep)
    print(report(result), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
