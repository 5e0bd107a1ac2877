"""Reads of payment plans and regional prices."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F, Prefetch, QuerySet
from django.http import Http404

from apps.general.tiers import tier_name
from apps.locale_region.models import OrgRegion
from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.payment.models import OrgProductVariantPaymentPlanMarketRegion as PlanPrice
from apps.payment.ppp import PriceSuggestion, ppp_suggest
from apps.product.models import OrgProduct

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


def payment_plan_prices_by_region(*, plan: Plan) -> dict[int, PlanPrice]:
    """The plan's prices by region id, from the ``prices`` prefetched by ``payment_plan_list_for_product``."""
    return {price.region_id: price for price in plan.prices.all()}
