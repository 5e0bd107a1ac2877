"""The Stripe webhook endpoint against the baseline page, side by side, with distinct signed events.

    python -m bench.webhook [--seconds 10] [--rounds 3] [--connections 8]   (inside volmify.localservices)

``shared/bench/compare`` sends GETs only, so this drives wrk the way compare does: the baseline
under gunicorn (2 workers, ``baseline.py`` beside compare) and the project under gunicorn
(``bench.storefront.gunicorn``), rounds alternating project, baseline. Each project round POSTs
bodies of a wrk Lua script made just before it: every request a distinct
``checkout.session.completed`` event signed with the endpoint secret (Stripe's five-minute
tolerance holds), so every request verifies, inserts its inbox row and asks for processing, as a
burst of Stripe deliveries does. The run checks that each request stored a row of its own. The
rows and the queued task runs are removed afterwards (no worker runs during the bench).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from bench.database import ROOT, bench_url, django_environ
from bench.storefront import COMPARE, gunicorn

BASELINE_PORT = int(os.environ.get("BENCH_BASELINE_PORT", "8811"))  # compare keeps 8801
PREFIX = "evt_bench_wh_"


def _psql(sql: str, *params: object) -> list[tuple]:
    import psycopg

    with psycopg.connect(bench_url(), autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _account() -> str:
    rows = _psql(
        "SELECT a.account_id FROM public.org_stripe_account a JOIN public.org o ON o.id = a.org_id"
        " WHERE o.schema_name = 'org_acme'"
    )
    if not rows:
        sys.exit("bench webhook: acme has no Stripe account; run the bench's prepare (seed_demo)")
    return rows[0][0]


def script(count: int, account: str, secret: str, directory: str) -> str:
    """A wrk Lua script posting ``count`` distinct signed events, one per request."""
    run = uuid.uuid4().hex[:8]
    now = int(time.time())
    bodies, signatures = [], []
    for i in range(count):
        event = {
            "id": f"{PREFIX}{run}_{i}",
            "object": "event",
            "api_version": "2025-01-27.acacia",
            "created": now,
            "type": "checkout.session.completed",
            "account": account,
            "livemode": False,
            "pending_webhooks": 1,
            "data": {
                "object": {
                    "id": f"cs_bench_wh_{run}_{i}",
                    "object": "checkout.session",
                    "payment_status": "paid",
                    "status": "complete",
                    "amount_total": 4900,
                    "currency": "usd",
                    "payment_intent": f"pi_bench_wh_{run}_{i}",
                    "metadata": {"order": str(900000000 + i), "org": "org_acme"},
                }
            },
        }
        body = json.dumps(event)
        digest = hmac.new(secret.encode(), f"{now}.{body}".encode(), hashlib.sha256).hexdigest()
        bodies.append(body)
        signatures.append(f"t={now},v1={digest}")
    path = Path(directory) / f"webhook-{run}.lua"
    lines = ["local bodies = {"]
    lines += [f"[==[{body}]==]," for body in bodies]
    lines += ["}", "local signatures = {"]
    lines += [f'"{sig}",' for sig in signatures]
    lines += [
        "}",
        "local i = 0",
        "request = function()",
        "  i = i + 1",
        "  local n = (i - 1) % #bodies + 1",
        '  return wrk.format("POST", "/stripe/webhook/", {["Host"] = "localhost",',
        '    ["Content-Type"] = "application/json", ["Stripe-Signature"] = signatures[n]}, bodies[n])',
        "end",
    ]
    path.write_text("\n".join(lines))
    return str(path)


def wrk(url: str, seconds: int, connections: int, lua: str | None = None) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["-s", lua] if lua else []
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        "p99_ms": float(p99.group(1)) * scale[p99.group(2)] if p99 else float("nan"),
        "non2xx": int(bad.group(1)) if bad else 0,
    }


def _stored() -> int:
    return _psql("SELECT count(*) FROM public.stripe_webhook_event WHERE event_id LIKE %s", PREFIX + "%")[0][
        0
    ]


def _clean() -> None:
    _psql("DELETE FROM public.stripe_webhook_event WHERE event_id LIKE %s", PREFIX + "%")
    environ = django_environ()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from volmify.celery import app; app.control.purge()",
        ],
        cwd=ROOT,
        env=environ,
        check=True,
    )


def run(*, seconds: int, rounds: int, connections: int) -> dict:
    baseline_dir = str(COMPARE.parent)
    environ = {**os.environ, "DATABASE_URL": bench_url()}
    subprocess.run(
        [sys.executable, os.path.join(baseline_dir, "baseline.py"), "setup"], env=environ, check=True
    )
    server = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{BASELINE_PORT}"]
    baseline = subprocess.Popen(
        [*server, "--chdir", baseline_dir, "baseline:application"],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    baseline_url = f"http://127.0.0.1:{BASELINE_PORT}/page"
    account, secret = _account(), django_environ().get("STRIPE_WEBHOOK_SECRET", "")
    if not secret:
        sys.exit("bench webhook: STRIPE_WEBHOOK_SECRET is unset; run inside volmify.localservices")
    print(
        f"\n== stripe webhook: POST localhost/stripe/webhook/, distinct signed events, {rounds} rounds",
        flush=True,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(baseline_url, timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("bench webhook: the baseline server did not answer")
        with gunicorn() as base, tempfile.TemporaryDirectory() as directory:
            url = base + "/stripe/webhook/"
            warm = wrk(url, 2, connections, script(6000, account, secret, directory))
            wrk(baseline_url, 2, connections)
            if warm["non2xx"]:
                sys.exit(f"bench webhook: {warm['non2xx']} requests of the warm-up were refused")
            project, reference = [], []
            for i in range(rounds):
                # twice the fastest rate seen so far, so that no round runs out of distinct events
                fastest = max([warm["rps"], 1000.0] + [r["rps"] for r in project])
                count = int(fastest * seconds * 2)
                lua = script(count, account, secret, directory)
                before = _stored()
                p = wrk(url, seconds, connections, lua)
                p["stored"] = _stored() - before
                b = wrk(baseline_url, seconds, connections)
                project.append(p)
                reference.append(b)
                distinct = (
                    "all distinct" if p["requests"] <= count and p["stored"] >= p["requests"] else "REPEATS"
                )
                print(
                    f"   round {i + 1}: project {p['rps']:.0f} req/s p99 {p['p99_ms']:.1f} ms"
                    f" non-2xx {p['non2xx']}"
                    f" ({p['requests']} requests, {p['stored']} rows stored, {distinct})"
                    f" | baseline {b['rps']:.0f} req/s p99 {b['p99_ms']:.1f} ms",
                    flush=True,
                )
    finally:
        os.killpg(baseline.pid, signal.SIGTERM)
        baseline.wait(timeout=10)
        _clean()
    p_rps = statistics.median(r["rps"] for r in project)
    b_rps = statistics.median(r["rps"] for r in reference)
    result = {
        "ratio": p_rps / b_rps,
        "project_rps": p_rps,
        "baseline_rps": b_rps,
        "p99_ms": statistics.median(r["p99_ms"] for r in project),
        "non2xx": sum(r["non2xx"] for r in project),
        "distinct": all(r["stored"] >= r["requests"] for r in project),
    }
    print(
        f"   ratio={result['ratio']:.3f} project_rps={p_rps:.0f} baseline_rps={b_rps:.0f}"
        f" non2xx={result['non2xx']} distinct={result['distinct']}",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    run(seconds=args.seconds, rounds=args.rounds, connections=args.connections)


if __name__ == "__main__":
    main()
