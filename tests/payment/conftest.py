"""A shop in org A: a EUR and a USD region (bank transfer on in EUR), one product of each type
priced in EUR, and a signed-in buyer with their cart."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from apps.member.models import OrgMember
from apps.payment.models import OrgCart, OrgProductVariantPaymentPlan
from apps.payment.services.carts import cart_create, cart_line_add
from apps.payment.services.checkout import CheckoutDetails, ShippingAddress, checkout_place
from apps.product.models import OrgProduct
from tests.locale_region.factories import market
from tests.member.factories import OrgMemberFactory
from tests.payment.factories import ManualPaymentMethodFactory, sellable

CHAIN = ["en-US"]
Type = OrgProduct.ProductType


@dataclass
class Shop:
    eu: object
    us: object
    plans: dict[str, OrgProductVariantPaymentPlan]
    buyer: OrgMember

    def cart(self, *names: str, region=None, quantity: int = 1) -> OrgCart:
        cart = cart_create(actor=self.buyer.user, region=region or self.eu, member=self.buyer)
        for name in names:
            amount = quantity if name == "physical" else 1
            cart_line_add(
                actor=self.buyer.user, cart=cart, plan_id=self.plans[name].pk, quantity=amount, chain=CHAIN
            )
        return cart

    def details(self, total: Decimal, **overrides) -> CheckoutDetails:
        values = {
            "email": self.buyer.user.email,
            "billing_country": "DE",
            "provider": "manual",
            "locale": "en-US",
            "expected_total": total,
            "expected_currency": "EUR",
            "shipping": ShippingAddress(
                name="Ana Buyer", line1="Hauptstr. 1", city="Berlin", postal_code="10115", country="DE"
            ),
        }
        return CheckoutDetails(**(values | overrides))

    def order(self, *names: str, quantity: int = 1):
        cart = self.cart(*names, quantity=quantity)
        total = sum((PRICES[name] * (quantity if name == "physical" else 1) for name in names), Decimal(0))
        return checkout_place(
            actor=self.buyer.user, cart=cart, member=self.buyer, details=self.details(total), chain=CHAIN
        )


PRICES = {
    "course": Decimal("49.00"),
    "digital": Decimal("19.90"),
    "physical": Decimal("30.00"),
    "service": Decimal("120.00"),
}


@pytest.fixture
def shop(org_a, in_org) -> Shop:
    in_org(org_a)
    return shop_build()


def shop_build() -> Shop:
    """The shop in the org whose schema is active."""
    regions = market(2)["regions"]
    us, eu = regions
    ManualPaymentMethodFactory(region=eu)
    plans = {
        "course": sellable(region=eu, product_type=Type.COURSE, amount=PRICES["course"], tier=2),
        "digital": sellable(region=eu, product_type=Type.DIGITAL, amount=PRICES["digital"]),
        "physical": sellable(region=eu, product_type=Type.PHYSICAL, amount=PRICES["physical"], stock=3),
        "service": sellable(region=eu, product_type=Type.SERVICE, amount=PRICES["service"]),
    }
    return Shop(eu=eu, us=us, plans=plans, buyer=OrgMemberFactory())
