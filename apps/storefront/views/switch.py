"""The visitor's choices of region and language, which stick (in the session) and keep them on the
page they were reading.

Both are POSTs without a CSRF token: a token in the switchers of every storefront page would make
each anonymous response set a cookie, vary on it and differ per visitor. A forged switch can only
change which region's prices or which language someone sees; the views accept only POST and
redirect only to this org's hosts.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.request import QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from apps.storefront.market import SESSION_LOCALE, SESSION_REGION, market_of, region_base_url
from apps.web.languages import region_language_keys


def same_page(path: str) -> str:
    """A path on this site to return to, without any ``lang`` parameter (it would override the
    choice just made); the home page for anything that is not a plain path."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    parts = urlsplit(path)
    query = QueryDict(parts.query, mutable=True)
    query.pop("lang", None)
    return parts.path + (f"?{urlencode(query, doseq=True)}" if query else "")


@method_decorator(csrf_exempt, name="dispatch")
class StorefrontRegionChooseView(View):
    """Saves the visitor's region and sends them to the same page (``next``) in that region."""

    def post(self, request: HttpRequest) -> HttpResponse:
        market = market_of(request)
        region = market.snapshot.region_by_slug(request.POST.get("region"))
        if region is None:
            return HttpResponseRedirect(reverse("storefront_home"))
        request.session[SESSION_REGION] = region.slug
        request.session.pop(SESSION_LOCALE, None)
        target = region_base_url(request, market, region) + same_page(request.POST.get("next", ""))
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host(), region.host or ""}):
            target = "/"
        return HttpResponseRedirect(target)


@method_decorator(csrf_exempt, name="dispatch")
class StorefrontLanguageChooseView(View):
    """Saves the visitor's language, one of the region's: for the storefront (the session's choice,
    which beats the browser's languages) and for the back office's interface (Django's language
    cookie, when the interface speaks it), then returns to the page (``next``)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        target = same_page(request.POST.get("next", ""))
        response = HttpResponseRedirect(target)
        key = request.POST.get("language", "")
        if key not in region_language_keys(market_of(request)):
            messages.error(request, _("This language is not offered here."))
            return response
        request.session[SESSION_LOCALE] = key
        try:
            interface = translation.get_supported_language_variant(key.split("-")[0])
        except LookupError:
            return response
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            interface,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response
