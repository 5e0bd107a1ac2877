"""What a plan sells for in a region right now, and whether it can be bought there.

Carts and checkout never trust a price the browser sends: every line is priced here, from the
plan's visible price in the region's current currency, on a published product and an active
variant. One query for any number of plans (plus one for reserved stock when a physical good is
among them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from apps.locale_region.fallback import attach_translations
from apps.locale_region.models import OrgRegion
from apps.payment.models import OrgOrderLine
from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.payment.selectors.plans import plan_prices_for_region
from apps.product.models import OrgProduct

ProductType = OrgProduct.ProductType


@dataclass(frozen=True)
class Offer:
    """A plan as the buyer would get it now. ``refusal`` says why it cannot be bought ("" when it can)."""

    plan_id: int
    variant_id: int
    product_id: int
    product_type: str
    product_slug: str
    product_name: str
    variant_name: str
    plan_name: str
    access_tier: int
    access_days: int | None
    unit_amount: Decimal | None
    currency: str
    stock_available: int | None  # None: not a stocked good
    refusal: str = ""

    @property
    def is_purchasable(self) -> bool:
        return not self.refusal

    @property
    def is_stocked(self) -> bool:
        return self.stock_available is not None

    @property
    def max_quantity(self) -> int:
        """How many one line may hold: one of anything but a physical good."""
        return 1 if self.stock_available is None else self.stock_available


def offers_for_plans(*, plan_ids: Iterable[int], region: OrgRegion, chain: Sequence[str]) -> dict[int, Offer]:
    """The offer of each plan among ``plan_ids`` in ``region`` (plans that do not exist are absent)."""
    ids = {int(plan_id) for plan_id in plan_ids}
    plans = list(
        Plan.objects.filter(pk__in=ids)
        .select_related("variant__product__physical", "one_time")
        .prefetch_related(
            "translations",
            "variant__translations",
            "variant__product__translations",
            plan_prices_for_region(region_id=region.pk),
        )
    )
    if not plans:
        return {}
    attach_translations(plans, chain)
    attach_translations([plan.variant for plan in plans], chain)
    attach_translations([plan.variant.product for plan in plans], chain)
    reserved = stock_held(plan.variant.product_id for plan in plans if _is_physical(plan))
    return {plan.pk: _offer(plan, region, reserved) for plan in plans}


def _is_physical(plan: Plan) -> bool:
    return plan.variant.product.product_type == ProductType.PHYSICAL


def stock_held(product_ids: Iterable[int]) -> dict[int, int]:
    """Units of each physical product that unpaid orders hold (reserved at checkout)."""
    ids = set(product_ids)
    if not ids:
        return {}
    rows = (
        OrgOrderLine.objects.filter(product_id__in=ids, stock=OrgOrderLine.Stock.RESERVED)
        .values("product_id")
        .annotate(quantity=Sum("quantity"))
    )
    return {row["product_id"]: row["quantity"] for row in rows}


def _offer(plan: Plan, region: OrgRegion, reserved: dict[int, int]) -> Offer:
    variant, product = plan.variant, plan.variant.product
    price = plan.region_prices[0] if plan.region_prices else None
    stock = None
    if product.product_type == ProductType.PHYSICAL:
        physical = getattr(product, "physical", None)
        count = physical.stock_count if physical is not None else 0
        stock = max(count - reserved.get(product.pk, 0), 0)
    one_time = getattr(plan, "one_time", None) if plan.plan_type == Plan.PlanType.ONE_TIME else None
    return Offer(
        plan_id=plan.pk,
        variant_id=variant.pk,
        product_id=product.pk,
        product_type=product.product_type,
        product_slug=getattr(product.tr, "slug", "") if product.tr else "",
        product_name=_name(product, "title"),
        variant_name=_name(variant, "name"),
        plan_name=_name(plan, "name"),
        access_tier=plan.access_tier,
        access_days=one_time.access_days if one_time is not None else None,
        unit_amount=price.amount if price is not None else None,
        currency=region.currency.code,
        stock_available=stock,
        refusal=_refusal(plan, price, stock),
    )


def _name(obj: object, field: str) -> str:
    translation = getattr(obj, "tr", None)
    return str(getattr(translation, field, "") or obj)


def _refusal(plan: Plan, price: object, stock: int | None) -> str:
    product = plan.variant.product
    if product.status != OrgProduct.Status.PUBLISHED or not plan.is_active or not plan.variant.is_active:
        return _("This plan is no longer offered.")
    if price is None:
        return _("This plan is not offered in your region.")
    if plan.plan_type != Plan.PlanType.ONE_TIME:
        return _("Subscriptions and usage-based plans cannot be bought online yet.")
    if stock == 0:
        return _("This item is out of stock.")
    return ""
