from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.payment.models import OrgCart, OrgCartLine
from apps.payment.selectors.carts import cart_review
from apps.payment.services.carts import (
    cart_claim,
    cart_create,
    cart_line_add,
    cart_line_quantity_set,
    cart_line_remove,
    cart_prices_confirm,
    cart_region_move,
    quantity_parse,
)
from apps.payment.services.plans import payment_plan_price_set
from tests.actors import TEST_ACTOR
from tests.locale_region.factories import market
from tests.member.factories import OrgMemberFactory
from tests.payment.conftest import CHAIN
from tests.payment.factories import PaymentPlanFactory, PlanPriceFactory, sellable
from volmify.actors import STOREFRONT_VISITOR


def test_a_line_is_priced_from_the_region_not_from_the_browser(shop):
    cart = shop.cart("course", "physical", quantity=2)
    review = cart_review(cart=cart, chain=CHAIN)
    assert [(line.line.quantity, line.unit_amount) for line in review.lines] == [
        (1, Decimal("49.00")),
        (2, Decimal("30.00")),
    ]
    assert (review.subtotal, review.currency, review.requires_shipping) == (Decimal("109.00"), "EUR", True)


def test_adding_a_course_twice_keeps_one_and_a_physical_good_adds_up(shop):
    cart = shop.cart("course", "course", "physical", "physical")
    assert sorted(cart.lines.values_list("quantity", flat=True)) == [1, 2]


@pytest.mark.parametrize("value", ["0", "-1", "100", "1e9", "two", "", None])
def test_bad_quantities_get_a_clear_message(value):
    with pytest.raises(ValidationError) as error:
        quantity_parse(value)
    assert error.value.message_dict["quantity"][0] in (
        "Enter a whole number.",
        "Choose a quantity from 1 to 99.",
    )


def test_more_than_the_stock_is_refused_and_nothing_changes(shop):
    cart = shop.cart("physical", quantity=3)
    with pytest.raises(ValidationError, match="Only 3 left in stock"):
        cart_line_add(
            actor=STOREFRONT_VISITOR, cart=cart, plan_id=shop.plans["physical"].pk, quantity=1, chain=CHAIN
        )
    assert cart.lines.get().quantity == 3


def test_inactive_unpriced_and_unknown_plans_are_refused(shop):
    cart = cart_create(actor=STOREFRONT_VISITOR, region=shop.eu, member=None)
    inactive = shop.plans["digital"]
    inactive.is_active = False
    inactive.save()
    unpriced = PaymentPlanFactory(variant=shop.plans["course"].variant)
    subscription = PaymentPlanFactory(variant=shop.plans["course"].variant, plan_type="subscription")
    PlanPriceFactory(plan=subscription, region=shop.eu)
    cases = [
        (inactive.pk, "no longer offered"),
        (unpriced.pk, "not offered in your region"),
        (subscription.pk, "cannot be bought online yet"),
        (999999, "does not exist"),
    ]
    for plan_id, message in cases:
        with pytest.raises(ValidationError, match=message):
            cart_line_add(actor=STOREFRONT_VISITOR, cart=cart, plan_id=plan_id, quantity=1, chain=CHAIN)
    assert not cart.lines.exists()


def test_a_plan_of_another_org_does_not_exist_here(shop, org_a, org_b, in_org):
    in_org(org_b)
    foreign = PaymentPlanFactory(id=987_654, variant=sellable(region=market(1)["regions"][0]).variant)
    in_org(org_a)
    cart = cart_create(actor=STOREFRONT_VISITOR, region=shop.eu, member=None)
    with pytest.raises(ValidationError, match="does not exist"):
        cart_line_add(actor=STOREFRONT_VISITOR, cart=cart, plan_id=foreign.pk, quantity=1, chain=CHAIN)
    assert not cart.lines.exists()


def test_a_changed_price_is_shown_and_confirmed_never_charged_silently(shop):
    cart = shop.cart("digital")
    payment_plan_price_set(
        actor=TEST_ACTOR,
        plan=shop.plans["digital"],
        region=shop.eu,
        amount=Decimal("24.90"),
        currency_code="EUR",
    )
    review = cart_review(cart=cart, chain=CHAIN)
    assert [(line.line.seen_unit_amount, line.unit_amount) for line in review.changed_lines] == [
        (Decimal("19.90"), Decimal("24.90"))
    ]


