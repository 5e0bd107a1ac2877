"""The storefront of the org whose domain serves the request, in the visitor's region and locale."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views import View

from apps.course.models import Level
from apps.locale_region.fallback import translation_resolve
from apps.member.selectors import member_for_user
from apps.org.selectors import platform_url
from apps.payment.selectors.plans import (
    CatalogFilters,
    storefront_catalog,
    storefront_collection_detail,
    storefront_home_collections,
    storefront_product_detail,
    storefront_sitemap_entries,
)
from apps.product.attribution import creators_for_products
from apps.product.images import gallery_images
from apps.product.models import OrgProduct
from apps.product.reviews import product_faqs, product_reviews_shown
from apps.storefront.curriculum import product_course_context
from apps.storefront.forms import CatalogFilterForm
from apps.storefront.market import Market, market_of, market_url
from apps.storefront.seo import page_seo
from apps.storefront.structured_data import json_ld_script_text, product_json_ld
from apps.storefront.templatetags.storefront import text_on
from apps.web.languages import language_name
from apps.web.request import request_org
from volmify.forms import query_read
from volmify.pagecache import (
    no_slots,
    page_from_entry,
    page_render,
    parts_cached,
    shell_get,
    shell_html,
    shell_key,
    shell_render,
    shell_usable,
)


def _region_id(market: Market) -> int | None:
    return market.region.id if market.region else None


def _switcher(request: HttpRequest, market: Market, path_for) -> dict[str, Any]:
    """Links to this page in the region's other locales (each naming its language, so the choice
    is explicit and sticks), and the regions to choose from, which keep the visitor on this page."""
    region = market.region
    languages = [
        {
            "key": key,
            "name": language_name(key),
            "url": market_url(request, market, region, key, path_for(key), explicit=True),
            "current": key == market.locale_key,
        }
        for key in (region.locale_keys if region else ())
    ]
    return {
        "switch_languages": languages,
        "switch_regions": market.snapshot.regions,
        "switch_next": path_for(market.locale_key),
    }


class StorefrontPageView(View):
    """A storefront page: the layout (market, SEO links, switchers) around cached page parts.

    ``build_parts`` runs the page's selector and renders its main markup (``main_template_name``)
    into a dict: ``main`` (HTML), ``head`` (title and description texts) and ``paths`` (the page's
    path per locale). ``parts_key`` names what the parts depend on besides region and locale, or is
    None when they are not worth caching (free-text search). Visitors without a session get the
    whole page from the page cache (see ``volmify.pagecache``).
    """

    template_name: str
    main_template_name: str
    kwargs: dict[str, Any]
    # Query parameters the page reads; a URL with any other (tracking tags, cache busters) is rendered
    # from the cached parts but not kept in the page cache, which would otherwise grow per URL.
    query_parameters: frozenset[str] = frozenset({"lang"})

    def parts_key(self) -> tuple[str, ...] | None:
        return ()

    def main_context(self, market: Market) -> dict[str, Any]:
        raise NotImplementedError

    def head(self, context: dict[str, Any]) -> dict[str, str]:
        return {}

    def locale_paths(self, context: dict[str, Any], locale_keys: list[str]) -> dict[str, str]:
        return {}

    def build_parts(self, market: Market) -> dict[str, Any]:
        context = self.main_context(market)
        context.update(currency_code=market.currency_code, market=market)
        keys = list(dict.fromkeys([*market.snapshot.locale_keys, *_region_locale_keys(market)]))
        return {
            "main": render_to_string(self.main_template_name, context, self.request),
            "head": self.head(context),
            "paths": self.locale_paths(context, keys),
        }

    def page_path(self, locale_key: str) -> str:
        return self.parts["paths"].get(locale_key, self.request.path_info)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        market = market_of(request)
        parts_key = self.parts_key()
        page = getattr(request, "storefront_page", None)
        if parts_key is None or not set(request.GET) <= self.query_parameters:
            page = None
        if page is not None and (html := page_from_entry(request, market, page[1])) is not None:
            return HttpResponse(html)
        shell = self.shell_key(market, parts_key) if page is None else None
        if shell is not None and (found := shell_get(shell)) is not None:
            return HttpResponse(shell_html(request, found, no_slots))
        if parts_key is None:
            self.parts = self.build_parts(market)
        else:
            key = (type(self).__name__, *parts_key)
            self.parts = parts_cached(request, market, key, lambda: self.build_parts(market))
        context = self.layout_context(market)

        def render(token: str) -> str:
            return render_to_string(self.template_name, {**context, "csrf_token": token}, request)

        if page is not None:
            return HttpResponse(page_render(request, market, page[0], render))
        if shell is not None:
            return HttpResponse(shell_html(request, shell_render(shell, render), no_slots))
        return TemplateResponse(request, self.template_name, context)

    def shell_key(self, market: Market, parts_key: tuple[str, ...] | None) -> str | None:
        """The key of this page's shell for a visitor with a session (signed in, or with saved
        choices), or None where it is not cached: the layout differs between such visitors only
        by the navigation their role in the org opens (and the CSRF token, a slot)."""
        request = self.request
        if parts_key is None or not set(request.GET) <= self.query_parameters or not shell_usable(request):
            return None
        return shell_key(
            request, market, ("page", type(self).__name__, *parts_key, _navigation_role(request))
        )

    def layout_context(self, market: Market) -> dict[str, Any]:
        request = self.request
        return {
            "market": market,
            "region": market.region,
            "brand": market.region.brand if market.region else None,
            "currency_code": market.currency_code,
            "og_locale": market.locale_key.replace("-", "_"),
            "seo": page_seo(request, market, self.page_path),
            **_switcher(request, market, self.page_path),
            "main": mark_safe(self.parts["main"]),  # rendered from our own templates
            "head": self.parts["head"],
        }


def _navigation_role(request: HttpRequest) -> str:
    """What the header's navigation is rendered from: signed out, signed in without a membership, or
    the member's role (which opens the studio and the console links)."""
    if not request.user.is_authenticated:
        return "visitor"
    member = member_for_user(request.user)
    return member.role if member else "user"


