"""The database backend skips ``SET search_path`` when the connection already has that path, and
re-issues it wherever the server may have lost it."""

import pytest
from django.db import connection, transaction

from apps.org.models import Org


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
