from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError

from apps.payment.models import OrgOrder, OrgOrderLine, OrgPayment
from apps.payment.selectors.carts import cart_review
from apps.payment.selectors.offers import offers_for_plans
from apps.payment.services.carts import cart_create, cart_line_add, cart_prices_confirm
from apps.payment.services.checkout import ShippingAddress, checkout_place, checkout_place_for
from apps.payment.services.plans import payment_plan_price_set
from apps.user.models import User
from tests.actors import TEST_ACTOR
from tests.payment.conftest import CHAIN, PRICES


def test_an_order_snapshots_everything_that_decided_its_price(shop):
    order = shop.order("course", "physical", quantity=2)
    assert (order.status, order.provider, order.currency, order.total) == (
        OrgOrder.Status.AWAITING_PAYMENT, "manual", "EUR", Decimal("109.00")
    )  # fmt: skip
    assert int(order.number) > 1000 and order.region_id == shop.eu.pk and order.locale == "en-US"
    lines = {line.product_type: line for line in order.lines.all()}
    course = lines["course"]
    assert (course.access_tier, course.unit_amount, course.quantity, course.total, course.access) == (
        2, Decimal("49.00"), 1, Decimal("49.00"), OrgOrderLine.Access.PENDING
    )  # fmt: skip
    assert (lines["physical"].stock, lines["physical"].total) == (
        OrgOrderLine.Stock.RESERVED,
        Decimal("60.00"),
    )
    assert order.shipping_city == "Berlin"
    assert order.payments.get().status == OrgPayment.Status.PENDING


def test_order_numbers_are_unique_and_human(shop):
    numbers = [shop.order("digital").number, shop.order("digital").number]
    assert len(set(numbers)) == 2 and all(number.isdigit() and len(number) <= 8 for number in numbers)


def test_a_reserved_good_is_not_sold_twice(shop):
    shop.order("physical", quantity=3)
    offer = offers_for_plans(plan_ids=[shop.plans["physical"].pk], region=shop.eu, chain=CHAIN)[
        shop.plans["physical"].pk
    ]
    assert (offer.stock_available, offer.refusal) == (0, "This item is out of stock.")


def _refused(shop, cart, message, **details):
    total = details.pop("total", None)
    before = OrgOrder.objects.count()
    with pytest.raises(ValidationError) as error:
        checkout_place(
            actor=shop.buyer.user,
            cart=cart,
            member=shop.buyer,
            details=shop.details(total if total is not None else PRICES["digital"], **details),
            chain=CHAIN,
        )
    assert message in " ".join(error.value.messages)
    assert OrgOrder.objects.count() == before
    return error.value


def test_a_tampered_total_is_refused(shop):
    _refused(shop, shop.cart("digital"), "is not the total of your cart", total=Decimal("0.01"))


def test_a_price_changed_since_the_buyer_looked_is_refused_then_accepted(shop):
    cart = shop.cart("digital")
    payment_plan_price_set(
        actor=TEST_ACTOR,
        plan=shop.plans["digital"],
        region=shop.eu,
        amount=Decimal("25.00"),
        currency_code="EUR",
    )
    _refused(shop, cart, "Prices changed")
    cart_prices_confirm(
        actor=shop.buyer.user, cart=cart, offers=cart_review(cart=cart, chain=CHAIN).offers
    )  # shown
    order = checkout_place(
        actor=shop.buyer.user,
        cart=cart,
        member=shop.buyer,
        details=shop.details(Decimal("25.00")),
        chain=CHAIN,
    )
    assert order.total == Decimal("25.00")


def test_a_currency_mismatch_is_refused(shop):
    _refused(shop, shop.cart("digital"), "currency", expected_currency="USD")


def test_stock_gone_between_cart_and_checkout_is_refused(shop):
    cart = shop.cart("physical", quantity=2)
    shop.order("physical", quantity=2)
    _refused(shop, cart, "left in stock", total=Decimal("60.00"))


def test_an_inactive_plan_is_refused_at_checkout(shop):
    cart = shop.cart("digital")
    plan = shop.plans["digital"]
    plan.is_active = False
    plan.save()
    _refused(shop, cart, "no longer offered")


def test_an_empty_cart_is_refused(shop):
    _refused(shop, shop.cart(), "Your cart is empty.")


def test_shipping_is_required_only_with_a_physical_good(shop):
    error = _refused(shop, shop.cart("physical"), "address", total=Decimal("30.00"), shipping=None)
    assert "shipping_line1" in error.message_dict
    blank = ShippingAddress(name="", line1="", city="", postal_code="", country="XX")
    error = _refused(shop, shop.cart("physical"), "recipient", total=Decimal("30.00"), shipping=blank)
    assert set(error.message_dict) == {
        "shipping_name",
        "shipping_line1",
        "shipping_city",
        "shipping_postal_code",
        "shipping_country",
    }
    order = checkout_place(
        actor=shop.buyer.user,
        cart=shop.cart("digital"),
        member=shop.buyer,
        details=shop.details(PRICES["digital"], shipping=None),
        chain=CHAIN,
    )
    assert order.shipping_country == ""


def test_a_provider_the_region_does_not_take_is_refused(shop):
    _refused(shop, shop.cart("digital"), "payment methods offered", provider="stripe")
    _refused(shop, shop.cart("digital"), "payment methods offered", provider="bitcoin")


def test_a_bad_billing_country_is_refused(shop):
    _refused(shop, shop.cart("digital"), "Choose your country.", billing_country="ZZ")


def test_a_new_buyer_gets_an_unverified_account_and_membership_with_the_order(shop):
    cart = cart_create(actor=TEST_ACTOR, region=shop.eu, member=None)
    cart_line_add(actor=TEST_ACTOR, cart=cart, plan_id=shop.plans["digital"].pk, quantity=1, chain=CHAIN)
    details = shop.details(PRICES["digital"], email="New.Buyer@Example.com", shipping=None)
    placed = checkout_place_for(user=None, cart=cart, details=details, chain=CHAIN)
    assert placed.new_user is not None and placed.new_user.email == "new.buyer@example.com"
    assert placed.order.member.user == placed.new_user and placed.order.email == "new.buyer@example.com"
    assert not placed.new_user.has_usable_password()
    assert not EmailAddress.objects.get(user=placed.new_user).verified


def test_a_signed_out_buyer_with_a_taken_email_is_refused_and_nothing_is_made(shop):
    cart = shop.cart("digital")
    details = shop.details(PRICES["digital"], email=shop.buyer.user.email.upper(), shipping=None)
    with pytest.raises(ValidationError) as refused:
        checkout_place_for(user=None, cart=cart, details=details, chain=CHAIN)
    assert "Sign in to complete your purchase" in str(refused.value.message_dict["email"])
    assert not OrgOrder.objects.exists() and User.objects.filter(email__iexact=details.email).count() == 1


def test_a_signed_in_buyer_buys_as_themselves(shop):
    cart = shop.cart("digital")
    details = shop.details(PRICES["digital"], shipping=None)
    placed = checkout_place_for(user=shop.buyer.user, cart=cart, details=details, chain=CHAIN)
    assert placed.new_user is None and placed.order.member == shop.buyer
