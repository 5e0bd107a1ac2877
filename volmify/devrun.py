"""`make dev`: migrate, seed the demo, then run web, Celery worker and beat together.

Runs inside ``volmify.localservices`` (which provides DATABASE_URL and
REDIS_URL); Ctrl-C stops the three processes, and localservices then stops
the embedded servers it started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import MutableMapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE_DIR = ROOT / ".volmify"
PY = sys.executable

BANNER = """
  Volmify is running.

    Platform        http://localhost:{port}/            (Django admin: /admin/)
    acme            http://acme.localhost:{port}/       (/manage/, /studio/)
    globex          http://globex.localhost:{port}/

  Demo logins (password: volmify-demo)
    staff@example.com                 platform staff
    owner@acme.example                acme owner       (also owner@globex.example)
    instructor@acme.example           acme instructor  (also instructor@globex.example)
    learner@acme.example              acme learner     (also learner@globex.example)

  Emails (sign-up confirmations, password resets) are printed below.
  Press Ctrl-C to stop everything.
"""


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, check=True)


def start(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT)


def dev_environment(environ: MutableMapping[str, str]) -> None:
    """The settings of every process ``make dev`` starts. Links between the platform and org hosts
    are built with PLATFORM_PORT (never the request's Host header), so it follows PORT unless set."""
    environ.setdefault("DJANGO_SETTINGS_MODULE", "volmify.settings.dev")
    environ.setdefault("PLATFORM_PORT", environ.get("PORT", "8000"))


def main() -> int:
    dev_environment(os.environ)
    STATE_DIR.mkdir(exist_ok=True)
    manage("migrate_orgs")  # skips schemas that are current; migrates the rest in parallel
    manage("seed_demo")
    processes = [
        start([PY, "manage.py", "runserver", f"0.0.0.0:{os.environ.get('PORT', '8000')}"]),
        start([PY, "-m", "celery", "-A", "volmify", "worker", "-l", "info", "--concurrency", "2"]),
        start(
            [
                PY,
                "-m",
                "celery",
                "-A",
                "volmify",
                "beat",
                "-l",
                "info",
                "-s",
                str(STATE_DIR / "celerybeat-schedule"),
            ]
        ),
    ]
    time.sleep(2)
    print(BANNER.format(port=os.environ["PLATFORM_PORT"]), flush=True)
    return supervise(processes)


def supervise(processes: list[subprocess.Popen]) -> int:
    """Wait until Ctrl-C (or SIGTERM) or until one process dies; then stop the others."""
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    code = 0
    try:
        while not stopping and all(process.poll() is None for process in processes):
            time.sleep(0.5)
        if not stopping:
            code = next(process.returncode for process in processes if process.poll() is not None)
            print(f"[dev] a process exited with {code}; stopping the rest", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    print("\n[dev] stopping…", file=sys.stderr)
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
    return code


if __name__ == "__main__":
    sys.exit(main())
