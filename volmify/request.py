"""The request as the middleware leaves it, typed: views annotate ``request`` with the class that
matches where they run, so ``request.tenant`` and ``request.htmx`` need no ``type: ignore``.

Only the attributes the core knows are typed here; the domain-typed ones (the org model,
the member, the market) are added by ``apps.web.request`` one layer up.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails
from django_tenants.models import TenantMixin


class TenantRequest(HttpRequest):
    """A request routed to a schema (``volmify.tenancy``) and seen by django-htmx's middleware."""

    tenant: TenantMixin
    htmx: HtmxDetails
