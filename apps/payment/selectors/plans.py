"""Reads of payment plans and regional prices, and the storefront's priced catalog.

Storefront selectors take the visitor's fallback chain and region and return
objects whose ``tr`` attribute is the translation to show; each fixes its
queries, so a page costs the same number of queries for 3 or 300 rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from apps.general.tiers import tier_name
from apps.locale_region.fallback import attach_translations
from apps.locale_region.models import OrgRegion
from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.payment.models import OrgProductVariantPaymentPlanMarketRegion as PlanPrice
from apps.payment.ppp import PriceSuggestion, ppp_suggest
from apps.product.extensions import product_catalog_filter, product_extensions_related
from apps.product.models import (
    OrgProduct,
    OrgProductCollection,
    OrgProductCollectionProduct,
    OrgProductSkill,
    OrgProductVariant,
)
from apps.product.selectors import paginate

CATALOG_PAGE_SIZE = 24

access_tier_name = tier_name  # the name of a plan's tier, for the console and storefront


def payment_plan_priced_exists(*, product_id: int) -> bool:
    """True when the product has an active plan on an active variant with a visible price somewhere."""
    return PlanPrice.objects.filter(
        plan__variant__product_id=product_id,
        plan__is_active=True,
        plan__variant__is_active=True,
        is_visible=True,
        region__is_active=True,
        currency_id=F("region__currency_id"),
    ).exists()


def payment_plan_list_for_product(*, product: OrgProduct) -> QuerySet[Plan]:
    """Every plan of the product (console), with type rows, translations and all regional prices."""
    return (
        Plan.objects.filter(variant__product=product)
        .select_related("one_time", "subscription", "usage_based")
        .prefetch_related(
            "translations",
            Prefetch("prices", queryset=PlanPrice.objects.select_related("currency", "region")),
        )
        .order_by("variant__position", "variant_id", "access_tier", "position", "id")
    )


def payment_plan_get_for_product(*, product: OrgProduct, plan_id: int) -> Plan:
    try:
        return payment_plan_list_for_product(product=product).get(pk=int(plan_id))
    except (Plan.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def plan_prices_for_region(*, region_id: int | None) -> Prefetch:
    """A prefetch of ``prices`` holding only the visible price in ``region_id``'s current currency."""
    queryset = PlanPrice.objects.filter(
        region_id=region_id, is_visible=True, currency_id=F("region__currency_id")
    ).select_related("currency")
    return Prefetch("prices", queryset=queryset, to_attr="region_prices")


def price_suggestions(*, source_region: OrgRegion, amount: Decimal) -> list[PriceSuggestion]:
    """PPP-based, charm-rounded prices for every other active region."""
    regions = list(
        OrgRegion.objects.filter(is_active=True).select_related("currency").prefetch_related("countries")
    )
    source = next((region for region in regions if region.pk == source_region.pk), None)
    if source is None:
        return []
    return ppp_suggest(
        amount=amount,
        source_currency=source.currency.code,
        source_countries=[country.alpha2 for country in source.countries.all()],
        targets=[
            (region.pk, region.currency.code, [country.alpha2 for country in region.countries.all()])
            for region in regions
            if region.pk != source.pk
        ],
    )


# The storefront's priced catalog: published products and their prices in the visitor's region -----


def _price_from(region_id: int | None) -> Subquery:
    return Subquery(
        PlanPrice.objects.filter(
            plan__variant__product=OuterRef("pk"),
            plan__is_active=True,
            plan__variant__is_active=True,
            region_id=region_id,
            is_visible=True,
            currency_id=F("region__currency_id"),
        )
        .order_by("amount")
        .values("amount")[:1]
    )


def _published() -> QuerySet[OrgProduct]:
    return OrgProduct.objects.filter(status=OrgProduct.Status.PUBLISHED)


@dataclass(frozen=True)
class CatalogFilters:
    search: str = ""
    product_type: str = ""
    skill_id: int | None = None
    level: str = ""
    price_min: Decimal | None = None
    price_max: Decimal | None = None


def storefront_catalog(
    *, chain: Sequence[str], region_id: int | None, filters: CatalogFilters, page: str | int | None
) -> Page:
    """Published products matching ``filters``, each with ``tr`` and ``price_from`` in the region."""
    products = _published().select_related("brand").annotate(price_from=_price_from(region_id))
    translation_model = OrgProduct._parler_meta.root_model
    if filters.search:
        products = products.filter(
            Exists(
                translation_model.objects.filter(master=OuterRef("pk")).filter(
                    Q(title__icontains=filters.search) | Q(summary__icontains=filters.search)
                )
            )
        )
    if filters.product_type:
        products = products.filter(product_type=filters.product_type)
    if filters.skill_id:
        products = products.filter(
            Exists(OrgProductSkill.objects.filter(product=OuterRef("pk"), skill_id=filters.skill_id))
        )
    if filters.level:  # offered by the course extension
        products = products.filter(product_catalog_filter("level", filters.level))
    if filters.price_min is not None:
        products = products.filter(price_from__gte=filters.price_min)
    if filters.price_max is not None:
        products = products.filter(price_from__lte=filters.price_max)
    products = products.prefetch_related("translations").order_by("-published_at", "-id")
    result = paginate(products, page=page, per_page=CATALOG_PAGE_SIZE)
    attach_translations(result.object_list, chain)
    return result