def _region_locale_keys(market: Market) -> list[str]:
    return [key for region in market.snapshot.regions for key in region.locale_keys]


class StorefrontHomeView(StorefrontPageView):
    template_name = "storefront/home.html"
    main_template_name = "storefront/_home_main.html"

    def page_path(self, locale_key: str) -> str:
        return "/"

    def main_context(self, market: Market) -> dict[str, Any]:
        collections = storefront_home_collections(chain=market.fallback_chain, region_id=_region_id(market))
        return {
            "collections": collections,
            "brand": market.region.brand if market.region else None,
            "current_org": request_org(self.request),
        }


class StorefrontCatalogView(StorefrontPageView):
    template_name = "storefront/catalog.html"
    main_template_name = "storefront/_catalog_main.html"
    query_parameters = frozenset({"lang", "q", "type", "skill", "level", "min", "max", "page"})

    def page_path(self, locale_key: str) -> str:
        return "/catalog/"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        # a refused filter is left out of the listing, named in a message, and answered with 400
        self.query, self.query_status = query_read(CatalogFilterForm, request)
        response = super().get(request, **kwargs)
        if self.query_status != 200:
            response.status_code = self.query_status
        return response

    def filters(self) -> CatalogFilters:
        query = self.query
        return CatalogFilters(
            search=(query.get("q") or "").strip(),
            product_type=query.get("type") or "",
            skill_id=query.get("skill"),
            level=query.get("level") or "",
            price_min=query.get("min"),
            price_max=query.get("max"),
        )

    def query_without_page(self, filters: CatalogFilters) -> str:
        """The filters as a query string for pagination links, from the parsed filters only."""
        pairs = {
            "q": filters.search,
            "type": filters.product_type,
            "skill": "" if filters.skill_id is None else str(filters.skill_id),
            "level": filters.level,
            "min": "" if filters.price_min is None else str(filters.price_min),
            "max": "" if filters.price_max is None else str(filters.price_max),
            "lang": self.request.GET.get("lang", ""),
        }
        return urlencode({name: value for name, value in pairs.items() if value})

    def parts_key(self) -> tuple[str, ...] | None:
        filters = self.filters()
        if self.query_status != 200:
            return None  # the answer carries this request's error messages
        if filters.search or filters.price_min is not None or filters.price_max is not None:
            return None  # free-form input: every value would be its own cache entry
        page = self.request.GET.get("page", "")
        return (self.query_without_page(filters), page if page.isdigit() else "")

    def main_context(self, market: Market) -> dict[str, Any]:
        filters = self.filters()
        return {
            "page": storefront_catalog(
                chain=market.fallback_chain,
                region_id=_region_id(market),
                filters=filters,
                page=self.request.GET.get("page"),
            ),
            "filters": filters,
            "product_types": OrgProduct.ProductType.choices,
            "levels": _course_levels(),
            "query_without_page": self.query_without_page(filters),
        }


