"""Reads of products, variants, collections and tax categories for the console.

The storefront's reads (products with their regional prices) are in ``apps.payment.selectors``,
the app that holds prices.
"""

from __future__ import annotations

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from apps.product.models import (
    OrgProduct,
    OrgProductCollection,
    OrgProductSkill,
    OrgProductVariant,
    OrgTaxCategory,
)

CONSOLE_PAGE_SIZE = 25


def _get_or_404(queryset, pk):
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def courses_installed() -> bool:
    return apps.is_installed("apps.course")


# Console ---------------------------------------------------------------------------------------------


def product_list_for_console(
    *, search: str = "", product_type: str = "", status: str = ""
) -> QuerySet[OrgProduct]:
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


def product_get_for_console(*, product_id: int) -> OrgProduct:
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


def collection_list_for_console() -> QuerySet[OrgProductCollection]:
    return OrgProductCollection.objects.prefetch_related("translations", "entries").order_by("position", "id")


def collection_get_for_console(*, collection_id: int) -> OrgProductCollection:
    return _get_or_404(collection_list_for_console(), collection_id)
