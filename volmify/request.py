"""The request as the middleware leaves it, typed: views annotate ``request`` with the class that
matches where they run, so ``request.tenant`` and ``request.htmx`` need no ``type: ignore``.

Only the attributes the core knows are typed here; the domain-typed ones (the org model,
the member, the market) are added by ``apps.web.request`` one layer up.
"""

from __future__ import annotations

from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class RoutedTenant(Protocol):
    """What the core reads of the org a request is routed to (``apps.org.models.Org`` is one)."""

    schema_name: str
    name: str

    @property
    def is_serving(self) -> bool: ...


class TenantRequest(HttpRequest):
    """A request routed to a schema (``volmify.tenancy``) and seen by django-htmx's middleware."""

    tenant: RoutedTenant
    htmx: HtmxDetails


def request_tenant(request: HttpRequest) -> RoutedTenant:
    """The tenant the tenancy middleware routed ``request`` to, where Django types the request as a
    plain HttpRequest (middleware, class-based views' ``self.request``)."""
    tenant = getattr(request, "tenant", None)
    if tenant is None:
        raise ImproperlyConfigured("volmify.tenancy.CachedTenantMiddleware must run before this code")
    return tenant


def request_htmx(request: HttpRequest) -> bool:
    """Whether django-htmx's middleware saw an htmx request, where Django types the request as a
    plain HttpRequest."""
    return bool(getattr(request, "htmx", False))


class HostOnceRequest(WSGIRequest):
    """A WSGI request that validates and splits its Host header once: tenancy, the storefront's
    market, CSRF and absolute links each ask for it, and the header cannot change mid-request."""

    def get_host(self) -> str:
        host = self.__dict__.get("_validated_host")
        if host is None:
            host = self.__dict__["_validated_host"] = super().get_host()
        return host
