"""`make bench`: run the benchmarks and print a summary table.

    python -m bench.run [provisioning] [storefront] [rollup] [webhook] [payments] [ledger]
                        [earnings] [studio] [creators] [--runs 7] [--seconds 10] [--rounds 3] [--page TEXT]
                        [--events 3000]
    python -m bench.run scale [--orgs 1000]   (thousands of orgs; long, so never part of the default)

Runs inside ``volmify.localservices`` (DATABASE_URL and REDIS_URL set). The
benchmark database ``volmify_bench`` beside the one in DATABASE_URL is created,
migrated and seeded first. Figures are measured, not asserted: the exit code is
0 unless a benchmark could not run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import database, scale, storefront, webhook
from bench.pages import CREATOR_DASHBOARD

DEFAULT_PARTS = (
    "provisioning",
    "storefront",
    "rollup",
    "webhook",
    "payments",
    "ledger",
    "earnings",
    "studio",
)
# "storefront" measures every page of bench.pages; "creators" only the creator dashboard (issue 11).
PARTS = (*DEFAULT_PARTS, "creators", "scale")
# Parts that run as their own module on the prepared database, printing their own figures.
IN_PROCESS_PARTS = {
    "rollup": ("bench.progress_rollup", "progress rollup: 100,000 completions x 1,000 learners"),
    "ledger": ("bench.ledger", "ledger posting: distinct paid order lines, median of 3 runs"),
    "earnings": ("bench.earnings_rollup", "earnings rollup: 200 orgs x 50 creators into the public table"),
    "studio": ("bench.studio_outline", "studio outline: a 60-lesson course in process"),
}


def provisioning(runs: int) -> dict:
    with tempfile.TemporaryDirectory() as directory:
        output = Path(directory) / "provisioning.json"
        command = [sys.executable, "-m", "bench.provisioning", "--runs", str(runs), "--json", str(output)]
        print(f"\n== provisioning: clone template vs. migrate fresh schema, {runs} runs each", flush=True)
        subprocess.run(command, cwd=database.ROOT, env=database.django_environ(), check=True)
        return json.loads(output.read_text())


def payments(events: int, runs: int) -> dict:
    with tempfile.TemporaryDirectory() as directory:
        output = Path(directory) / "payments.json"
        command = [sys.executable, "-m", "bench.payments", "--events", str(events), "--runs", str(runs)]
        subprocess.run(
            [*command, "--json", str(output)], cwd=database.ROOT, env=database.django_environ(), check=True
        )
        return json.loads(output.read_text())


def summary(
    result_of_provisioning: dict | None,
    pages: list[storefront.PageResult],
    hook: dict | None = None,
    events: dict | None = None,
) -> str:
    rows = [("benchmark", "project", "baseline", "ratio", "goal", "non-2xx")]
    if result_of_provisioning:
        r = result_of_provisioning
        rows.append(
            (
                "org provisioning (median s)",
                f"clone {r['clone_s']:.3f} s",
                f"migrate {r['migrate_s']:.3f} s",
                f"{r['ratio']:.2f}",
                "<= 0.5 " + ("met" if r["ratio"] <= 0.5 else "MISSED"),
                "",
            )
        )
    for result in pages:
        goal = result.page.goal_ratio
        if result.error:
            rows.append((result.page.name, "FAILED", "", "", "", result.error))
            continue
        assert result.ratio is not None
        met = goal is None or (result.ratio >= goal and result.non2xx == 0)
        rows.append(
            (
                result.page.name,
                f"{result.project_rps:.0f} req/s (p99 {result.p99_ms:.1f} ms)",
                f"{result.baseline_rps:.0f} req/s",
                f"{result.ratio:.3f}",
                f">= {goal} " + ("met" if met else "MISSED") if goal is not None else "",
                str(result.non2xx),
            )
        )
    if hook:
        met = hook["ratio"] >= 0.5 and hook["non2xx"] == 0 and hook["distinct"]
        rows.append(
            (
                "stripe webhook (distinct signed events)",
                f"{hook['project_rps']:.0f} req/s (p99 {hook['p99_ms']:.1f} ms)",
                f"{hook['baseline_rps']:.0f} req/s",
                f"{hook['ratio']:.3f}",
                ">= 0.5 " + ("met" if met else "MISSED"),
                str(hook["non2xx"]),
            )
        )
    if events:
        rate = events["median_rate"]
        rows.append(
            (
                "stripe events, one process (median)",
                f"{rate:.0f} events/s",
                "",
                "",
                ">= 300/s " + ("met" if rate >= 300 else "MISSED"),
                "",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "parts", nargs="*", metavar="part", help=" and/or ".join(PARTS) + " (default: all but scale)"
    )
    parser.add_argument("--runs", type=int, default=7, help="provisioning runs of each kind")
    parser.add_argument("--seconds", type=int, default=10, help="seconds per wrk round")
    parser.add_argument("--rounds", type=int, default=3, help="wrk rounds per page")
    parser.add_argument("--page", help="only pages whose name contains this text")
    parser.add_argument("--orgs", type=int, default=1000, help="orgs the scale part creates")
    parser.add_argument("--json", help="scale: also write its figures here as JSON")
    parser.add_argument("--events", type=int, default=3000, help="payments: distinct events per run")
    args = parser.parse_args(argv)
    parts = args.parts or list(DEFAULT_PARTS)
    if unknown := set(parts) - set(PARTS):
        parser.error(f"unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    if {"storefront", "creators", "scale", "webhook"} & set(parts):
        storefront.compare_path()  # fail before the slow parts when it is missing
    database.prepare()
    provisioned = provisioning(args.runs) if "provisioning" in parts else None
    for part, (module, title) in IN_PROCESS_PARTS.items():
        if part in parts:
            print(f"\n== {title}", flush=True)
            subprocess.run(
                [sys.executable, "-m", module, "--prepared"],
                cwd=database.ROOT,
                env=database.django_environ(),
                check=True,
            )
    pages = []
    if "storefront" in parts:
        pages = storefront.run(seconds=args.seconds, rounds=args.rounds, only=args.page)
    elif "creators" in parts:
        pages = storefront.run(seconds=args.seconds, rounds=args.rounds, only=CREATOR_DASHBOARD)
    hook = (
        webhook.run(seconds=args.seconds, rounds=args.rounds, connections=8) if "webhook" in parts else None
    )
    events = payments(args.events, 3) if "payments" in parts else None
    scaled = scale.run(orgs=args.orgs, seconds=args.seconds, rounds=args.rounds) if "scale" in parts else None
    if scaled and args.json:
        Path(args.json).write_text(json.dumps(scaled))
    if provisioned or pages or hook or events:
        print("\n" + summary(provisioned, pages, hook, events), flush=True)
    if scaled:
        print("\n" + scale.summary(scaled), flush=True)
    return 1 if any(result.error for result in pages) else 0


if __name__ == "__main__":
    sys.exit(main())