def test_moving_region_reprices_and_drops_what_is_not_sold_there(shop):
    cart = shop.cart("course", "digital")
    PlanPriceFactory(plan=shop.plans["course"], region=shop.us, amount=Decimal("55.00"))
    notices = cart_region_move(actor=STOREFRONT_VISITOR, cart=cart, region=shop.us, chain=CHAIN)
    assert len(notices) == 2 and "was removed" in notices[0] and "USD" in notices[1]
    line = cart.lines.get()
    assert (line.plan_id, line.seen_unit_amount) == (shop.plans["course"].pk, Decimal("55.00"))
    cart.refresh_from_db()
    assert cart.currency == "USD"


def test_signing_in_joins_the_visitor_cart_to_the_member_cart(shop):
    earlier = shop.cart("course")
    visitor_cart = cart_create(actor=STOREFRONT_VISITOR, region=shop.eu, member=None)
    cart_line_add(
        actor=STOREFRONT_VISITOR, cart=visitor_cart, plan_id=shop.plans["digital"].pk, quantity=1, chain=CHAIN
    )
    kept = cart_claim(actor=shop.buyer.user, cart=visitor_cart, member=shop.buyer)
    assert kept is not None and kept.pk == earlier.pk
    assert set(kept.lines.values_list("plan_id", flat=True)) == {
        shop.plans["course"].pk,
        shop.plans["digital"].pk,
    }
    assert not type(visitor_cart).objects.filter(pk=visitor_cart.pk).exists()


def test_claiming_a_cart_another_request_already_merged_gives_the_members_cart(shop):
    earlier = shop.cart("course")
    visitor_cart = cart_create(actor=STOREFRONT_VISITOR, region=shop.eu, member=None)
    assert cart_claim(actor=shop.buyer.user, cart=visitor_cart, member=shop.buyer).pk == earlier.pk
    # the header's badge, sent beside the page with the same cookie, claims the same cart again
    again = cart_claim(actor=shop.buyer.user, cart=visitor_cart, member=shop.buyer)
    assert again is not None and again.pk == earlier.pk
    earlier.delete()  # checked out since: no cart left, and no error
    assert cart_claim(actor=shop.buyer.user, cart=visitor_cart, member=shop.buyer) is None


def test_nobody_takes_over_a_cart_for_someone_else(shop):
    cart = cart_create(actor=STOREFRONT_VISITOR, region=shop.eu, member=None)
    with pytest.raises(ValidationError):
        cart_claim(actor=OrgMemberFactory().user, cart=cart, member=shop.buyer)
    cart.refresh_from_db()
    assert cart.member is None


def test_quantity_change_checks_the_stock(shop):
    cart = shop.cart("physical")
    line = cart.lines.get()
    with pytest.raises(ValidationError, match="Only 3 left"):
        cart_line_quantity_set(actor=STOREFRONT_VISITOR, cart=cart, line_id=line.pk, quantity=4, chain=CHAIN)
    cart_line_quantity_set(actor=STOREFRONT_VISITOR, cart=cart, line_id=line.pk, quantity=3, chain=CHAIN)
    assert OrgCartLine.objects.get(pk=line.pk).quantity == 3


def test_every_change_to_the_lines_moves_the_carts_version_and_a_confirm_of_nothing_does_not(shop):
    """``updated_at`` is the version the cached checkout page is keyed by."""
    cart = shop.cart("digital", "physical")
    user = shop.buyer.user
    versions = [OrgCart.objects.get(pk=cart.pk).updated_at]

    def moved() -> bool:
        versions.append(OrgCart.objects.get(pk=cart.pk).updated_at)
        return versions[-1] > versions[-2]

    physical = cart.lines.get(plan_id=shop.plans["physical"].pk)
    cart_line_quantity_set(actor=user, cart=cart, line_id=physical.pk, quantity=2, chain=CHAIN)
    assert moved()
    cart_prices_confirm(actor=user, cart=cart, offers=cart_review(cart=cart, chain=CHAIN).offers)
    assert not moved()  # nothing to confirm
    payment_plan_price_set(
        actor=TEST_ACTOR,
        plan=shop.plans["digital"],
        region=shop.eu,
        amount=Decimal("24.90"),
        currency_code="EUR",
    )
    cart_prices_confirm(actor=user, cart=cart, offers=cart_review(cart=cart, chain=CHAIN).offers)
    assert moved()
    cart_line_remove(actor=user, cart=cart, line_id=physical.pk)
    assert moved()
