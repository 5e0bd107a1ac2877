"""Demo plans: three access tiers per variant, priced in every region from the US price by PPP. Idempotent."""

from __future__ import annotations

from decimal import Decimal

from apps.locale_region.models import OrgRegion
from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.payment.selectors import price_suggestions
from apps.payment.services import PriceInput, payment_plan_create, payment_plan_prices_set
from apps.product.models import OrgProduct, OrgProductVariant
from apps.product.services import product_publish

TIERS = [
    (1, "one_time", "Basic", "Lifetime access\nCommunity forum", {}, Decimal("29.00")),
    (2, "subscription", "Premium", "Everything in Basic\nMonthly live Q&A",
     {"interval": "month", "interval_count": 1, "trial_days": 7}, Decimal("19.00")),
    (3, "one_time", "VIP", "Everything in Premium\n1:1 mentoring\nCertificate", {}, Decimal("199.00")),
]  # fmt: skip


def seed(org) -> None:
    regions = list(OrgRegion.objects.select_related("currency"))
    us = next((region for region in regions if region.currency.code == "USD"), None)
    if us is None:
        return
    for variant in OrgProductVariant.objects.select_related("product").filter(payment_plans__isnull=True):
        for tier, kind, name, features, details, usd in TIERS:
            plan = payment_plan_create(
                variant=variant, plan_type=kind, access_tier=tier, language_code="en-US", name=name,
                features=features, details=details, position=tier,
            )  # fmt: skip
            amount = usd + variant.position * Decimal(20)
            suggested = {s.region_id: s.amount for s in price_suggestions(source_region=us, amount=amount)}
            prices = [PriceInput(us, amount, "USD")] + [
                PriceInput(region, suggested[region.pk], region.currency.code)
                for region in regions
                if region.pk != us.pk and suggested.get(region.pk) is not None
            ]
            payment_plan_prices_set(plan=plan, prices=prices)
    for product in OrgProduct.objects.filter(status=OrgProduct.Status.DRAFT):
        if Plan.objects.filter(variant__product=product).exists():
            product_publish(product=product)
