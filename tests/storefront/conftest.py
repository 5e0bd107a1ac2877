from decimal import Decimal

import pytest

from apps.product.models import OrgProduct
from tests.locale_region.factories import market
from tests.payment.factories import PaymentPlanFactory, PlanPriceFactory
from tests.product.factories import OrgProductFactory, OrgProductVariantFactory

PRICES = {"USD": "49.00", "EUR": "45.00", "MXN": "499.00", "INR": "999.00", "EGP": "1499.00"}


def priced_product(regions, *, variants=1, plans=1, slug=None, title="Django for teams"):
    kwargs = {"slug": slug} if slug else {}
    product = OrgProductFactory(status=OrgProduct.Status.PUBLISHED, title=title, **kwargs)
    for v in range(variants):
        variant = OrgProductVariantFactory(product=product, name=f"Variant {v}", position=v)
        for tier in range(1, plans + 1):
            plan = PaymentPlanFactory(variant=variant, access_tier=tier, name=f"Plan {tier}")
            for region in regions:
                PlanPriceFactory(
                    plan=plan, region=region, amount=Decimal(PRICES[region.currency.code]) * tier
                )
    return product


@pytest.fixture
def shop(org_a, in_org):
    """org_a with five regions and one published product: 4 variants x 3 plans x 5 regions."""
    in_org(org_a)
    data = market(5)
    data["product"] = priced_product(data["regions"], variants=4, plans=3, slug="django-for-teams")
    return data
