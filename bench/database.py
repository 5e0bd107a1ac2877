"""The benchmark database: a sibling of the one in DATABASE_URL, migrated and seeded by the bench.

Nothing here imports Django; the Django work runs in ``manage.py`` subprocesses.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "volmify_bench")
SETTINGS = "bench.settings"


def server_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("bench: DATABASE_URL is unset; run through `make bench` (volmify.localservices)")
    return url


def bench_url(url: str | None = None) -> str:
    """DATABASE_URL with its database name replaced by the benchmark database."""
    parsed = urlparse(url or server_url())
    return urlunparse(parsed._replace(path="/" + BENCH_DATABASE))


def django_environ() -> dict[str, str]:
    """The environment of every Django subprocess of the bench."""
    return {**os.environ, "DATABASE_URL": bench_url(), "DJANGO_SETTINGS_MODULE": SETTINGS}


def ensure_database() -> None:
    import psycopg

    parsed = urlparse(server_url())
    admin = urlunparse(parsed._replace(path="/" + (unquote(parsed.path.lstrip("/")) or "postgres")))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=django_environ(), check=True)


def prepare() -> None:
    """Create, migrate and seed the benchmark database (idempotent; later runs are quick)."""
    ensure_database()
    print(f"bench: migrating and seeding database {BENCH_DATABASE}", flush=True)
    manage("migrate_schemas", "--executor=standard", "-v", "0")
    manage("seed_demo")
    subprocess.run([sys.executable, "-m", "bench.carts"], cwd=ROOT, env=django_environ(), check=True)
    subprocess.run([sys.executable, "-m", "bench.creators"], cwd=ROOT, env=django_environ(), check=True)


def rerun_under_bench_settings(module: str, argv: list[str] | None, *, prepared: bool) -> int | None:
    """Run ``python -m module`` again against the benchmark database (seeding it first unless
    ``prepared``) and return its exit code; None when this process already runs under
    ``bench.settings``, so the caller measures here."""
    if os.environ.get("DJANGO_SETTINGS_MODULE") == SETTINGS:
        return None
    if not prepared:
        prepare()
    forwarded = argv if argv is not None else sys.argv[1:]
    command = [sys.executable, "-m", module, *forwarded]
    return subprocess.run(command, cwd=ROOT, env=django_environ()).returncode
