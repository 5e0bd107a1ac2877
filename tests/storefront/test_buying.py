"""Buying on a storefront over HTTP: cart, buy now, checkout (signed in, a new guest, a guest
whose email has an account), the page after paying, My orders, downloads, receipts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from apps.org.models import OrgStripeAccount
from apps.payment import stripe_api
from apps.payment.models import OrgCart, OrgOrder
from apps.payment.services.orders import order_mark_paid
from apps.user.models import User
from tests.actors import TEST_ACTOR
from tests.conftest import domain_of
from tests.payment.conftest import PRICES, shop_build
from tests.payment.stripe_fake import FakeStripe
from tests.user.factories import UserFactory


@pytest.fixture
def store(org_a, in_org):
    """tests.payment's shop: one product of each type, priced in the EU region."""
    in_org(org_a)
    return shop_build()


@pytest.fixture
def browser(org_a):
    host = domain_of(org_a)
    return Client(HTTP_HOST=host, HTTP_ORIGIN=f"http://{host}")


def _add(browser, plan, **extra):
    return browser.post("/eu/cart/add/", {"plan": plan.pk, "next": "/eu/", **extra})


def _checkout(browser, total, **fields):
    data = {"email": "new.buyer@example.com", "billing_country": "DE", "provider": "manual",
            "expected_total": str(total), "expected_currency": "EUR", **fields}  # fmt: skip
    return browser.post("/eu/checkout/", data)


def test_the_product_page_offers_buy_now_and_add_to_cart(store, browser):
    slug = store.plans["course"].variant.product.translations.first().slug
    page = browser.get(f"/eu/p/{slug}/").content.decode()
    assert 'action="/eu/cart/add/"' in page and 'name="buy_now"' in page
    assert "csrfmiddlewaretoken" not in page.split('action="/eu/cart/add/"')[1].split("</form>")[0]


def test_add_to_cart_keeps_a_signed_cookie_and_shows_the_cart(store, browser):
    response = _add(browser, store.plans["digital"])
    assert response.status_code == 302 and response["Location"] == "/eu/cart/"
    assert "cart" in response.cookies and response.cookies["cart"]["httponly"]
    page = browser.get("/eu/cart/").content.decode()
    assert "19,90" in page or "19.90" in page
    assert "1" in browser.get("/eu/cart/badge/").content.decode()


def test_a_cross_site_add_is_refused(store, org_a):
    client = Client(HTTP_HOST=domain_of(org_a), HTTP_ORIGIN="https://evil.example")
    assert _add(client, store.plans["digital"]).status_code == 403
    assert not OrgCart.objects.exists()


def test_buy_now_goes_straight_to_checkout(store, browser):
    response = _add(browser, store.plans["course"], buy_now="on")
    assert response["Location"] == "/eu/checkout/"
    page = browser.get("/eu/checkout/").content.decode()
    assert "Order summary" in page and "Bank transfer or invoice" in page


@pytest.mark.parametrize("quantity", ["0", "-2", "100", "lots"])
def test_bad_quantities_change_nothing(store, browser, quantity):
    _add(browser, store.plans["physical"], quantity=quantity)
    assert not OrgCart.objects.filter(lines__isnull=False).exists()


def test_a_new_guest_gets_an_unverified_account_signed_in_here(store, browser):
    _add(browser, store.plans["digital"])
    response = _checkout(browser, PRICES["digital"])
    order = OrgOrder.objects.get()
    assert response["Location"] == f"/eu/checkout/{order.number}/done/"
    user = User.objects.get(email="new.buyer@example.com")
    assert not user.has_usable_password()
    assert not EmailAddress.objects.get(user=user).verified
    assert order.member.user == user and order.status == "awaiting_payment"
    confirmation = mail.outbox[-1]  # in the buyer's language (the EU region's: German)
    assert confirmation.to == ["new.buyer@example.com"] and "/accounts/confirm-email/" in confirmation.body
    page = browser.get(response["Location"]).content.decode()
    assert "How to pay" in page and order.number in page


