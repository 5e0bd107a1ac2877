"""Page throughput under gunicorn against the baseline, with ``shared/bench/compare``.

The project runs as in production (gunicorn, 2 sync workers, ``bench.settings``:
DEBUG off, cached templates) on port 8802 against the benchmark database; compare
starts the baseline itself and alternates wrk rounds between the two.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.database import ROOT, bench_url, django_environ
from bench.pages import PAGES, Page

PORT = int(os.environ.get("BENCH_PORT", "8802"))
WORKERS = 2
COMPARE = ROOT.parent / "shared" / "bench" / "compare"
FIGURES = re.compile(
    r"ratio=(?P<ratio>[\d.]+) project_rps=(?P<project>\d+) baseline_rps=(?P<baseline>\d+)"
    r" project_p99_ms=(?P<p99>[\d.na]+) non2xx=(?P<non2xx>\d+)"
)


@dataclass
class PageResult:
    page: Page
    ratio: float | None = None
    project_rps: float | None = None
    baseline_rps: float | None = None
    p99_ms: float | None = None
    non2xx: int | None = None
    error: str = ""


def compare_path() -> Path:
    if not COMPARE.is_file():
        sys.exit(
            f"bench: {COMPARE} is missing. The baseline comparison script lives in shared/bench/ beside"
            " the repository (../shared/bench/compare); restore it to measure pages."
        )
    return COMPARE


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _answers(url: str, host: str) -> bool:
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        urllib.request.urlopen(request, timeout=2).read()
    except urllib.error.HTTPError:
        return True  # it answered; the status is compare's business
    except OSError:
        return False
    return True


@contextmanager
def gunicorn(workers: int = WORKERS) -> Iterator[str]:
    """The project under gunicorn (``workers`` sync workers) on 127.0.0.1:PORT; yields its base URL."""
    if not _port_is_free(PORT):
        sys.exit(f"bench: port {PORT} is already in use; set BENCH_PORT to another port")
    log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{PORT}"]
    server = subprocess.Popen(
        [*command, "volmify.wsgi:application"],
        cwd=ROOT,
        env=django_environ(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(300):
            if server.poll() is not None:
                sys.exit(f"bench: gunicorn exited with {server.returncode}; see {log.name}")
            if _answers(base + "/", PAGES[0].host):
                break
            time.sleep(0.1)
        else:
            sys.exit(f"bench: gunicorn did not answer on {base}; see {log.name}")
        print(f"bench: gunicorn ({workers} workers, bench.settings) on {base}; log {log.name}", flush=True)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def session_key(email: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "bench.sessions", email],
        cwd=ROOT,
        env=django_environ(),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def measure(page: Page, base: str, seconds: int, rounds: int) -> PageResult:
    """One compare run for ``page``; its output is shown as it comes."""
    command = ["python3", str(compare_path()), base + page.path, "--host", page.host]
    command += ["--seconds", str(seconds), "--rounds", str(rounds)]
    if page.login_email:
        command += ["--header", f"Cookie: sessionid={session_key(page.login_email)}"]
    signed_in = f" as {page.login_email}" if page.login_email else ""
    print(f"\n== {page.name}: {page.host}{page.path}{signed_in}", flush=True)
    environ = {**os.environ, "PYTHON": sys.executable, "DATABASE_URL": bench_url()}
    process = subprocess.Popen(command, cwd=ROOT, env=environ, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        print("   " + line, end="", flush=True)
        lines.append(line)
    process.wait()
    found = FIGURES.search("".join(lines))
    if process.returncode != 0 or found is None:
        return PageResult(page, error=f"compare exited with {process.returncode}")
    return PageResult(
        page,
        ratio=float(found["ratio"]),
        project_rps=float(found["project"]),
        baseline_rps=float(found["baseline"]),
        p99_ms=float(found["p99"]),
        non2xx=int(found["non2xx"]),
    )


def run(*, seconds: int, rounds: int, only: str | None = None) -> list[PageResult]:
    compare_path()
    pages = [page for page in PAGES if not only or only.lower() in page.name.lower()]
    if not pages:
        sys.exit(f"bench: no page matches {only!r}")
    with gunicorn() as base:
        return [measure(page, base, seconds, rounds) for page in pages]
