"""The database backend skips ``SET search_path`` when the connection already has that path, and
re-issues it wherever the server may have lost it."""

import contextlib

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError, IntegrityError, connection, connections, transaction

from apps.member.models import OrgMember
from apps.org.models import Org
from volmify.db.base import DatabaseWrapper, may_change_search_path


@pytest.fixture
def search_path_sets():
    """The ``SET search_path`` statements run while the test runs, in order."""
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        if sql.startswith("SET search_path"):
            statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield statements


def _query() -> None:
    Org.objects.exists()


def _server_search_path() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW search_path")
        return cursor.fetchone()[0]


def test_the_path_is_set_only_when_it_changes(org_a, org_b, search_path_sets):
    connection.set_tenant(org_a)
    _query()
    search_path_sets.clear()
    connection.set_schema_to_public()
    connection.set_tenant(org_a)
    _query()
    connection.set_tenant(org_b)
    _query()
    connection.set_tenant(org_b)
    _query()
    assert search_path_sets == ['SET search_path = "org_beta","public"']


def test_a_rolled_back_savepoint_makes_the_path_set_again(org_a, org_b, search_path_sets):
    connection.set_tenant(org_a)
    _query()
    search_path_sets.clear()
    with pytest.raises(ValueError), transaction.atomic():
        connection.set_tenant(org_b)
        _query()
        raise ValueError  # rolling back to the savepoint also undoes the SET to org_beta
    for _request in range(2):  # each request sets the public schema, then its org's
        connection.set_schema_to_public()
        connection.set_tenant(org_b)
        assert _server_search_path() == "org_beta, public"
    assert search_path_sets == ['SET search_path = "org_beta","public"'] * 2  # in the block, after it


# ---------------------------------------------------------------------------------------------
# Sequences that could leave the memory wrong, on a connection used as production uses it: its
# own persistent connection in autocommit, outside the test's transaction. It sees the committed
# session fixtures: each org's schema holds one member, the org's owner.

PRODUCTION = "production"


@pytest.fixture
def production(db, django_db_setup):
    wrapper = DatabaseWrapper({**connection.settings_dict}, PRODUCTION)
    connections[PRODUCTION] = wrapper
    yield wrapper
    wrapper.close()
    del connections[PRODUCTION]


def _request(wrapper: DatabaseWrapper, org: Org) -> None:
    """What the tenant middleware does at the start of each request."""
    wrapper.set_schema_to_public()
    wrapper.set_tenant(org)


def _members(wrapper: DatabaseWrapper) -> list[str]:
    return list(OrgMember.objects.using(wrapper.alias).values_list("user__email", flat=True))


def _assert_runs_in(wrapper: DatabaseWrapper, org: Org) -> None:
    """The ORM believes ``org`` is active: the server's path and the rows must agree."""
    assert wrapper.schema_name == org.schema_name
    assert _members(wrapper) == [org.created_by.email]
    with wrapper.cursor() as cursor:
        cursor.execute("SHOW search_path")
        assert cursor.fetchone()[0] == f"{org.schema_name}, public"


def _divide_by_zero(wrapper: DatabaseWrapper) -> None:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1 / 0")


def test_the_production_connection_skips_a_set_it_does_not_need(production, org_a, org_b):
    sets: list[str] = []

    def record(execute, sql, params, many, context):
        if sql.startswith("SET search_path"):
            sets.append(sql)
        return execute(sql, params, many, context)

    with production.execute_wrapper(record):
        for org in (org_a, org_b, org_b, org_b):
            _request(production, org)
            assert _members(production) == [org.created_by.email]
    assert sets == ['SET search_path = "org_alpha","public"', 'SET search_path = "org_beta","public"']


