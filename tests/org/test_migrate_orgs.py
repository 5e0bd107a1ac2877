"""The deploy migration (``manage.py migrate_orgs``): current schemas are found in one pass and
skipped, the others are migrated, and the first failure stops it, naming the schema."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.org.models import Org
from volmify import schema_migrate
from volmify.schema_migrate import SchemaResult, migrate_in_parallel, schemas_behind

# A migration no other depends on, whose operations the router skips in an org's schema, so
# removing its record makes a schema "behind" and migrating it only records it again.
LEAF = ("admin", "0003_logentry_add_action_flag_choices")


def _all_schemas() -> list[str]:
    tenants = Org.objects.exclude(schema_name=settings.PUBLIC_SCHEMA_NAME).order_by("pk")
    return [settings.PUBLIC_SCHEMA_NAME, *tenants.values_list("schema_name", flat=True)]


def _forget_leaf(schema_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{schema_name}".django_migrations WHERE app = %s AND name = %s', LEAF)


def _has_leaf(schema_name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT count(*) FROM "{schema_name}".django_migrations WHERE app = %s AND name = %s', LEAF
        )
        return cursor.fetchone()[0] == 1


def _queries_to_check(schemas: list[str]) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert schemas_behind(schemas) == []
    return len(queries)


def test_current_schemas_are_found_in_one_pass_whatever_their_number(org_a, org_b):
    schemas = _all_schemas()
    assert len(schemas) >= 4  # public, the template, alpha, beta
    _queries_to_check(schemas)  # the first reads what the loader caches for the connection
    assert _queries_to_check(schemas) == _queries_to_check(schemas[:1])


def test_a_schema_missing_one_migration_is_behind(org_a, org_b):
    _forget_leaf(org_b.schema_name)
    assert schemas_behind(_all_schemas()) == [org_b.schema_name]


def test_the_command_migrates_only_what_is_behind_and_reports_it(org_a, org_b):
    _forget_leaf(org_b.schema_name)
    out = StringIO()
    call_command("migrate_orgs", workers=1, stdout=out)
    printed = out.getvalue()
    assert f"{len(_all_schemas()) - 1} current, 1 to migrate." in printed
    assert f"[1/1] {org_b.schema_name} migrated in" in printed
    assert _has_leaf(org_b.schema_name)
    assert schemas_behind(_all_schemas()) == []


def test_check_reports_schemas_behind_and_changes_nothing(org_a, org_b):
    _forget_leaf(org_a.schema_name)
    with pytest.raises(CommandError, match=f"Behind: {org_a.schema_name}"):
        call_command("migrate_orgs", check=True, stdout=StringIO())
    assert not _has_leaf(org_a.schema_name)


def test_the_first_failure_stops_the_deploy_and_names_the_schema(org_a, org_b, monkeypatch):
    _forget_leaf(org_a.schema_name)
    _forget_leaf(org_b.schema_name)
    attempted = []

    def failing(schema_name):
        attempted.append(schema_name)
        return SchemaResult(schema_name, 0.1, "Traceback: boom")

    monkeypatch.setattr(schema_migrate, "migrate_schema", failing)
    with pytest.raises(CommandError, match=f"Migrating schema {org_a.schema_name} failed"):
        call_command("migrate_orgs", workers=1, stdout=StringIO(), stderr=StringIO())
    assert attempted == [org_a.schema_name]  # beta was never started
    assert not _has_leaf(org_b.schema_name)


def _fails_on_c(schema_name: str) -> SchemaResult:
    return SchemaResult(schema_name, 0.0, "boom" if schema_name == "c" else "")


def test_the_pool_stops_at_a_failure_and_yields_nothing_after_it():
    results = list(migrate_in_parallel(list("abcdefgh"), workers=2, migrate=_fails_on_c))
    assert results[-1] == SchemaResult("c", 0.0, "boom")
    assert [result for result in results if result.error] == [results[-1]]
