"""The storefront of the org whose domain serves the request, in the visitor's region and locale."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from apps.locale_region.fallback import pick_translation
from apps.product.models import OrgProduct
from apps.product.selectors import (
    CatalogFilters,
    courses_installed,
    storefront_catalog,
    storefront_collection_detail,
    storefront_home_collections,
    storefront_product_detail,
    storefront_sitemap_entries,
)
from apps.storefront.market import SESSION_LOCALE, SESSION_REGION, Market, market_url, region_base_url
from apps.storefront.seo import page_seo


def _market(request: HttpRequest) -> Market:
    return request.market  # type: ignore[attr-defined]


def _region_id(market: Market) -> int | None:
    return market.region.id if market.region else None


def _switcher(request: HttpRequest, market: Market, path_for) -> dict[str, Any]:
    """Links to this page in the region's other locales, and the regions to choose from."""
    region = market.region
    languages = [
        {
            "key": key,
            "url": market_url(request, market, region, key, path_for(key)),
            "current": key == market.locale_key,
        }
        for key in (region.locale_keys if region else ())
    ]
    return {"switch_languages": languages, "switch_regions": market.snapshot.regions}


class StorefrontPageMixin:
    """Adds the market, SEO links and switchers to the context; ``page_path`` gives the path per locale."""

    request: HttpRequest

    def page_path(self, locale_key: str) -> str:
        return self.request.path_info

    def market_context(self) -> dict[str, Any]:
        market = _market(self.request)
        return {
            "market": market,
            "region": market.region,
            "brand": market.region.brand if market.region else None,
            "currency_code": market.currency_code,
            "og_locale": market.locale_key.replace("-", "_"),
            "seo": page_seo(self.request, market, self.page_path),
            **_switcher(self.request, market, self.page_path),
        }


class StorefrontHomeView(StorefrontPageMixin, TemplateView):
    template_name = "storefront/home.html"

    def page_path(self, locale_key: str) -> str:
        return "/"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        market = _market(self.request)
        context = super().get_context_data(**kwargs)
        context.update(self.market_context())
        context["collections"] = storefront_home_collections(
            chain=market.fallback_chain, region_id=_region_id(market)
        )
        return context


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        return None


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


class StorefrontCatalogView(StorefrontPageMixin, TemplateView):
    template_name = "storefront/catalog.html"

    def page_path(self, locale_key: str) -> str:
        return "/catalog/"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        market, query = _market(self.request), self.request.GET
        filters = CatalogFilters(
            search=query.get("q", "").strip()[:100],
            product_type=query.get("type", "") if query.get("type") in OrgProduct.ProductType.values else "",
            skill_id=_int(query.get("skill", "")),
            level=query.get("level", "")[:20],
            price_min=_decimal(query.get("min", "")),
            price_max=_decimal(query.get("max", "")),
        )
        context = super().get_context_data(**kwargs)
        context.update(self.market_context())
        context["page"] = storefront_catalog(
            chain=market.fallback_chain, region_id=_region_id(market), filters=filters, page=query.get("page")
        )
        context["filters"] = filters
        context["product_types"] = OrgProduct.ProductType.choices
        context["levels"] = _course_levels()
        query_without_page = query.copy()
        query_without_page.pop("page", None)
        context["query_without_page"] = query_without_page.urlencode()
        return context


def _course_levels() -> list[tuple[str, Any]]:
    if not courses_installed():
        return []
    from apps.course.models import Level  # the course app's level choices, shown as a filter

    return list(Level.choices)


class StorefrontProductView(StorefrontPageMixin, TemplateView):
    template_name = "storefront/product.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        market = _market(self.request)
        self.product = storefront_product_detail(
            slug=kwargs["slug"], chain=market.fallback_chain, region_id=_region_id(market)
        )
        context = super().get_context_data(**kwargs)
        context.update(self.market_context())
        context["product"] = self.product
        context["variants"] = [variant for variant in self.product.variants.all() if variant.offered_plans]
        return context

    def page_path(self, locale_key: str) -> str:
        chain = [locale_key, *_market(self.request).snapshot.locale_keys]
        translation = pick_translation(self.product.translations.all(), chain)
        return f"/p/{translation.slug}/"


class StorefrontCollectionView(StorefrontPageMixin, TemplateView):
    template_name = "storefront/collection.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        market = _market(self.request)
        self.collection = storefront_collection_detail(
            slug=kwargs["slug"], chain=market.fallback_chain, region_id=_region_id(market)
        )
        context = super().get_context_data(**kwargs)
        context.update(self.market_context())
        context["collection"] = self.collection
        return context

    def page_path(self, locale_key: str) -> str:
        chain = [locale_key, *_market(self.request).snapshot.locale_keys]
        translation = pick_translation(self.collection.translations.all(), chain)
        return f"/c/{translation.slug}/"


class StorefrontRegionChooseView(View):
    """Saves the visitor's region (and optionally locale) and sends them to that region's home."""

    def post(self, request: HttpRequest) -> HttpResponse:
        market = _market(request)
        region = market.snapshot.region_by_slug(request.POST.get("region"))
        if region is None:
            return HttpResponseRedirect(reverse("storefront_home"))
        request.session[SESSION_REGION] = region.slug
        request.session.pop(SESSION_LOCALE, None)
        target = region_base_url(request, market, region) + "/"
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host(), region.host or ""}):
            target = "/"
        return HttpResponseRedirect(target)


class StorefrontSitemapView(View):
    """sitemap.xml of this org domain: every page in every region and locale this host serves."""

    def get(self, request: HttpRequest) -> HttpResponse:
        market = _market(request)
        products, collections = storefront_sitemap_entries()
        host = request.get_host().split(":")[0].lower()
        regions = [
            region
            for region in market.snapshot.regions
            if (region.host == host)
            or (not region.host and not any(r.host == host for r in market.snapshot.regions))
        ]
        urls = []
        for region in regions:
            for key in region.locale_keys:
                chain = [key, *region.locale_keys, *market.snapshot.locale_keys]
                paths = ["/", "/catalog/"]
                paths += [f"/p/{pick_translation(p.translations.all(), chain).slug}/" for p in products]
                paths += [f"/c/{pick_translation(c.translations.all(), chain).slug}/" for c in collections]
                urls += [market_url(request, market, region, key, path) for path in paths]
        if not regions:
            urls = [request.build_absolute_uri("/"), request.build_absolute_uri("/catalog/")]
        return TemplateResponse(
            request,
            "storefront/sitemap.xml",
            {"urls": list(dict.fromkeys(urls))},
            content_type="application/xml",
        )


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
