"""Shared fixtures: the public schema and two orgs built once per session, activated per test.

``org_a`` and ``org_b`` are real provisioned orgs (schemas cloned from the
template), committed before any test runs; each test runs in a transaction
that is rolled back, so what a test creates in an org's schema disappears.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from apps.audit.models import OrgAuditEntry
from apps.org.models import Org, OrgDomain
from apps.org.services import org_provision, platform_ensure
from tests.actors import TEST_ACTOR
from tests.org.factories import OrgDomainFactory, OrgFactory
from tests.user.factories import UserFactory
from volmify.tenancy import host_lookups_forget_local


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> dict[str, Org]:
    with django_db_blocker.unblock():
        platform_ensure()
        orgs = {}
        for key, slug in (("a", "alpha"), ("b", "beta")):
            owner = UserFactory(email=f"owner@{slug}.test")
            domain = OrgDomainFactory(tenant=OrgFactory(name=slug.title(), slug=slug, created_by=owner))
            orgs[key] = org_provision(actor=TEST_ACTOR, org_id=domain.tenant_id)
            assert orgs[key].status == Org.Status.ACTIVE, orgs[key].failure_reason
            with schema_context(orgs[key].schema_name):  # tests read the log from empty
                OrgAuditEntry.objects.all().delete()
        connection.set_schema_to_public()
    return orgs


@pytest.fixture(autouse=True)
def _public_schema_and_empty_caches(request) -> Iterator[None]:
    """Every test starts in the public schema with empty caches, and leaves it so."""
    for alias in settings.CACHES:
        caches[alias].clear()
    host_lookups_forget_local()
    yield
    if "db" in request.fixturenames or "transactional_db" in request.fixturenames:
        connection.set_schema_to_public()


@pytest.fixture
def org_a(db, django_db_setup) -> Org:
    return Org.objects.get(pk=django_db_setup["a"].pk)


@pytest.fixture
def org_b(db, django_db_setup) -> Org:
    return Org.objects.get(pk=django_db_setup["b"].pk)


@pytest.fixture
def in_org(db) -> Iterator[Callable[[Org], Org]]:
    """Activate an org's schema for the ORM: ``in_org(org_a)``."""

    def activate(org: Org) -> Org:
        connection.set_tenant(org)
        return org

    yield activate
    connection.set_schema_to_public()


def domain_of(org: Org) -> str:
    return OrgDomain.objects.get(tenant=org, is_primary=True).domain


@pytest.fixture
def host_client(db) -> Callable[..., Client]:
    """A test client whose requests carry an org's (or the platform's) Host header."""

    def make(org: Org | None = None, user=None) -> Client:
        host = domain_of(org) if org is not None else settings.PLATFORM_DOMAIN
        client = Client(HTTP_HOST=host)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def platform_client(host_client) -> Client:
    return host_client()


@pytest.fixture
def staff_client(host_client) -> Client:
    """Platform staff (a superuser) signed in on the platform host with password and TOTP code,
    as Django admin requires."""
    from tests.user.factories import UserFactory, sign_in_with_totp

    client = host_client()
    sign_in_with_totp(client, UserFactory(is_staff=True, is_superuser=True))
    return client
