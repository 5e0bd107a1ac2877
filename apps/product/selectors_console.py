"""Console reads that the storefront does not need: tax categories, collection entries, product pickers.

Kept apart from ``selectors.py`` (whose storefront selectors are tuned for page speed) so console
changes do not touch them. Each selector fixes its own queries.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from apps.product.models import OrgProduct, OrgProductCollection, OrgProductCollectionProduct, OrgTaxCategory


def _get_or_404(queryset: QuerySet[Any], pk: Any) -> Any:
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def tax_category_list_for_console() -> QuerySet[OrgTaxCategory]:
    return OrgTaxCategory.objects.annotate(product_count=Count("products")).order_by("name", "id")


def tax_category_get(*, category_id: int) -> OrgTaxCategory:
    return _get_or_404(OrgTaxCategory.objects.all(), category_id)


def collection_entries_for_console(*, collection: OrgProductCollection) -> list[OrgProductCollectionProduct]:
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