def storefront_product_detail(*, slug: str, chain: Sequence[str], region_id: int | None) -> OrgProduct:
    """A published product by its slug in any locale, with variants, plans and the region's prices."""
    translation_model = OrgProduct._parler_meta.root_model
    match = translation_model.objects.filter(slug=slug, master__status=OrgProduct.Status.PUBLISHED)
    plans = (
        Plan.objects.filter(is_active=True)
        .select_related("one_time", "subscription", "usage_based")
        .prefetch_related("translations", plan_prices_for_region(region_id=region_id))
        .order_by("access_tier", "position", "id")
    )
    variants = (
        OrgProductVariant.objects.filter(is_active=True)
        .prefetch_related("translations", Prefetch("payment_plans", queryset=plans))
        .order_by("position", "id")
    )
    related = ["brand", "digital", "physical", "service", *product_extensions_related()]
    products = (
        _published()
        .filter(Exists(match.filter(master=OuterRef("pk"))))
        .select_related(*related)
        .prefetch_related(
            "translations",
            Prefetch("variants", queryset=variants),
            Prefetch(
                "skill_weights",
                queryset=OrgProductSkill.objects.select_related("skill").prefetch_related(
                    "skill__translations"
                ),
            ),
        )
    )
    product = products.first()
    if product is None:
        raise Http404
    attach_translations([product], chain)
    for variant in product.variants.all():
        attach_translations([variant], chain)
        visible = []
        for plan in variant.payment_plans.all():
            plan.region_price = plan.region_prices[0] if plan.region_prices else None
            attach_translations([plan], chain)
            if plan.region_price is not None:
                visible.append(plan)
        variant.offered_plans = visible
    for weight in product.skill_weights.all():
        attach_translations([weight.skill], chain)
    return product


def storefront_home_collections(*, chain: Sequence[str], region_id: int | None) -> list[OrgProductCollection]:
    """Published collections (featured first) with their published products, priced in the region."""
    entries = (
        OrgProductCollectionProduct.objects.filter(product__status=OrgProduct.Status.PUBLISHED)
        .select_related("product")
        .order_by("position", "id")
    )
    collections = list(
        OrgProductCollection.objects.filter(is_published=True)
        .prefetch_related("translations", Prefetch("entries", queryset=entries))
        .order_by("kind", "position", "id")  # "featured" sorts before "topic"
    )
    _attach_products(collections, chain, region_id)
    return collections


def _attach_products(
    collections: list[OrgProductCollection], chain: Sequence[str], region_id: int | None
) -> None:
    product_ids = {entry.product_id for collection in collections for entry in collection.entries.all()}
    products = {
        product.pk: product
        for product in _published()
        .filter(pk__in=product_ids)
        .annotate(price_from=_price_from(region_id))
        .prefetch_related("translations")
    }
    attach_translations(products.values(), chain)
    attach_translations(collections, chain)
    for collection in collections:
        collection.shown_products = [
            products[entry.product_id] for entry in collection.entries.all() if entry.product_id in products
        ]


def storefront_collection_detail(
    *, slug: str, chain: Sequence[str], region_id: int | None
) -> OrgProductCollection:
    translation_model = OrgProductCollection._parler_meta.root_model
    entries = OrgProductCollectionProduct.objects.order_by("position", "id")
    collection = (
        OrgProductCollection.objects.filter(
            is_published=True, pk__in=translation_model.objects.filter(slug=slug).values("master_id")
        )
        .prefetch_related("translations", Prefetch("entries", queryset=entries))
        .first()
    )
    if collection is None:
        raise Http404
    _attach_products([collection], chain, region_id)
    return collection


def storefront_sitemap_entries() -> tuple[list[OrgProduct], list[OrgProductCollection]]:
    """Published products and collections with all their translations (slugs per locale)."""
    products = list(_published().prefetch_related("translations").order_by("id"))
    collections = list(
        OrgProductCollection.objects.filter(is_published=True).prefetch_related("translations").order_by("id")
    )
    return products, collections


def payment_plan_prices_by_region(*, plan: Plan) -> dict[int, PlanPrice]:
    """The plan's prices by region id, from the ``prices`` prefetched by ``payment_plan_list_for_product``."""
    return {price.region_id: price for price in plan.prices.all()}
