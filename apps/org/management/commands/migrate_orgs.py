"""``manage.py migrate_orgs``: the deploy migration over the public schema and every org's.

What ``make dev``, the docker-compose ``web`` start and the README's deploy steps run. Schemas that
already have every migration are found in one pass and skipped; the rest are migrated in parallel
with a count and the time left; the first failure stops it, naming the schema
(``volmify.schema_migrate``).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.org.selectors import org_schema_names
from volmify import schema_migrate
from volmify.schema_migrate import SchemaResult


class Command(BaseCommand):
    help = "Apply new migrations to the public schema and every org's schema, skipping current ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers", type=int, default=schema_migrate.default_workers(), help="Schemas migrated at once."
        )
        parser.add_argument("--check", action="store_true", help="Only report; exit 1 if a schema is behind.")

    def handle(self, *args: Any, workers: int, check: bool, **options: Any) -> None:
        started = time.monotonic()
        public = settings.PUBLIC_SCHEMA_NAME
        if schema_migrate.schemas_behind([public]):  # first: the org table itself may be new
            if check:
                raise CommandError(f"Behind: {public}")
            self._stop_on_failure(schema_migrate.migrate_schema(public))
            self.stdout.write(f"{public} migrated.")
        tenants = org_schema_names()
        behind = schema_migrate.schemas_behind(tenants)
        self.stdout.write(
            f"Checked {len(tenants) + 1} schemas in {time.monotonic() - started:.1f} s:"
            f" {len(tenants) + 1 - len(behind)} current, {len(behind)} to migrate."
        )
        if check and behind:
            raise CommandError(f"Behind: {', '.join(behind)}")
        if not check:
            self._migrate_orgs(behind, workers)
            self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))

    def _migrate_orgs(self, schema_names: list[str], workers: int) -> None:
        started = time.monotonic()
        for done, result in enumerate(schema_migrate.migrate_in_parallel(schema_names, workers=workers), 1):
            self._stop_on_failure(result)
            left = (time.monotonic() - started) / done * (len(schema_names) - done)
            self.stdout.write(
                f"[{done}/{len(schema_names)}] {result.schema_name} migrated in {result.seconds:.1f} s"
                f" · about {left:.0f} s left"
            )

    def _stop_on_failure(self, result: SchemaResult) -> None:
        if result.error:
            self.stderr.write(result.error)
            raise CommandError(
                f"Migrating schema {result.schema_name} failed; it is left before the failing migration,"
                " and no other schema was started after it."
            )