def test_an_error_caught_inside_atomic_does_not_leave_another_orgs_path(production, org_a, org_b):
    _request(production, org_a)
    _assert_runs_in(production, org_a)
    _request(production, org_b)
    with transaction.atomic(using=PRODUCTION):
        assert _members(production) == [org_b.created_by.email]  # SET to org_beta, in the block
        with contextlib.suppress(DatabaseError):  # PostgreSQL turns the block's COMMIT into a ROLLBACK
            _divide_by_zero(production)
    _assert_runs_in(production, org_b)  # the rest of this request
    _request(production, org_b)
    _assert_runs_in(production, org_b)  # and the next one
    _request(production, org_a)
    _assert_runs_in(production, org_a)


def test_a_nowait_lock_failure_caught_inside_atomic_does_not_leave_another_orgs_path(
    production, org_a, org_b, in_org
):
    in_org(org_b)
    OrgMember.objects.select_for_update().get()  # the test's own transaction holds the row
    _request(production, org_a)
    _assert_runs_in(production, org_a)
    _request(production, org_b)
    # Django's documented pattern for "locked, try later"
    with transaction.atomic(using=PRODUCTION), contextlib.suppress(DatabaseError):
        OrgMember.objects.using(PRODUCTION).select_for_update(nowait=True).get()
    _request(production, org_b)
    _assert_runs_in(production, org_b)


def test_a_commit_that_fails_on_a_deferred_foreign_key_forgets_the_path(production, org_a, org_b):
    _request(production, org_a)
    _assert_runs_in(production, org_a)
    _request(production, org_b)
    production.set_autocommit(False)
    with production.cursor() as cursor:  # the SET to org_beta runs in this transaction
        cursor.execute(
            "INSERT INTO org_member (user_id, role, joined_at) VALUES (%s, 'learner', now())", [2**40]
        )
    with pytest.raises(IntegrityError):
        production.commit()
    production.set_autocommit(True)
    _request(production, org_b)
    _assert_runs_in(production, org_b)


def test_an_exception_after_the_set_ran_leaves_the_path_unknown(production, org_a, org_b):
    _request(production, org_a)
    _assert_runs_in(production, org_a)

    def time_limit_after_set(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith("SET search_path"):
            raise SoftTimeLimitExceeded  # arrives after the server applied the path
        return result

    _request(production, org_b)
    with production.execute_wrapper(time_limit_after_set), pytest.raises(SoftTimeLimitExceeded):
        _members(production)
    _request(production, org_a)
    _assert_runs_in(production, org_a)


@pytest.mark.parametrize(
    "statement",
    [
        'SET search_path = "org_beta", public',
        "SET SCHEMA 'org_beta'",
        "SELECT set_config('search_path', 'org_beta,public', false)",
        "RESET search_path",
        "RESET ALL",
        "DISCARD ALL",
    ],
)
def test_a_raw_statement_that_changes_the_path_does_not_outlive_itself(production, org_a, org_b, statement):
    _request(production, org_a)
    _assert_runs_in(production, org_a)
    with production.cursor() as cursor:
        cursor.execute(statement)
    _assert_runs_in(production, org_a)  # the rest of this request
    _request(production, org_a)
    _assert_runs_in(production, org_a)  # and the next


@pytest.mark.parametrize(
    ("sql", "changes"),
    [
        ('SELECT "org_member"."id" FROM "org_member" WHERE "org_member"."user_id" = %s', False),
        ('INSERT INTO "org_member" ("user_id") VALUES (%s) RETURNING "org_member"."id"', False),
        ('UPDATE "course" SET "title" = %s WHERE "id" = %s', False),
        ('SAVEPOINT "s1_x1"', False),
        ("SHOW search_path", False),
        ("SELECT CASE WHEN a THEN 1 END FROM t", False),
        ("select set_config('search_path', 'x', false)", True),
        ("SELECT 1; ROLLBACK", True),
        ("UPDATE pg_settings SET setting = 'x' WHERE name = 'search_path'", True),
        ("  Set Session Search_Path To x", True),
        ("ROLLBACK TO SAVEPOINT s1", True),
        ("COMMIT", True),
        ("DO $$ BEGIN EXECUTE 'RESET ALL'; END $$", True),
    ],
)
def test_statements_that_may_change_the_path_are_recognised(sql, changes):
    assert may_change_search_path(sql) is changes
