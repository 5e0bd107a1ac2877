"""Quick in-process timing of the benchmarked pages, for comparing changes without wrk.

    python -m volmify.localservices -- python -m bench.profile_pages [-n 200] [--page TEXT] [--queries]

Runs each page of ``bench.pages`` N times through Django's test client against the benchmark
database (``bench.settings``, DEBUG off) and prints the median and mean milliseconds per request
and the number of SQL queries of one warm request. ``--queries`` also prints those queries.
Run ``make bench`` once first so the benchmark database exists and is seeded.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import time

from bench.database import SETTINGS, bench_url


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=200, help="requests per page")
    parser.add_argument("--page", help="only pages whose name contains this text")
    parser.add_argument("--queries", action="store_true", help="print the SQL of one warm request")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="print cProfile's top N functions"
    )
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = bench_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS

    import django

    django.setup()
    from bench.pages import PAGES

    for page in PAGES:
        if not args.page or args.page.lower() in page.name.lower():
            measure(page, args.n, show_queries=args.queries, profile=args.profile)


def measure(page, n: int, *, show_queries: bool, profile: int) -> None:
    from django.db import connection
    from django.test import Client

    from bench.sessions import session_key_for

    client = Client(HTTP_HOST=page.host)
    if page.login_email:
        client.cookies["sessionid"] = session_key_for(page.login_email)
    assert client.get(page.path).status_code == 200, page
    queries: list[str] = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        size = len(client.get(page.path).content)
    timings = []
    for _ in range(n):
        start = time.perf_counter()
        client.get(page.path)
        timings.append((time.perf_counter() - start) * 1000)
    median, mean = statistics.median(timings), statistics.fmean(timings)
    print(
        f"{page.name:40} median {median:6.2f} ms  mean {mean:6.2f} ms  queries {len(queries):2}  bytes {size}"
    )
    if show_queries:
        for sql in queries:
            print(f"    {sql[:300]}")
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [client.get(page.path) for _ in range(n)])
        stats = pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
        stats.print_stats(profile)
        if callers := os.environ.get("PROFILE_CALLERS"):
            stats.print_callers(callers)


if __name__ == "__main__":
    main()
