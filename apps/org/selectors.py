"""Reads of orgs and domains (public schema)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import connection
from django_tenants.postgresql_backend.base import DatabaseWrapper

from apps.org.models import Org, OrgDomain, OrgStripeAccount


def tenant_connection() -> DatabaseWrapper:
    """The default connection, typed as the django-tenants wrapper it is."""
    return connection


def org_primary_domain(org: Org) -> str | None:
    """The org's primary verified domain (the platform domain for the public org)."""
    if org.schema_name == settings.PUBLIC_SCHEMA_NAME:
        return settings.PLATFORM_DOMAIN
    domains = OrgDomain.objects.filter(tenant=org, is_primary=True, is_verified=True)
    return domains.values_list("domain", flat=True).first()


def org_url(org: Org, path: str = "/") -> str:
    """An absolute URL on the org's primary verified domain, with the configured scheme and port.

    Links in emails are built here, never from a request's Host header.
    """
    return host_url(org_primary_domain(org) or settings.PLATFORM_DOMAIN, path)


def org_domain_for_host(*, org: Org, host: str) -> OrgDomain | None:
    """The org's domain row for ``host`` (verified or pending), for the console's status panel."""
    if not host:
        return None
    return OrgDomain.objects.filter(tenant=org, domain=host).first()


def org_domain_statuses(*, org: Org, hosts: Iterable[str]) -> dict[str, str]:
    """Host → verification status (pending, verified, failed) of the org's rows among ``hosts``."""
    wanted = [host for host in hosts if host]
    if not wanted:
        return {}
    return {
        domain.domain: domain.status for domain in OrgDomain.objects.filter(tenant=org, domain__in=wanted)
    }


def host_url(host: str, path: str = "/") -> str:
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
    return f"{settings.PLATFORM_SCHEME}://{host}{port}{path}"


def platform_url(path: str = "/") -> str:
    return host_url(settings.PLATFORM_DOMAIN, path)


def org_get_for_creator(*, slug: str, user) -> Org:
    """The org with ``slug`` if ``user`` created it (or is staff); the same DoesNotExist otherwise."""
    orgs = Org.objects.filter(slug=slug, is_template=False)
    if not user.is_staff:
        orgs = orgs.filter(created_by=user)
    return orgs.get()


def org_list_for_creator(*, user) -> list[Org]:
    return list(Org.objects.filter(created_by=user, is_template=False).order_by("-created_at"))


def org_address_is_taken(*, slug: str, domain: str) -> bool:
    """Whether an org already has ``slug`` or any org routes ``domain`` (the address the slug gives)."""
    return Org.objects.filter(slug=slug).exists() or OrgDomain.objects.filter(domain=domain).exists()


def org_schema_names() -> list[str]:
    """Every org's schema, the template's included, oldest first (not the public schema)."""
    orgs = Org.objects.exclude(schema_name=settings.PUBLIC_SCHEMA_NAME).order_by("pk")
    return list(orgs.values_list("schema_name", flat=True))


def current_org() -> Org:
    """The org whose schema the connection is set to (for services that name it, such as a domain
    claim): the request's org, or read by schema name under ``schema_context`` (which sets only a
    stand-in, or leaves the request's org on the connection while another schema is active).
    Refuses a connection set to no org's schema."""
    connection = tenant_connection()
    org = getattr(connection, "tenant", None)
    if isinstance(org, Org) and org.schema_name == connection.schema_name:
        return org
    found = Org.objects.filter(schema_name=connection.schema_name).first()
    if found is None or found.schema_name == settings.PUBLIC_SCHEMA_NAME:
        raise RuntimeError("no org is active on the connection")
    return found


def stripe_account_for_org(*, org_id: int) -> OrgStripeAccount | None:
    return OrgStripeAccount.objects.filter(org_id=org_id).first()


def stripe_account_by_id(*, account_id: str) -> OrgStripeAccount | None:
    """The connected account a webhook names, with its org (None when no org holds it)."""
    if not account_id:
        return None
    return OrgStripeAccount.objects.select_related("org").filter(account_id=account_id).first()
