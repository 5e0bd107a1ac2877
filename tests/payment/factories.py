"""Payment plans and regional prices of the org whose schema is active."""

from __future__ import annotations

from decimal import Decimal

import factory

from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.payment.models import OrgProductVariantPaymentPlanMarketRegion as PlanPrice
from apps.payment.models import OrgProductVariantPaymentPlanOneTimeType
from tests.product.factories import OrgProductVariantFactory


class PaymentPlanFactory(factory.django.DjangoModelFactory):
    """A one-time plan (with its type row) at tier 1."""

    class Meta:
        model = Plan

    variant = factory.SubFactory(OrgProductVariantFactory)
    plan_type = Plan.PlanType.ONE_TIME
    access_tier = 1

    @classmethod
    def _create(cls, model_class, *args, name="Basic", **kwargs):
        plan = model_class(*args, **kwargs)
        plan.set_current_language("en-US")
        plan.name = name
        plan.features = "Lifetime access\nCertificate"
        plan.save()
        if plan.plan_type == Plan.PlanType.ONE_TIME:
            OrgProductVariantPaymentPlanOneTimeType.objects.create(plan=plan)
        return plan


class PlanPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanPrice

    plan = factory.SubFactory(PaymentPlanFactory)
    region = None
    currency = factory.LazyAttribute(lambda price: price.region.currency)
    amount = Decimal("19.99")
