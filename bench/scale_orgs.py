"""The Django side of the scale benchmark (``bench/scale.py`` runs it in subprocesses).

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=<bench db> python -m bench.scale_orgs \
        create --first 1 --last 1000 --json PATH | stats --json PATH | probe-remove | cleanup

``create`` provisions orgs ``bench-scale-<i>`` (schema ``bench_scale_<i>``, a verified domain
``bench-scale-<i>.localhost``) one after another with ``org_provision``, as the Celery task runs
it, and writes the seconds each took. ``probe-remove`` takes the probe migration's table and
records out of every schema (``bench/scale.py`` applies it with ``migrate_orgs``); ``cleanup`` drops
every schema, org, domain and probe leftover the benchmark makes, a killed run's included.
"""

from __future__ import annotations

import argparse
import json
import time

import django

SLUG_PREFIX = "bench-scale-"
SCHEMA_PREFIX = "bench_scale_"
PROBE_APP = "scale_probe"  # the app of the probe migration (bench/scale.py writes it)
PROBE_TABLE = "scale_probe_note"


def slug(index: int) -> str:
    return f"{SLUG_PREFIX}{index}"


def host(index: int) -> str:
    return f"{slug(index)}.localhost"


def create(first: int, last: int) -> list[float]:
    from django.utils import timezone

    from apps.org.models import Org, OrgDomain
    from apps.org.services import org_provision
    from volmify.actors import MAINTENANCE

    seconds = []
    for index in range(first, last + 1):
        org = Org.objects.create(
            name=f"Scale {index}", slug=slug(index), schema_name=f"{SCHEMA_PREFIX}{index}"
        )
        OrgDomain.objects.create(domain=host(index), tenant=org, is_verified=True, verified_at=timezone.now())
        started = time.perf_counter()
        org = org_provision(actor=MAINTENANCE, org_id=org.pk)
        seconds.append(time.perf_counter() - started)
        if not org.is_active:
            raise RuntimeError(f"provisioning {org.slug} failed: {org.failure_reason}")
        done = index - first + 1
        if done % max(1, (last - first + 1) // 10) == 0:
            print(f"  {done} orgs provisioned, the last in {seconds[-1]:.3f} s", flush=True)
    return seconds


def stats() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM pg_class), pg_database_size(current_database()),"
            " (SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'bench\\_scale\\_%%')"
        )
        relations, size, schemas = cursor.fetchone()
    return {"relations": relations, "database_bytes": size, "scale_schemas": schemas}


def probe_remove() -> None:
    """The probe migration's table and records, out of every schema that has them."""
    from django.db import connection
    from psycopg import sql

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_namespace n WHERE EXISTS (SELECT 1 FROM pg_class c"
            " WHERE c.relnamespace = n.oid AND c.relname IN ('django_migrations', %s))",
            [PROBE_TABLE],
        )
        for (schema,) in cursor.fetchall():
            cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(schema, PROBE_TABLE)))
            cursor.execute(
                sql.SQL("DELETE FROM {} WHERE app = %s").format(sql.Identifier(schema, "django_migrations")),
                [PROBE_APP],
            )


def cleanup() -> None:
    from django.db import connection

    from apps.org.models import Org
    from apps.org.selectors import tenant_connection

    tenant_connection().set_schema_to_public()
    probe_remove()
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bench\\_scale\\_%%'")
        schemas = [row[0] for row in cursor.fetchall()]
        for name in schemas:  # one transaction each: a schema's drop takes a lock per relation
            cursor.execute(f'DROP SCHEMA "{name}" CASCADE')
    # deleting through the ORM cascades to the domains and forgets their cached host lookups
    Org.objects.filter(slug__startswith=SLUG_PREFIX).delete()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=("create", "stats", "probe-remove", "cleanup"))
    parser.add_argument("--first", type=int, default=1)
    parser.add_argument("--last", type=int, default=1)
    parser.add_argument("--json", help="write the result here as JSON")
    args = parser.parse_args()
    django.setup()
    result: object = None
    if args.command == "create":
        result = create(args.first, args.last)
    elif args.command == "stats":
        result = stats()
    elif args.command == "probe-remove":
        probe_remove()
    else:
        cleanup()
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(result, handle)


if __name__ == "__main__":
    main()
