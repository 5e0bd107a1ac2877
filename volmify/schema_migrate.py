"""Deploy migrations over every org's schema, at thousands of orgs.

``migrate_schemas`` opens every schema and asks Django's executor what to apply, about 0.8 s per
schema even when nothing is new. Here one pass reads what every schema has applied (one query per
few hundred schemas over their ``django_migrations`` tables), the schemas that are current are
skipped, and the rest are migrated by a pool of forked workers, each schema by django-tenants'
own per-schema runner. The first failure stops the pool: each migration is atomic in PostgreSQL,
so a schema is left either before or after a migration, never half way.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from psycopg import sql

SCHEMAS_PER_QUERY = 400


@dataclass(frozen=True)
class SchemaResult:
    schema_name: str
    seconds: float
    error: str = ""


def expected_migrations() -> list[str]:
    """Every migration of the project as ``"app.name"``: a schema is current when it has them all
    (django-tenants records every app's migrations in every schema; the router skips the others'
    operations)."""
    return sorted(_project_migrations())


@functools.cache
def _project_migrations() -> frozenset[str]:
    # Read from the code, once per process: without a connection the loader does not list the
    # database's tables (one scan of every relation of every schema).
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(f"{app}.{name}" for app, name in loader.graph.nodes)


def migrations_missing(schema_name: str) -> list[str]:
    """The project's migrations ``schema_name`` has not applied."""
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("SELECT app || '.' || name FROM {}").format(
                sql.Identifier(schema_name, "django_migrations")
            )
        )
        applied = {row[0] for row in cursor.fetchall()}
    return sorted(_project_migrations() - applied)


def schemas_behind(schema_names: Iterable[str]) -> list[str]:
    """The schemas (of ``schema_names``, in their order) that lack any of the project's migrations."""
    names = list(schema_names)
    expected = expected_migrations()
    recorded = _schemas_with_migration_table(names)
    applied: dict[str, int] = {}
    for start in range(0, len(recorded), SCHEMAS_PER_QUERY):
        applied |= _applied_counts(recorded[start : start + SCHEMAS_PER_QUERY], expected)
    return [name for name in names if applied.get(name, 0) < len(expected)]


def _schemas_with_migration_table(names: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables"
            " WHERE table_name = 'django_migrations' AND table_schema = ANY(%s)",
            [names],
        )
        found = {row[0] for row in cursor.fetchall()}
    return [name for name in names if name in found]


def _applied_counts(names: list[str], expected: list[str]) -> dict[str, int]:
    """How many of ``expected`` each schema has applied, in one statement over all of them."""
    if not names:
        return {}
    branch = sql.SQL(
        "SELECT {name}::text, count(*) FROM {table} WHERE app || '.' || name = ANY(%(expected)s)"
    )
    query = sql.SQL(" UNION ALL ").join(
        branch.format(name=sql.Literal(name), table=sql.Identifier(name, "django_migrations"))
        for name in names
    )
    with connection.cursor() as cursor:
        cursor.execute(query, {"expected": expected})
        return dict(cursor.fetchall())


def migrate_schema(schema_name: str) -> SchemaResult:
    """Apply what ``schema_name`` lacks with django-tenants' per-schema runner; a failure is
    returned with its traceback (it ends the deploy), not raised across the pool."""
    from django_tenants.migration_executors.base import run_migrations

    started = time.monotonic()
    try:
        run_migrations([], _migrate_options(), "migrate_orgs", schema_name, allow_atomic=True)
    except Exception:  # reported by the caller, which stops the deploy and exits non-zero
        return SchemaResult(schema_name, time.monotonic() - started, traceback.format_exc())
    return SchemaResult(schema_name, time.monotonic() - started)


def _in_worker(schema_name: str) -> SchemaResult:
    try:
        return migrate_schema(schema_name)
    finally:
        connections.close_all()


def _migrate_options() -> dict:
    from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand

    parser = MigrateSchemasCommand().create_parser("manage.py", "migrate_schemas")
    options = vars(parser.parse_args(["--noinput", "--verbosity", "0"]))
    options["skip_checks"] = True
    return options


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, getattr(settings, "TENANT_MULTIPROCESSING_MAX_PROCESSES", 8)))


def migrate_in_parallel(
    schema_names: list[str], *, workers: int, migrate: Callable[[str], SchemaResult] | None = None
) -> Iterator[SchemaResult]:
    """Migrate each schema, ``workers`` at a time, yielding each result as it finishes; after a
    failed one nothing more is yielded and the pool is stopped (running migrations roll back)."""
    if workers <= 1 or len(schema_names) <= 1:
        for name in schema_names:
            result = (migrate or migrate_schema)(name)
            yield result
            if result.error:
                return
        return
    connections.close_all()  # the workers are forked: none may share the parent's connection
    with multiprocessing.get_context("fork").Pool(min(workers, len(schema_names))) as pool:
        for result in pool.imap_unordered(migrate or _in_worker, schema_names):
            yield result
            if result.error:
                pool.terminate()
                return
