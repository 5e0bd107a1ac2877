"""Org provisioning: cloning the template schema vs. migrating a fresh schema.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=<bench db> \
        python -m bench.provisioning [--runs 7] [--json PATH]

Clone: ``org_provision`` on a new org row, exactly as the Celery task runs it
(django-tenants ``create_schema`` with ``TENANT_BASE_SCHEMA`` and faked
migrations). Migrate: ``CREATE SCHEMA`` plus ``migrate_schemas`` of that one
schema. The two alternate, so drift on the machine hits both alike. Every schema
and org row made here is removed afterwards (and any left by a killed run before).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import django

PREFIX = "bench_"
SLUG_PREFIX = "bench-"


class PhaseTimer:
    """Wraps functions so each call adds its duration to a named phase of the current run."""

    def __init__(self) -> None:
        self.current: dict[str, float] = defaultdict(float)

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.current[name] += time.perf_counter() - start

        return timed

    def take(self) -> dict[str, float]:
        phases, self.current = dict(self.current), defaultdict(float)
        return phases


@contextmanager
def clone_phases(timer: PhaseTimer) -> Iterator[None]:
    """Time the three steps of a clone: define the clone function, run it, fake the migrations."""
    import django_tenants.models as tenant_models
    from django_tenants.clone import CloneSchema

    saved = (
        CloneSchema._create_clone_schema_function,
        CloneSchema.clone_schema,
        tenant_models.call_command,
    )
    define = timer.wrap("define clone_schema()", CloneSchema._create_clone_schema_function)
    clone = timer.wrap("clone_schema() total", CloneSchema.clone_schema)  # includes define
    CloneSchema._create_clone_schema_function = define  # type: ignore[method-assign]
    CloneSchema.clone_schema = clone  # type: ignore[method-assign]
    tenant_models.call_command = timer.wrap("migrate_schemas --fake", tenant_models.call_command)
    try:
        yield
    finally:
        (
            CloneSchema._create_clone_schema_function,
            CloneSchema.clone_schema,
            tenant_models.call_command,
        ) = saved  # type: ignore[method-assign]


def drop_leftovers() -> None:
    from django.db import connection

    from apps.org.models import Org

    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", [PREFIX.replace("_", r"\_") + "%"]
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP SCHEMA "{name}" CASCADE')
    Org.objects.filter(slug__startswith=SLUG_PREFIX).delete()


def clone_once(index: int) -> float:
    from apps.org.models import Org
    from apps.org.services import org_provision
    from volmify.actors import MAINTENANCE

    org = Org.objects.create(
        name=f"Bench clone {index}", slug=f"{SLUG_PREFIX}clone-{index}", schema_name=f"{PREFIX}clone_{index}"
    )
    start = time.perf_counter()
    org = org_provision(actor=MAINTENANCE, org_id=org.pk)
    elapsed = time.perf_counter() - start
    if not org.is_active:
        raise RuntimeError(f"provisioning failed: {org.failure_reason}")
    return elapsed


def migrate_once(index: int) -> float:
    from django.core.management import call_command
    from django.db import connection

    schema = f"{PREFIX}migrate_{index}"
    start = time.perf_counter()
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema}"')
    call_command("migrate_schemas", tenant=True, schema_name=schema, interactive=False, verbosity=0)
    connection.set_schema_to_public()
    return time.perf_counter() - start


def tenant_migration_count() -> int:
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    tenant_labels = {app.rsplit(".", 1)[-1] for app in settings.TENANT_APPS}
    return sum(1 for app_label, _ in loader.disk_migrations if app_label in tenant_labels)


def run(runs: int) -> dict[str, Any]:
    timer = PhaseTimer()
    clone_times: list[float] = []
    migrate_times: list[float] = []
    phases: dict[str, list[float]] = defaultdict(list)
    drop_leftovers()
    try:
        migrate_once(0)  # warm-up: imports, migration graph, clone function compiled once
        with clone_phases(timer):
            clone_once(0)
            timer.take()
            for index in range(1, runs + 1):
                clone_times.append(clone_once(index))
                step = timer.take()
                step["clone_schema() SQL"] = step.pop("clone_schema() total") - step["define clone_schema()"]
                for name, seconds in step.items():
                    phases[name].append(seconds)
                migrate_times.append(migrate_once(index))
                print(
                    f"  run {index}: clone {clone_times[-1]:.3f} s, migrate {migrate_times[-1]:.3f} s",
                    flush=True,
                )
    finally:
        drop_leftovers()
    clone, migrate = statistics.median(clone_times), statistics.median(migrate_times)
    return {
        "runs": runs,
        "tenant_migrations": tenant_migration_count(),
        "clone_s": clone,
        "migrate_s": migrate,
        "ratio": clone / migrate,
        "clone_phases_s": {name: statistics.median(values) for name, values in phases.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", help="write the result here as JSON")
    args = parser.parse_args()
    django.setup()
    result = run(args.runs)
    print(
        f"provisioning: clone median {result['clone_s']:.3f} s, migrate median {result['migrate_s']:.3f} s,"
        f" ratio clone/migrate {result['ratio']:.2f} (goal <= 0.5)"
        f" over {args.runs} runs, {result['tenant_migrations']} tenant migrations"
    )
    for name, seconds in result["clone_phases_s"].items():
        print(f"  clone phase {name}: median {seconds:.3f} s")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(result, handle)


if __name__ == "__main__":
    main()
