"""Reads of products, variants, collections and tax categories for the console.

The storefront's reads (products with their regional prices) are in ``apps.payment.selectors``,
the app that holds prices.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from apps.product.models import (
    OrgProduct,
    OrgProductCollection,
    OrgProductCollectionProduct,
    OrgProductSkill,
    OrgProductVariant,
    OrgTaxCategory,
)


def _get_or_404(queryset, pk):
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


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


def collection_list(*, search: str = "") -> QuerySet[OrgProductCollection]:
    """Collections in storefront order; ``search`` matches a title in any language."""
    collections = OrgProductCollection.objects.all()
    if search:
        matching = OrgProductCollection.objects.filter(translations__title__icontains=search).values("pk")
        collections = collections.filter(pk__in=matching)
    return collections.prefetch_related("translations", "entries").order_by("position", "id")


def collection_get(*, collection_id: int) -> OrgProductCollection:
    return _get_or_404(collection_list(), collection_id)


# The org's own: tax categories, collection entries, product pickers, skills --------------------------


def tax_category_list_with_product_counts(*, search: str = "") -> QuerySet[OrgTaxCategory]:
    categories = OrgTaxCategory.objects.all()
    if search:
        categories = categories.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return categories.annotate(product_count=Count("products")).order_by("name", "id")


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
