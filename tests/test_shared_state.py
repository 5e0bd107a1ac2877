"""The rules that keep schema-based sharding possible (Citus places each org's schema on a node,
public tables are reference tables): no public model points into an org's schema, and no request
reads two orgs' schemas in one statement."""

from __future__ import annotations

import re

from django.apps import apps
from django.conf import settings
from django.db import connection

from apps.org.selectors import org_schema_names
from tests.test_hostile_input import _pages, world  # noqa: F401 (the walk's fixture)


def _labels(app_paths: list[str]) -> set[str]:
    return {config.label for config in apps.get_app_configs() if config.name in app_paths}


def test_no_public_model_holds_a_foreign_key_into_an_orgs_schema():
    tenant_only = _labels([name for name in settings.TENANT_APPS if name not in settings.SHARED_APPS])
    public = _labels(settings.SHARED_APPS)
    crossing = [
        f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}"
        for model in apps.get_models()
        if model._meta.app_label in public
        for field in model._meta.get_fields()
        if field.is_relation
        and field.concrete
        and field.related_model is not None
        and field.related_model._meta.app_label in tenant_only
    ]
    assert crossing == []
    assert tenant_only >= {"course", "member", "audit"}  # the check looks at the real split


def _schemas_named(sql: str, schemas: list[str]) -> set[str]:
    return {schema for schema in schemas if re.search(rf"(?<![\w]){re.escape(schema)}(?![\w])", sql)}


def test_the_check_finds_a_statement_over_two_orgs():
    sql = 'SELECT 1 FROM "org_alpha"."x" UNION ALL SELECT 1 FROM "org_beta"."x"'
    assert _schemas_named(sql, ["org_alpha", "org_beta", "org_alphabet"]) == {"org_alpha", "org_beta"}


def test_no_page_reads_two_orgs_schemas_in_one_statement(world):  # noqa: F811
    schemas = org_schema_names()
    crossing: list[str] = []

    def watch(execute, sql, params, many, context):
        if len(_schemas_named(str(sql), schemas)) > 1:
            crossing.append(str(sql)[:300])
        return execute(sql, params, many, context)

    pages = _pages(world)
    with connection.execute_wrapper(watch):
        for client, _route, url, _schema in pages:
            client.get(url)
    assert len(pages) > 40
    assert crossing == []
