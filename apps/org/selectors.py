"""Reads of orgs and domains (public schema)."""

from __future__ import annotations

import copy
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django_tenants.postgresql_backend.base import DatabaseWrapper

from apps.org.models import Org, OrgDomain

_MISSING = "missing"


def tenant_connection() -> DatabaseWrapper:
    """The default connection, typed as the django-tenants wrapper it is."""
    return connection


_LOCAL_LOOKUPS: dict[str, tuple[float, Org | str]] = {}
_LOCAL_LOOKUPS_MAX = 10_000  # bounded: random Host headers must not grow it without end


def host_cache_key(hostname: str) -> str:
    return f"tenant-host:{hostname}"


def org_for_hostname(hostname: str) -> Org:
    """The org a host routes to; raises OrgDomain.DoesNotExist.

    Looked up in this process's short-lived memo, then the shared platform
    cache, then the database. Unknown hosts are remembered too, so a stream of
    requests for one costs no queries. ``apps.org.cache_invalidation`` forgets
    a host whenever its domain or org changes.
    """
    hostname = host_lookup_name(hostname)
    now = time.monotonic()
    local = _LOCAL_LOOKUPS.get(hostname)
    found = local[1] if local and local[0] > now else _shared_lookup(hostname)
    if local is None or local[0] <= now:
        if len(_LOCAL_LOOKUPS) >= _LOCAL_LOOKUPS_MAX:
            _LOCAL_LOOKUPS.clear()
        _LOCAL_LOOKUPS[hostname] = (now + settings.TENANT_LOOKUP_LOCAL_SECONDS, found)
    if isinstance(found, str):
        raise OrgDomain.DoesNotExist(hostname)
    return copy.copy(found)  # each request gets its own instance to annotate


def _shared_lookup(hostname: str) -> Org | str:
    cache = caches[settings.TENANT_LOOKUP_CACHE_ALIAS]
    key = host_cache_key(hostname)
    cached = cache.get(key)
    if cached is not None:
        return cached
    domain = OrgDomain.objects.select_related("tenant").filter(domain=hostname, is_verified=True).first()
    found: Org | str = domain.tenant if domain else _MISSING
    cache.set(key, found, settings.TENANT_LOOKUP_CACHE_SECONDS)
    return found


def host_lookup_name(hostname: str) -> str:
    """The form hosts are stored and cached in: lowercase, without the trailing dot of a rooted name."""
    return hostname.lower().rstrip(".")


def host_lookups_forget(hostnames: Iterable[str | None]) -> None:
    """Drop cached lookups of these hosts here and in the shared cache."""
    names = [name for name in hostnames if name]
    for name in names:
        _LOCAL_LOOKUPS.pop(name, None)
    if names:
        caches[settings.TENANT_LOOKUP_CACHE_ALIAS].delete_many([host_cache_key(name) for name in names])


def host_lookups_forget_local() -> None:
    _LOCAL_LOOKUPS.clear()


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
