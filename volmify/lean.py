"""Machine-to-machine URLs of the platform host answered before the page middleware.

A webhook needs no session, user, language, market, CSRF check or message storage, yet the full
stack costs more than the view itself (Stripe's webhook: verify, one INSERT, enqueue).
``settings.LEAN_VIEWS`` maps such a path to its view (a dotted path, as the tenancy settings name
their views: the core imports no app); this middleware, after routing the host, calls the view
for the platform host only. Any other host, path or method goes down the stack as before, so on an
org's domain the path is an ordinary 404.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

from volmify.request import request_tenant


class LeanViewsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.views = {path: import_string(view) for path, view in getattr(settings, "LEAN_VIEWS", {}).items()}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = self.views.get(request.path_info)
        if view is not None and request_tenant(request).schema_name == settings.PUBLIC_SCHEMA_NAME:
            return view(request)
        return self.get_response(request)