def test_a_guest_whose_email_has_an_account_must_sign_in(store, browser):
    UserFactory(email="taken@example.com")
    _add(browser, store.plans["digital"])
    response = _checkout(browser, PRICES["digital"], email="Taken@Example.com")
    assert response.status_code == 400
    assert "Sign in to complete your purchase" in response.content.decode()
    assert not OrgOrder.objects.exists()


def test_a_tampered_total_is_refused_with_no_order_and_no_account(store, browser):
    _add(browser, store.plans["digital"])
    response = _checkout(browser, Decimal("0.01"))
    assert response.status_code == 400
    assert "is not the total of your cart" in response.content.decode()
    assert not OrgOrder.objects.exists() and not User.objects.filter(email="new.buyer@example.com").exists()


def test_a_card_order_goes_to_the_stripe_page(store, org_a, browser):
    fake = FakeStripe()
    OrgStripeAccount.objects.create(
        org=org_a, account_id=fake.account_add(), charges_enabled=True, details_submitted=True
    )
    _add(browser, store.plans["course"])
    with stripe_api.use_http_client(fake):
        response = _checkout(browser, PRICES["course"], provider="stripe")
    assert response.status_code == 303 and response["Location"].startswith("https://")
    params = fake.last.params
    assert params["success_url"].endswith("/done/?session_id={CHECKOUT_SESSION_ID}")
    assert params["line_items"][0]["price_data"]["unit_amount"] == "4900"


def test_the_page_after_paying_confirms_then_shows_the_access(store, browser):
    user = store.buyer.user
    browser.force_login(user)
    order = store.order("course")
    OrgOrder.objects.filter(pk=order.pk).update(provider="stripe")
    status = browser.get(f"/eu/orders/{order.number}/status/")
    assert status.status_code == 200 and "Confirming your payment" in status.content.decode()
    order_mark_paid(actor=TEST_ACTOR, order=order, amount=order.total)
    status = browser.get(f"/eu/orders/{order.number}/status/")
    assert status.status_code == 286 and "Open the course" in status.content.decode()


def test_orders_are_the_buyers_own(store, browser, org_a, org_b):
    order = store.order("digital")
    browser.force_login(UserFactory())
    assert browser.get(f"/eu/orders/{order.number}/").status_code == 404
    browser.force_login(store.buyer.user)
    assert order.number in browser.get("/eu/orders/").content.decode()
    other = Client(HTTP_HOST=domain_of(org_b))
    other.force_login(store.buyer.user)
    assert other.get(f"/orders/{order.number}/").status_code == 404


def test_a_download_is_a_signed_counted_link(store, browser, settings):
    from django.core.files.base import ContentFile

    order = store.order("digital")
    order_mark_paid(actor=TEST_ACTOR, order=order, amount=order.total)
    digital = store.plans["digital"].variant.product.digital
    digital.file.save("kit.zip", ContentFile(b"PK-kit"), save=True)
    download = order.lines.get().download
    browser.force_login(store.buyer.user)
    link = browser.post(f"/eu/downloads/{download.pk}/")
    assert link.status_code == 302 and "/downloads/file/" in link["Location"]
    file = browser.get(link["Location"])
    assert file.status_code == 200 and b"".join(file.streaming_content) == b"PK-kit"
    download.refresh_from_db()
    assert download.download_count == 1
    assert browser.get(link["Location"][:-3] + "xyz/").status_code == 404
    browser.force_login(UserFactory())
    assert browser.post(f"/eu/downloads/{download.pk}/").status_code == 404


def test_the_receipt_email_is_in_the_buyers_language(store, django_capture_on_commit_callbacks):
    order = store.order("digital")
    OrgOrder.objects.filter(pk=order.pk).update(locale="es-ES")
    order.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(actor=TEST_ACTOR, order=order, amount=order.total)
    receipt = mail.outbox[-1]
    assert order.number in receipt.subject and receipt.to == [order.email]
    assert "19,90\xa0€" in receipt.body and "Total" in receipt.body  # Babel, es-ES
