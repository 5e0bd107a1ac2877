"""Which region and locale a storefront request is served in, and URLs in other regions and locales.

Region precedence: the region's own domain or subdomain, then a path prefix
(``/eu/``), then the visitor's saved choice, then country hints (a CDN
country header, then the regions of Accept-Language tags), then the org's
default region. Locale: an explicit ``?lang=``, then the saved choice, then
Accept-Language, each only within the region's subset; else the region's
default locale.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest
from django.http.request import split_domain_port
from django.utils.translation.trans_real import parse_accept_lang_header

from apps.locale_region.fallback import locale_chain_for_market
from apps.locale_region.selectors import MarketSnapshot, RegionInfo
from apps.web.request import request_market, request_org
from volmify.pagecache import COUNTRY_HEADERS

SESSION_REGION = "storefront_region"
SESSION_LOCALE = "storefront_locale"


@dataclass(frozen=True)
class Market:
    """The resolved market of one request; ``region`` is None when the org has no region yet."""

    snapshot: MarketSnapshot
    region: RegionInfo | None
    locale_key: str
    path_prefix: str  # "" unless the region was chosen by its path prefix
    resolved_by: str  # domain, path, saved, country, default, none

    @property
    def content_version(self) -> str:  # with region_key and locale_key: a volmify.pagecache.PageScope
        return self.snapshot.version

    @property
    def region_key(self) -> str:
        return str(self.region.id) if self.region else ""

    @property
    def currency_code(self) -> str:
        return self.region.currency_code if self.region else ""

    @property
    def fallback_chain(self) -> tuple[str, ...]:
        """The locales to pick translations in (``locale_chain_for_market``)."""
        return locale_chain_for_market(self)


def _hostname(request: HttpRequest) -> str:
    return split_domain_port(request.get_host())[0]  # lowercase, without port or trailing dot


def _country_hints(request: HttpRequest) -> list[str]:
    hints = [request.META.get(header, "").upper() for header in COUNTRY_HEADERS]
    for tag, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        parts = tag.split("-")
        if len(parts) > 1 and len(parts[-1]) == 2:
            hints.append(parts[-1].upper())
    return [hint for hint in hints if len(hint) == 2]


def resolve_region(request: HttpRequest, snapshot: MarketSnapshot) -> tuple[RegionInfo | None, str, str]:
    """(region, path prefix used, how it was resolved)."""
    host = _hostname(request)
    for region in snapshot.regions:
        if region.host and region.host == host:
            return region, "", "domain"
    first_segment = request.path_info.lstrip("/").split("/", 1)[0]
    if first_segment and request.path_info.startswith(f"/{first_segment}/"):
        for region in snapshot.regions:
            if region.path_prefix and region.path_prefix == first_segment:
                return region, first_segment, "path"
    saved = (
        snapshot.region_by_slug(request.session.get(SESSION_REGION)) if hasattr(request, "session") else None
    )
    if saved is not None:
        return saved, "", "saved"
    for country in _country_hints(request):
        for region in snapshot.regions:
            if country in region.country_codes:
                return region, "", "country"
    default = snapshot.default_region()
    return default, "", "default" if default else "none"


def _match(candidate: str, keys: tuple[str, ...] | list[str]) -> str | None:
    lowered = {key.lower(): key for key in keys}
    if candidate.lower() in lowered:
        return lowered[candidate.lower()]
    language = candidate.split("-")[0].lower()
    return next((key for key in keys if key.split("-")[0].lower() == language), None)


def resolve_locale(request: HttpRequest, region: RegionInfo | None, snapshot: MarketSnapshot) -> str:
    keys = list(region.locale_keys) if region else list(snapshot.locale_keys)
    if not keys:
        return settings.LANGUAGE_CODE
    explicit = request.GET.get("lang", "")
    if explicit and (key := _match(explicit, keys)) and key.lower() == explicit.lower():
        if hasattr(request, "session"):
            request.session[SESSION_LOCALE] = key
        return key
    saved = request.session.get(SESSION_LOCALE) if hasattr(request, "session") else None
    if saved and saved in keys:
        return saved
    for tag, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if tag != "*" and (key := _match(tag, keys)):
            return key
    return keys[0]


def resolve_market(request: HttpRequest, snapshot: MarketSnapshot) -> Market:
    region, prefix, how = resolve_region(request, snapshot)
    return Market(snapshot, region, resolve_locale(request, region, snapshot), prefix, how)


def region_base_url(request: HttpRequest, market: Market, region: RegionInfo) -> str:
    """Scheme, host and prefix that serve ``region``: its own host, else this org host plus its prefix."""
    port = request.get_port()
    port_part = "" if port in ("80", "443", "") else f":{port}"
    if region.host:
        return f"{request.scheme}://{region.host}{port_part}"
    host = request.get_host()
    if market.region and market.region.host and market.region.host == _hostname(request):
        from apps.org.selectors import org_primary_domain

        host = f"{org_primary_domain(request_org(request)) or _hostname(request)}{port_part}"
    default = market.snapshot.default_region()
    prefix = "" if default and default.id == region.id else f"/{region.path_prefix}"
    return f"{request.scheme}://{host}{prefix}"


def market_url(
    request: HttpRequest,
    market: Market,
    region: RegionInfo | None,
    locale_key: str,
    path: str,
    *,
    explicit: bool = False,
) -> str:
    """The absolute URL of ``path`` (without any region prefix) in ``region`` and ``locale_key``.

    The region's default locale needs no ``?lang=`` for search engines (canonical and alternate
    links); a language switcher's link is ``explicit``: it always names its language, since a
    visitor's saved choice or browser language would otherwise win over the default."""
    url = (
        request.build_absolute_uri(path)
        if region is None
        else region_base_url(request, market, region) + path
    )
    if explicit or (region is not None and locale_key != region.default_locale_key):
        url += "?" + urlencode({"lang": locale_key})
    return url


def market_of(request: HttpRequest) -> Market:
    """The request's storefront market, typed (``apps.web.request.request_market`` knows only its
    protocol); 404 on a request without one."""
    market = request_market(request)
    if not isinstance(market, Market):  # set by apps.storefront.middleware on every org host
        raise Http404
    return market
