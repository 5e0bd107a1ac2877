"""The Content-Security-Policy header on every response, as one string built at start-up.

django-csp's own middleware builds the policy again for each response and makes a nonce object
for each request. Nothing on our pages is inline (no ``<script>`` or ``<style>`` bodies, no
``style=`` or event-handler attributes: see ``tests/general/test_csp.py``), so no nonce is needed
and the header is the same for every response. A view that sets a policy of its own with
django-csp's decorators (``csp_update``, ``csp_replace``, ``csp_exempt``) still gets it, built by
django-csp as usual.

Django admin (platform staff only, behind two-factor authentication) styles its own templates
inline, so its pages get the same policy with ``'unsafe-inline'`` added to ``style-src`` only:
inline script stays refused there too.

The middleware is first in ``MIDDLEWARE`` so that responses returned early by an inner middleware
(the storefront page cache, the unknown-host page) carry the header too.
"""

from __future__ import annotations

from collections.abc import Callable

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Attributes django-csp's decorators set on a response that wants a policy of its own.
_PER_RESPONSE = ("_csp_exempt", "_csp_config", "_csp_update", "_csp_replace")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = build_policy()
        self.admin_policy = build_policy(update={"style-src": ["'unsafe-inline'"]})
        self.fallback = CSPMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if any(hasattr(response, name) for name in _PER_RESPONSE):
            return self.fallback.process_response(request, response)  # type: ignore[return-value]
        if HEADER not in response and not (settings.DEBUG and response.status_code in (404, 500)):
            # Django's debug pages style themselves inline.
            response[HEADER] = self.admin_policy if _is_admin(request) else self.policy
        return response


def _is_admin(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.namespace == "admin"
