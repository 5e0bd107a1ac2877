"""Reads of products, variants, collections and tax categories: the org's own, and the storefront's.

Storefront selectors take the visitor's fallback chain and region and return
objects whose ``tr`` attribute is the translation to show; each fixes its
queries, so a page costs the same number of queries for 3 or 300 rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from apps.locale_region.fallback import attach_translations
from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.payment.models import OrgProductVariantPaymentPlanMarketRegion as PlanPrice
from apps.payment.selectors import plan_prices_for_region
from apps.product.models import (
    OrgProduct,
    OrgProductCollection,
    OrgProductCollectionProduct,
    OrgProductSkill,
    OrgProductVariant,
    OrgTaxCategory,
)

CATALOG_PAGE_SIZE = 24


def _get_or_404(queryset, pk):
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def courses_installed() -> bool:
    return apps.is_installed("apps.course")


# The org's own (every status) -------------------------------------------------------------------------------


def product_list(*, search: str = "", product_type: str = "", status: str = "") -> QuerySet[OrgProduct]:
    products = OrgProduct.objects.select_related("brand").prefetch_related("translations")
    if search:
        products = products.filter(
            Exists(
                OrgProduct._parler_meta.root_model.objects.filter(
                    master=OuterRef("pk"), title__icontains=search
                )
            )
        )
    if product_type:
        products = products.filter(product_type=product_type)
    if status:
        products = products.filter(status=status)
    return products.order_by("-updated_at", "-id")


def paginate(queryset, *, page: str | int | None, per_page: int) -> Page:
    return Paginator(queryset, per_page).get_page(page)


def product_get(*, product_id: int) -> OrgProduct:
    related = ["brand", "tax_category", "digital", "physical", "service"]
    queryset = OrgProduct.objects.select_related(*related).prefetch_related(
        "translations",
        Prefetch("variants", queryset=OrgProductVariant.objects.prefetch_related("translations")),
        Prefetch("skill_weights", queryset=OrgProductSkill.objects.select_related("skill")),
    )
    return _get_or_404(queryset, product_id)


def variant_get_for_product(*, product: OrgProduct, variant_id: int) -> OrgProductVariant:
    return _get_or_404(OrgProductVariant.objects.filter(product=product), variant_id)


def tax_category_list() -> QuerySet[OrgTaxCategory]:
    return OrgTaxCategory.objects.order_by("name")


def collection_list() -> QuerySet[OrgProductCollection]:
    return OrgProductCollection.objects.prefetch_related("translations", "entries").order_by("position", "id")


def collection_get(*, collection_id: int) -> OrgProductCollection:
    return _get_or_404(collection_list(), collection_id)


# Storefront ------------------------------------------------------------------------------------------


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
    if filters.level and courses_installed():
        products = products.filter(course__level=filters.level)
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
    related = ["brand", "digital", "physical", "service"]
    if courses_installed():
        related.append("course")
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


# The org's own: tax categories, collection entries, product pickers, skills --------------------------


def tax_category_list_with_product_counts() -> QuerySet[OrgTaxCategory]:
    return OrgTaxCategory.objects.annotate(product_count=Count("products")).order_by("name", "id")


def tax_category_get(*, category_id: int) -> OrgTaxCategory:
    return _get_or_404(OrgTaxCategory.objects.all(), category_id)


def collection_entries(*, collection: OrgProductCollection) -> list[OrgProductCollectionProduct]:
    """The collection's products in order, each product with its translations (two queries)."""
    products = OrgProduct.objects.prefetch_related("translations")
    return list(
        OrgProductCollectionProduct.objects.filter(collection=collection)
        .prefetch_related(Prefetch("product", queryset=products))
        .order_by("position", "id")
    )


def product_options_for_collection(*, collection: OrgProductCollection) -> QuerySet[OrgProduct]:
    """Products that could be added to the collection (not archived, not already in it)."""
    return (
        OrgProduct.objects.exclude(status=OrgProduct.Status.ARCHIVED)
        .exclude(collection_entries__collection=collection)
        .prefetch_related("translations")
        .order_by("-updated_at", "-id")
    )


def product_skill_weights(*, product: OrgProduct) -> QuerySet:
    """The product's skills by weight, with the skills' translated names (two queries)."""
    return product.skill_weights.select_related("skill").prefetch_related("skill__translations")


def product_variants(*, product: OrgProduct) -> list[OrgProductVariant]:
    """The product's variants in order, from the prefetch of ``product_get`` (no query)."""
    return list(product.variants.all())


def collection_product_ids(*, collection: OrgProductCollection) -> list[int]:
    """The ids of the collection's products in order, from the prefetch of ``collection_get`` (no query)."""
    return [entry.product_id for entry in collection.entries.all()]