def _course_levels() -> list[tuple[str, Any]]:
    return list(Level.choices)  # the course app's level choices, shown as a filter


def _translated_paths(translations: Any, market: Market, keys: list[str], prefix: str) -> dict[str, str]:
    """The page's path per locale: its slug in the first translation along that locale's chain."""
    rows = list(translations)
    return {
        key: f"{prefix}{translation_resolve(rows, chain=(key, *market.snapshot.locale_keys)).slug}/"
        for key in keys
    }


def _creators(product_id: int) -> list[dict[str, str]]:
    """The product's credited public profiles with links to their pages on the platform host."""
    return [
        {
            "name": row.profile.display_name,
            "role": str(row.get_role_display()),
            "url": platform_url(
                reverse("creator_profile", args=[row.profile.slug], urlconf=settings.PUBLIC_SCHEMA_URLCONF)
            ),
        }
        for row in creators_for_products(product_ids=[product_id]).get(product_id, [])
    ]


def _absolute(page_url: str, src: str) -> str:
    """A media address made absolute on the page's own origin (already absolute ones kept)."""
    if not src.startswith("/"):
        return src
    parts = urlsplit(page_url)
    return f"{parts.scheme}://{parts.netloc}{src}"


class StorefrontProductView(StorefrontPageView):
    template_name = "storefront/product.html"
    main_template_name = "storefront/_product_main.html"

    def parts_key(self) -> tuple[str, ...] | None:
        return (self.kwargs["slug"],)

    def main_context(self, market: Market) -> dict[str, Any]:
        product = storefront_product_detail(
            slug=self.kwargs["slug"], chain=market.fallback_chain, region_id=_region_id(market)
        )
        variants = [variant for variant in product.variants.all() if variant.offered_plans]
        creators = _creators(product.pk)
        shown = product_reviews_shown(product_id=product.pk)
        url = market_url(self.request, market, market.region, market.locale_key, self.request.path_info)
        gallery = gallery_images(product=product, chain=market.fallback_chain)
        json_ld = product_json_ld(
            product=product,
            images=[_absolute(url, image.src) for image in gallery],
            variants=variants,
            currency_code=market.currency_code,
            rating=shown.rating,
            creators=creators,
            url=url,
        )
        return {
            "product": product,
            "variants": variants,
            "creators": creators,
            "rating": shown.rating,
            "reviews": shown.reviews,
            "faqs": product_faqs(product_id=product.pk, chain=market.fallback_chain),
            "gallery": gallery,
            "json_ld": json_ld_script_text(json_ld),
            "json_ld_url": url,
            **product_course_context(product, market, market.locale_key),
        }

    def head(self, context: dict[str, Any]) -> dict[str, str]:
        product = context["product"]
        return {
            "title": product.tr.seo_title or product.tr.title,
            "description": product.tr.seo_description or product.tr.summary,
            "image_url": _absolute(context["json_ld_url"], context["gallery"][0].src)
            if context["gallery"]
            else product.image_url,
        }

    def locale_paths(self, context: dict[str, Any], locale_keys: list[str]) -> dict[str, str]:
        return _translated_paths(
            context["product"].translations.all(), market_of(self.request), locale_keys, "/p/"
        )


