"""Host → org routing with a cached lookup; the first middleware of every request."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.template.response import TemplateResponse
from django.utils import translation
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import remove_www

from apps.org.models import Org
from apps.org.selectors import org_for_hostname


class CachedTenantMiddleware(TenantMainMiddleware):
    """django-tenants' middleware with these changes.

    - The lookup goes through ``org_for_hostname`` (cached, invalidated on change),
      which routes verified domains only: any other host is answered here,
      before a view runs, so views may trust the host they were reached on.
    - Host names match case-insensitively, with or without the trailing dot.
    - A malformed Host header raises ``DisallowedHost`` (Django answers 400)
      instead of django-tenants' bare 404.
    - An org that is not active (still provisioning, failed, or the template)
      gets a designed page instead of its storefront.
    """

    @staticmethod
    def hostname_from_request(request: HttpRequest) -> str:
        domain, _port = split_domain_port(request.get_host())  # lowercase, without the trailing dot
        return remove_www(domain)

    def get_tenant(self, domain_model, hostname: str) -> Org:
        return org_for_hostname(hostname)

    def no_tenant_found(self, request: HttpRequest, hostname: str) -> HttpResponse | None:
        _activate_request_language(request)
        return super().no_tenant_found(request, hostname)

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        request.get_host()  # raises DisallowedHost for a malformed host: 400, not a tenant 404
        response = super().process_request(request)
        if response is not None:
            return response
        org: Org = request.tenant  # type: ignore[attr-defined]
        if org.schema_name != settings.PUBLIC_SCHEMA_NAME and (org.is_template or not org.is_active):
            return self._unavailable(request, org)
        return None

    @staticmethod
    def _unavailable(request: HttpRequest, org: Org) -> HttpResponse:
        _activate_request_language(request)
        status = 503 if org.status == Org.Status.PROVISIONING and not org.is_template else 404
        response = TemplateResponse(
            request,
            "platform/org_unavailable.html",
            {"org": org, "is_provisioning": status == 503},
            status=status,
        )
        if status == 503:
            response["Retry-After"] = "5"
        return response.render()


def _activate_request_language(request: HttpRequest) -> None:
    """Pages answered here run before LocaleMiddleware: choose their language the same way."""
    language = translation.get_language_from_request(request)
    translation.activate(language)
    request.LANGUAGE_CODE = language
