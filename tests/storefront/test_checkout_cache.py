"""The signed-in checkout page is cached whole per cart version: a visit that finds it reads one
row, and every change to the cart, its prices or the ways to pay shows at once."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory

from apps.org.models import OrgStripeAccount
from apps.payment.services.carts import cart_create, cart_line_add, cart_line_quantity_set, cart_line_remove
from apps.payment.services.plans import payment_plan_price_set
from apps.payment.services.settings import manual_payment_set
from tests.actors import TEST_ACTOR
from tests.conftest import domain_of
from tests.member.factories import OrgMemberFactory
from tests.payment.conftest import CHAIN, shop_build

CHECKOUT = "/eu/checkout/"


@pytest.fixture
def store(org_a, in_org):
    in_org(org_a)
    return shop_build()


@pytest.fixture
def buyer(store, org_a):
    client = Client(HTTP_HOST=domain_of(org_a))
    client.force_login(store.buyer.user)
    return client


def _page(client) -> str:
    response = client.get(CHECKOUT)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return response.content.decode()


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
ADDED = 'class="message message--success"'


def _without_token(page: str) -> str:
    assert TOKEN.search(page), "the form carries a CSRF token"
    return TOKEN.sub("", page)


def test_a_second_visit_reads_one_row_and_shows_the_same_page_with_a_fresh_token(
    store, buyer, django_assert_num_queries
):
    store.cart("digital", "physical", quantity=2)
    first = _page(buyer)
    with django_assert_num_queries(1):
        second = _page(buyer)
    assert _without_token(second) == _without_token(first) and TOKEN.findall(second) != TOKEN.findall(first)
    assert "Place order" in second and "79.90" in second.replace(",", ".")


def test_a_quantity_change_and_a_removed_line_show_at_once(store, buyer):
    cart = store.cart("digital", "physical")
    assert "49.90" in _page(buyer).replace(",", ".")
    physical = cart.lines.get(plan_id=store.plans["physical"].pk)
    cart_line_quantity_set(actor=store.buyer.user, cart=cart, line_id=physical.pk, quantity=3, chain=CHAIN)
    assert "109.90" in _page(buyer).replace(",", ".")
    digital = cart.lines.get(plan_id=store.plans["digital"].pk)
    cart_line_remove(actor=store.buyer.user, cart=cart, line_id=digital.pk)
    page = _page(buyer).replace(",", ".")
    assert "90.00" in page and "109.90" not in page


def test_a_new_price_shows_at_once(store, buyer):
    store.cart("digital")
    assert "19.90" in _page(buyer).replace(",", ".")
    plan = store.plans["digital"]
    payment_plan_price_set(
        actor=TEST_ACTOR, plan=plan, region=store.eu, amount=Decimal("24.00"), currency_code="EUR"
    )
    assert "24.00" in _page(buyer).replace(",", ".")


def test_switching_bank_transfer_off_and_connecting_stripe_change_the_ways_to_pay(store, buyer, org_a):
    store.cart("digital")
    assert 'value="manual"' in _page(buyer)
    manual_payment_set(actor=TEST_ACTOR, region=store.eu, is_enabled=False, instructions={})
    page = _page(buyer)
    assert 'value="manual"' not in page and "does not take payments online yet" in page
    account = OrgStripeAccount.objects.create(org=org_a, account_id="acct_cache1", charges_enabled=False)
    assert "does not take payments online yet" in _page(buyer)
    account.charges_enabled = account.details_submitted = True
    account.save()
    assert 'value="stripe"' in _page(buyer)


def test_an_empty_cart_still_goes_back_to_the_cart(store, buyer):
    cart = store.cart("digital")
    _page(buyer)
    cart_line_remove(actor=store.buyer.user, cart=cart, line_id=cart.lines.get().pk)
    response = buyer.get(CHECKOUT)
    assert response.status_code == 302 and response["Location"].endswith("/cart/")


def test_a_pending_message_is_shown_once_and_the_cached_page_never_holds_it(store, buyer):
    store.cart("digital")
    _page(buyer)  # cached without a message
    storage = CookieStorage(RequestFactory().get("/"))
    buyer.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Saved for later")])
    shown = _page(buyer)
    assert ADDED in shown and "Saved for later" in shown
    second, third = _page(buyer), _page(buyer)
    assert ADDED not in second and ADDED not in third
    assert _without_token(second) == _without_token(third)


def test_each_buyer_sees_their_own_cart(store, buyer, org_a):
    store.cart("physical")
    other = OrgMemberFactory()
    other_cart = cart_create(actor=other.user, region=store.eu, member=other)
    cart_line_add(
        actor=other.user, cart=other_cart, plan_id=store.plans["digital"].pk, quantity=1, chain=CHAIN
    )
    other_client = Client(HTTP_HOST=domain_of(org_a))
    other_client.force_login(other.user)
    mine, theirs = _page(buyer), _page(other_client)
    assert store.buyer.user.email in mine and other.user.email not in mine
    assert other.user.email in theirs and "30.00" not in theirs.replace(",", ".")


def test_a_message_added_while_handling_the_request_keeps_the_page_out_of_the_shell(rf):
    from django.contrib import messages
    from django.contrib.sessions.backends.cache import SessionStore

    from volmify.messages import LazyMessageMiddleware
    from volmify.pagecache import shell_usable

    request = rf.get("/checkout/")
    request.session = SessionStore()
    LazyMessageMiddleware(lambda request: None).process_request(request)
    assert shell_usable(request)  # the storage is not even built
    messages.info(request, "Prices are now shown in EUR.")
    assert not shell_usable(request)


def test_a_cart_made_before_signing_in_is_taken_over_at_checkout_not_served_from_a_shell(store, buyer, org_a):
    store.cart("physical")
    assert "19.90" not in _page(buyer).replace(",", ".")  # the member's own cart, now cached
    visitor = Client(HTTP_HOST=domain_of(org_a))
    visitor.post("/eu/cart/add/", {"plan": store.plans["digital"].pk, "next": "/eu/"})
    visitor.get("/eu/cart/")  # shows "Added to your cart.", so no message is pending
    del visitor.cookies["messages"]  # expired by that page; a browser drops it, the test client keeps it
    visitor.force_login(store.buyer.user)
    page = _page(visitor).replace(",", ".")
    assert "19.90" in page and "30.00" in page  # the visitor's line joined the member's cart