class StorefrontCollectionView(StorefrontPageView):
    template_name = "storefront/collection.html"
    main_template_name = "storefront/_collection_main.html"

    def parts_key(self) -> tuple[str, ...] | None:
        return (self.kwargs["slug"],)

    def main_context(self, market: Market) -> dict[str, Any]:
        collection = storefront_collection_detail(
            slug=self.kwargs["slug"], chain=market.fallback_chain, region_id=_region_id(market)
        )
        return {"collection": collection}

    def head(self, context: dict[str, Any]) -> dict[str, str]:
        return {"title": context["collection"].tr.title}

    def locale_paths(self, context: dict[str, Any], locale_keys: list[str]) -> dict[str, str]:
        return _translated_paths(
            context["collection"].translations.all(), market_of(self.request), locale_keys, "/c/"
        )


class StorefrontSitemapView(View):
    """sitemap.xml of this org domain: every page in every region and locale this host serves."""

    def get(self, request: HttpRequest) -> HttpResponse:
        market = market_of(request)
        products, collections = storefront_sitemap_entries()
        host = request.get_host().split(":")[0].lower()
        regions = [
            region
            for region in market.snapshot.regions
            if (region.host == host)
            or (not region.host and not any(r.host == host for r in market.snapshot.regions))
        ]
        pages: list[Callable[[str], str]] = [lambda key: "/", lambda key: "/catalog/"]
        pages += [_sitemap_path(p.translations.all(), market, "/p/") for p in products]
        pages += [_sitemap_path(c.translations.all(), market, "/c/") for c in collections]
        entries: dict[str, Any] = {}  # loc -> the page's hreflang alternates, as the page's HTML has them
        for path_for in pages:
            seo = page_seo(request, market, path_for)
            for region in regions:
                for key in region.locale_keys:
                    entries.setdefault(market_url(request, market, region, key, path_for(key)), seo)
        if not regions:
            entries = {request.build_absolute_uri("/"): None, request.build_absolute_uri("/catalog/"): None}
        return TemplateResponse(
            request,
            "storefront/sitemap.xml",
            {"entries": entries.items()},
            content_type="application/xml",
        )


def _sitemap_path(translations: Any, market: Market, prefix: str) -> Callable[[str], str]:
    """A page's path per locale, chosen like the page itself chooses it (``_translated_paths``)."""
    rows = list(translations)
    return lambda key: f"{prefix}{translation_resolve(rows, chain=(key, *market.snapshot.locale_keys)).slug}/"


class StorefrontRobotsView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        lines = [
            "User-agent: *",
            "Disallow: /manage/",
            "Disallow: /studio/",
            "Disallow: /accounts/",
            "Allow: /",
            f"Sitemap: {request.scheme}://{request.get_host()}/sitemap.xml",
        ]
        return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


HEX_RGB = re.compile(r"[0-9a-fA-F]{6}")


class StorefrontBrandStylesheetView(View):
    """The brand's colours as CSS custom properties, for the storefront layout.

    A stylesheet instead of an inline ``<style>``, so the Content-Security-Policy forbids inline
    style. Its content is a function of its URL (the colours are the query), so it is cached
    for a year and reads nothing from the database.
    """

    def get(self, request: HttpRequest) -> HttpResponse:
        primary, secondary = request.GET.get("primary", ""), request.GET.get("secondary", "")
        if not (HEX_RGB.fullmatch(primary) and HEX_RGB.fullmatch(secondary)):
            return HttpResponseBadRequest(
                "primary and secondary must be six hex digits", content_type="text/plain"
            )
        css = (
            f":root {{ --brand-primary: #{primary}; --brand-secondary: #{secondary}; "
            f"--brand-on-primary: {text_on('#' + primary)}; }}\n"
        )
        response = HttpResponse(css, content_type="text/css; charset=utf-8")
        response["Cache-Control"] = "public, max-age=31536000, immutable"
        return response
