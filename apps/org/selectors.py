"""Reads of orgs and domains (public schema)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django_tenants.postgresql_backend.base import DatabaseWrapper

from apps.org.models import Org, OrgDomain

_MISSING = "missing"


def tenant_connection() -> DatabaseWrapper:
    """The default connection, typed as the django-tenants wrapper it is."""
    return connection


def host_cache_key(hostname: str) -> str:
    return f"tenant-host:{hostname}"


def org_for_hostname(hostname: str) -> Org:
    """The org a host routes to, through the platform cache; raises OrgDomain.DoesNotExist.

    Unknown hosts are cached too, so a stream of requests for one costs no queries;
    ``apps.org.cache_invalidation`` drops the entry whenever a domain or org changes.
    """
    cache = caches[settings.TENANT_LOOKUP_CACHE_ALIAS]
    key = host_cache_key(hostname)
    cached = cache.get(key)
    if cached == _MISSING:
        raise OrgDomain.DoesNotExist(hostname)
    if cached is not None:
        return cached
    domain = OrgDomain.objects.select_related("tenant").filter(domain=hostname).first()
    cache.set(key, domain.tenant if domain else _MISSING, settings.TENANT_LOOKUP_CACHE_SECONDS)
    if domain is None:
        raise OrgDomain.DoesNotExist(hostname)
    return domain.tenant


def org_primary_domain(org: Org) -> str | None:
    return OrgDomain.objects.filter(tenant=org, is_primary=True).values_list("domain", flat=True).first()


def org_url(org: Org, path: str = "/") -> str:
    """An absolute URL on the org's primary domain."""
    return host_url(org_primary_domain(org) or "", path)


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
