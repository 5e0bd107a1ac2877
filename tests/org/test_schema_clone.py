"""Provisioning that stays flat (``volmify.schema_clone``): a clone has the template's whole
definition and rows, the catalog is read once per template state (never per org, so the time per
org does not grow with the number of schemas), and the template is kept current by deploys."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.org.models import Org
from apps.org.services import org_provision
from tests.actors import TEST_ACTOR
from tests.org.factories import OrgFactory
from volmify import schema_clone
from volmify.schema_migrate import migrations_missing

TEMPLATE = settings.TENANT_BASE_SCHEMA
LEAF = ("admin", "0003_logentry_add_action_flag_choices")  # recorded only, in an org's schema


@pytest.fixture(autouse=True)
def _recipes_read_afresh():
    """Each test reads the template itself, and leaves no recipe of what it changed in the template
    (rolled back with the test) to later tests."""
    schema_clone._recipes.clear()
    yield
    schema_clone._recipes.clear()


def _definition(schema: str) -> dict[str, list[tuple]]:
    """What a schema holds, read from the catalog independently of the code under test, with its
    own name taken out of the definitions."""
    queries = {
        "columns": """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid), a.attcollation
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE c.relnamespace = %(schema)s::regnamespace AND a.attnum > 0 AND NOT a.attisdropped""",
        "constraints": """
            SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid), k.condeferrable
              FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
             WHERE k.connamespace = %(schema)s::regnamespace""",
        "indexes": """
            SELECT x.relname, replace(pg_get_indexdef(x.oid), quote_ident(%(schema)s) || '.', '')
              FROM pg_class x WHERE x.relnamespace = %(schema)s::regnamespace AND x.relkind = 'i'""",
        "sequences": """
            SELECT c.relname, s.seqtypid, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,
                   s.seqcycle
              FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
             WHERE c.relnamespace = %(schema)s::regnamespace""",
        "triggers": """
            SELECT t.tgname, replace(pg_get_triggerdef(t.oid), quote_ident(%(schema)s) || '.', '')
              FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
             WHERE c.relnamespace = %(schema)s::regnamespace AND NOT t.tgisinternal""",
        "relations": """
            SELECT relname, relkind, reloptions FROM pg_class
             WHERE relnamespace = %(schema)s::regnamespace""",
        "migrations": f'SELECT app, name, applied FROM "{schema}".django_migrations',
    }
    found: dict[str, list[tuple]] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL search_path = {connection.ops.quote_name(schema)}, public")
        for name, query in queries.items():
            cursor.execute(query, {"schema": schema})
            found[name] = sorted(cursor.fetchall(), key=repr)
        found["constraints"] = [(*row[:3], _without_casts(row[3]), *row[4:]) for row in found["constraints"]]
        cursor.execute("SET LOCAL search_path = public")
    return found


def _without_casts(definition: str) -> str:
    """A check constraint printed, re-read and printed again gains casts (PostgreSQL prints
    ``ANY ((ARRAY['a'::varchar])::text[])``, which reads back as ``ANY (ARRAY[('a'::varchar)::text])``,
    the same test; pg_dump's copies have the same drift), so casts and parentheses are left out."""
    return re.sub(r"[()]", "", re.sub(r"::[a-z ]+(\[\])?", "", definition))


def test_a_clone_has_the_template_definition_and_rows(db):
    schema_clone.schema_clone(TEMPLATE, "org_cloned")
    template, clone = _definition(TEMPLATE), _definition("org_cloned")
    assert len(template["columns"]) > 300 and len(template["migrations"]) > 50  # a real template
    assert {kind for _table, _name, kind, *_ in template["constraints"]} >= {"p", "u", "c", "f"}
    for part in template:
        assert clone[part] == template[part], part


def test_a_clone_continues_the_template_sequences(db):
    schema_clone.schema_clone(TEMPLATE, "org_cloned")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(id) FROM {TEMPLATE}.django_migrations")
        last = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO org_cloned.django_migrations (app, name, applied) VALUES ('x', 'y', now())"
        )
        cursor.execute("SELECT id FROM org_cloned.django_migrations WHERE app = 'x'")
        assert cursor.fetchone()[0] == last + 1


def _provision_queries(slug: str) -> list[str]:
    org = OrgFactory(slug=slug, status=Org.Status.PROVISIONING)
    with CaptureQueriesContext(connection) as queries:
        assert org_provision(actor=TEST_ACTOR, org_id=org.pk).status == Org.Status.ACTIVE
    # the same statement for any org: its ids, savepoint names and slug left out
    return [re.sub(r"\d+", "N", query["sql"].replace(slug, "SLUG")) for query in queries.captured_queries]


def test_provisioning_reads_the_catalog_once_per_template_state_not_per_org(db):
    first = _provision_queries("qxa")
    assert any("pg_attribute" in sql for sql in first)  # the template read once
    second, third = _provision_queries("qxb"), _provision_queries("qxc")
    # nothing of the later ones looks through the catalog or runs django-tenants' clone function,
    # and they issue the same statements: their time cannot grow with the number of schemas
    for statements in (second, third):
        assert not [
            sql for sql in statements if "pg_class" in sql or "pg_attribute" in sql or "clone_schema(" in sql
        ]
    assert third == second


def test_a_template_with_objects_the_recipe_lacks_is_cloned_by_django_tenants(db, caplog):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE VIEW {TEMPLATE}.member_names AS SELECT role FROM {TEMPLATE}.org_member")
    schema_clone.schema_clone(TEMPLATE, "org_cloned")
    assert "django-tenants' clone_schema(): relations of kind v" in caplog.text
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM org_cloned.member_names")
        assert cursor.fetchone() == (0,)


def _forget_leaf(schema: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s', LEAF)


def test_the_deploy_migration_keeps_the_template_current(db):
    _forget_leaf(TEMPLATE)
    assert migrations_missing(TEMPLATE) == [".".join(LEAF)]
    call_command("migrate_orgs", workers=1, stdout=StringIO())
    assert migrations_missing(TEMPLATE) == []


def test_an_org_cloned_from_a_template_behind_gets_what_it_lacked(db):
    _forget_leaf(TEMPLATE)  # the deploy's new code runs; migrate_orgs has not reached the template
    org = OrgFactory(slug="early", status=Org.Status.PROVISIONING)
    assert org_provision(actor=TEST_ACTOR, org_id=org.pk).status == Org.Status.ACTIVE
    assert migrations_missing(org.schema_name) == []
