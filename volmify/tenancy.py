"""Host → org routing with a cached lookup; the first middleware of every request.

The core reaches the org only through django-tenants' configuration: the domain model
(``settings.TENANT_DOMAIN_MODEL``, whose verified rows route: ``domain``, ``tenant``,
``is_verified``) and the tenant it points at (``is_serving``, ``schema_name``). The pages answered
here belong to the platform app and are named by settings: ``DEFAULT_NOT_FOUND_TENANT_VIEW`` for
an unknown host (django-tenants' own setting) and ``ORG_UNAVAILABLE_VIEW`` for an org that is not
serving. ``apps.org.cache_invalidation`` forgets a host whenever its domain or org changes.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils import translation
from django.utils.module_loading import import_string
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.models import TenantMixin
from django_tenants.utils import get_tenant_domain_model, remove_www

from volmify.request import request_tenant

_MISSING = "missing"
_LOCAL_LOOKUPS: dict[str, tuple[float, TenantMixin | str]] = {}
_LOCAL_LOOKUPS_MAX = 10_000  # bounded: random Host headers must not grow it without end


def host_cache_key(hostname: str) -> str:
    return f"tenant-host:{hostname}"


def tenant_for_hostname(hostname: str) -> TenantMixin:
    """The org a host routes to; raises the domain model's DoesNotExist.

    Looked up in this process's short-lived memo, then the shared platform
    cache, then the database. Unknown hosts are remembered too, so a stream of
    requests for one costs no queries.
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
        raise get_tenant_domain_model().DoesNotExist(hostname)
    return copy.copy(found)  # each request gets its own instance to annotate


def _shared_lookup(hostname: str) -> TenantMixin | str:
    cache = caches[settings.TENANT_LOOKUP_CACHE_ALIAS]
    key = host_cache_key(hostname)
    cached = cache.get(key)
    if cached is not None:
        return cached
    domains = get_tenant_domain_model().objects.select_related("tenant")
    domain = domains.filter(domain=hostname, is_verified=True).first()
    found: TenantMixin | str = domain.tenant if domain else _MISSING
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


class CachedTenantMiddleware(TenantMainMiddleware):
    """django-tenants' middleware with these changes.

    - The lookup goes through ``tenant_for_hostname`` (cached, invalidated on change),
      which routes verified domains only: any other host is answered here,
      before a view runs, so views may trust the host they were reached on.
    - Host names match case-insensitively, with or without the trailing dot.
    - A malformed Host header raises ``DisallowedHost`` (Django answers 400)
      instead of django-tenants' bare 404.
    - An org that is not serving (still provisioning, failed, or the template)
      gets a designed page instead of its storefront.
    """

    @staticmethod
    def hostname_from_request(request: HttpRequest) -> str:
        domain, _port = split_domain_port(request.get_host())  # lowercase, without the trailing dot
        return remove_www(domain)

    def get_tenant(self, domain_model, hostname: str) -> TenantMixin:
        return tenant_for_hostname(hostname)

    def no_tenant_found(self, request: HttpRequest, hostname: str) -> HttpResponse | None:
        _activate_request_language(request)
        return super().no_tenant_found(request, hostname)

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        request.get_host()  # raises DisallowedHost for a malformed host: 400, not a tenant 404
        response = super().process_request(request)
        if response is not None:
            return response
        org = request_tenant(request)
        if org.schema_name != settings.PUBLIC_SCHEMA_NAME and not org.is_serving:
            _activate_request_language(request)
            return import_string(settings.ORG_UNAVAILABLE_VIEW)(request, org=org).render()
        return None


def _activate_request_language(request: HttpRequest) -> None:
    """Pages answered here run before LocaleMiddleware: choose their language the same way."""
    language = translation.get_language_from_request(request)
    translation.activate(language)
    request.LANGUAGE_CODE = language
