"""Payment plans and regional prices of the org whose schema is active."""

from __future__ import annotations

from decimal import Decimal

import factory

from apps.payment.models import OrgManualPaymentMethod, OrgProductVariantPaymentPlanOneTimeType
from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.payment.models import OrgProductVariantPaymentPlanMarketRegion as PlanPrice
from apps.product.models import OrgProduct
from tests.product.factories import (
    OrgProductDigitalFactory,
    OrgProductFactory,
    OrgProductPhysicalFactory,
    OrgProductServiceFactory,
    OrgProductVariantFactory,
)


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


class ManualPaymentMethodFactory(factory.django.DjangoModelFactory):
    """The bank-transfer provider switched on in ``region``, with English instructions."""

    class Meta:
        model = OrgManualPaymentMethod

    region = None
    is_enabled = True

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        instructions="Pay into IBAN DE00 1234, reference: your order number.",
        **kwargs,
    ):
        method = model_class(*args, **kwargs)
        method.set_current_language("en-US")
        method.instructions = instructions
        method.save()
        return method


def sellable(
    *,
    region,
    product_type=OrgProduct.ProductType.DIGITAL,
    amount=Decimal("49.00"),
    tier=1,
    stock=5,
    **product,
) -> Plan:
    """A published product of ``product_type`` with one active one-time plan at ``tier``, priced
    ``amount`` in ``region`` (a physical good with ``stock`` in store, a digital one with a file,
    a course with its course)."""
    item = OrgProductFactory(product_type=product_type, status=OrgProduct.Status.PUBLISHED, **product)
    if product_type == OrgProduct.ProductType.PHYSICAL:
        OrgProductPhysicalFactory(product=item, stock_count=stock)
    elif product_type == OrgProduct.ProductType.DIGITAL:
        OrgProductDigitalFactory(product=item, download_limit=3)
    elif product_type == OrgProduct.ProductType.SERVICE:
        OrgProductServiceFactory(product=item)
    elif product_type == OrgProduct.ProductType.COURSE:
        from tests.course.factories import CourseFactory  # course factories import this module's app

        CourseFactory(product=item)
    plan = PaymentPlanFactory(variant=OrgProductVariantFactory(product=item), access_tier=tier)
    PlanPriceFactory(plan=plan, region=region, amount=amount)
    return plan
