"""apps.payment.stripe_api through the real stripe library and a fake HTTP client (stripe_fake)."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from pathlib import Path

import pytest
import stripe

from apps.payment import stripe_api
from apps.payment.minor_units import to_minor
from apps.payment.stripe_api import (
    AccountStatus,
    CheckoutLine,
    CheckoutSession,
    PaymentProviderError,
    RefundResult,
    WebhookEventInvalid,
)
from tests.payment.stripe_fake import REPO_FIXTURES, SHARED_FIXTURES, FakeStripe, event_payload, fixture, sign

WEBHOOK_SECRET = "whsec_test_volmify"


@pytest.fixture
def fake(settings) -> FakeStripe:
    settings.STRIPE_SECRET_KEY = "sk_test_platform"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    with stripe_api.use_http_client(FakeStripe()) as fake:
        yield fake


@pytest.fixture
def account(fake) -> str:
    return fake.account_add(charges_enabled=True, details_submitted=True)


def session_create(**overrides):
    arguments = {
        "account_id": overrides.pop("account_id"),
        "reference": "A-1001",
        "currency": "EUR",
        "lines": [
            CheckoutLine(name="Python, tier 2", unit_amount=to_minor(Decimal("49.00"), "EUR"), quantity=1),
            CheckoutLine(name="Mug", unit_amount=to_minor(Decimal("12.50"), "EUR"), quantity=2),
        ],
        "customer_email": "buyer@example.com",
        "success_url": "https://acme.example/checkout/done/?session={CHECKOUT_SESSION_ID}",
        "cancel_url": "https://acme.example/cart/",
        "application_fee": 370,
        "locale": "es",
        "metadata": {"order_id": "17", "org_id": "3"},
        "idempotency_key": "checkout-order-17-1",
    }
    return stripe_api.checkout_session_create(**{**arguments, **overrides})


def test_the_fixture_copy_in_the_repository_is_stripes_file():
    if not SHARED_FIXTURES.exists():
        pytest.skip("the shared data folder is not beside this checkout (CI)")
    assert REPO_FIXTURES.read_bytes() == SHARED_FIXTURES.read_bytes()
    assert (REPO_FIXTURES.parent / "stripe_fixtures3.LICENSE").read_bytes() == (
        SHARED_FIXTURES.parent / "LICENSE"
    ).read_bytes()


# --- the client -------------------------------------------------------------------------------


def test_with_a_key_requests_go_to_stripe_with_it_and_without_the_standin_header(fake, account):
    stripe_api.account_status(account_id=account)
    request = fake.last
    assert request.url.startswith("https://api.stripe.com/v1/accounts/")
    assert request.headers["Authorization"] == "Bearer sk_test_platform"
    assert stripe_api.STANDIN_WEBHOOK_HEADER not in request.headers


def test_without_a_key_requests_go_to_the_standin_and_name_the_webhook(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    settings.STRIPE_STANDIN_WEBHOOK_URL = "http://localhost:8123/stripe/webhook/"
    fake = FakeStripe()
    account = fake.account_add()
    with stripe_api.use_http_client(fake):
        stripe_api.account_status(account_id=account)
    assert fake.last.url == f"http://127.0.0.1:9/v1/accounts/{account}"
    assert fake.last.headers["Authorization"] == f"Bearer {stripe_api.STANDIN_API_KEY}"
    assert fake.last.headers[stripe_api.STANDIN_WEBHOOK_HEADER] == "http://localhost:8123/stripe/webhook/"


def test_with_no_key_and_no_standin_nothing_is_sent(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_API_BASE = ""
    with pytest.raises(PaymentProviderError) as raised:
        stripe_api.account_status(account_id="acct_123")
    assert raised.value.code == "not_configured"
    assert str(raised.value) == "Card payments are not configured on this platform."


def test_a_key_ignores_the_standin_base(fake, settings, account):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    stripe_api.account_status(account_id=account)
    assert fake.last.url.startswith("https://api.stripe.com/")


# --- accounts ---------------------------------------------------------------------------------


def test_account_create_asks_for_the_full_dashboard_account_fees_and_stripe_losses(fake):
    account_id = stripe_api.account_create(
        email="owner@acme.example", country="de", business_name="Acme", idempotency_key="org-3-account"
    )
    request = fake.last
    assert (request.method, request.path) == ("POST", "/v1/accounts")
    assert request.params == {
        "email": "owner@acme.example",
        "country": "DE",
        "business_profile": {"name": "Acme"},
        "controller": {
            "stripe_dashboard": {"type": "full"},
            "fees": {"payer": "account"},
            "losses": {"payments": "stripe"},
        },
    }
    assert request.idempotency_key == "org-3-account"
    assert request.stripe_account is None  # the platform's own call
    assert account_id.startswith("acct_")
    assert fake.objects[account_id]["email"] == "owner@acme.example"


def test_account_link_create_returns_the_onboarding_url(fake, account):
    url = stripe_api.account_link_create(
        account_id=account,
        refresh_url="https://acme.example/manage/pay/",
        return_url="https://acme.example/ok/",
    )
    assert url == f"https://connect.stripe.test/setup/{account}"
    assert fake.last.params == {
        "account": account,
        "refresh_url": "https://acme.example/manage/pay/",
        "return_url": "https://acme.example/ok/",
        "type": "account_onboarding",
        "collection_options": {"fields": "currently_due"},
    }


def test_account_status_reads_the_flags_and_what_stripe_still_needs(fake):
    account = fake.account_add(
        charges_enabled=False,
        details_submitted=True,
        payouts_enabled=False,
        requirements={
            **fixture("account")["requirements"],
            "currently_due": ["external_account", "business_profile.url"],
            "past_due": ["tos_acceptance.date"],
        },
    )
    assert stripe_api.account_status(account_id=account) == AccountStatus(
        charges_enabled=False,
        details_submitted=True,
        payouts_enabled=False,
        requirements_due=["business_profile.url", "external_account", "tos_acceptance.date"],
    )
    assert (fake.last.method, fake.last.path) == ("GET", f"/v1/accounts/{account}")


def test_an_account_id_that_is_not_one_is_refused_before_any_request(fake):
    with pytest.raises(ValueError, match="not a Stripe account id"):
        stripe_api.checkout_session_retrieve(account_id="3", session_id="cs_test_1")
    assert fake.requests == []


# --- checkout ---------------------------------------------------------------------------------


def test_checkout_session_create_sends_a_hosted_payment_on_the_connected_account(fake, account):
    session = session_create(account_id=account)
    request = fake.last
    assert (request.method, request.path) == ("POST", "/v1/checkout/sessions")
    assert request.stripe_account == account
    assert request.idempotency_key == "checkout-order-17-1"
    assert request.params == {
        "mode": "payment",
        "ui_mode": "hosted_page",
        "client_reference_id": "A-1001",
        "customer_email": "buyer@example.com",
        "success_url": "https://acme.example/checkout/done/?session={CHECKOUT_SESSION_ID}",
        "cancel_url": "https://acme.example/cart/",
        "locale": "es",
        "metadata": {"order_id": "17", "org_id": "3"},
        "line_items": [
            {
                "price_data": {
                    "currency": "eur",
                    "unit_amount": "4900",
                    "product_data": {"name": "Python, tier 2"},
                },
                "quantity": "1",
            },
            {
                "price_data": {"currency": "eur", "unit_amount": "1250", "product_data": {"name": "Mug"}},
                "quantity": "2",
            },
        ],
        "payment_intent_data": {
            "metadata": {"order_id": "17", "org_id": "3"},
            "application_fee_amount": "370",
        },
    }
    assert session == CheckoutSession(
        id=session.id,
        url=f"https://checkout.stripe.test/c/pay/{session.id}",
        payment_status="unpaid",
        status="open",
        payment_intent=None,
        amount_total=7400,
        currency="eur",
        metadata={"order_id": "17", "org_id": "3"},
    )


def test_the_same_idempotency_key_gets_the_same_session(fake, account):
    first = session_create(account_id=account)
    second = session_create(account_id=account)
    assert first == second
    assert [request.idempotency_key for request in fake.requests] == ["checkout-order-17-1"] * 2


@pytest.mark.parametrize(
    ("language", "locale"),
    [("es", "es"), ("es-419", "es-419"), ("es-MX", "es"), ("ar", "auto"), ("pt-BR", "pt-BR")],
)
def test_checkout_gets_a_locale_stripe_offers(fake, account, language, locale):
    session_create(account_id=account, locale=language)
    assert fake.last.params["locale"] == locale


def test_a_zero_application_fee_is_left_out(fake, account):
    session_create(account_id=account, application_fee=0)
    assert "application_fee_amount" not in fake.last.params["payment_intent_data"]


@pytest.mark.parametrize(
    "lines",
    [
        [],
        [CheckoutLine(name="x", unit_amount=49.0, quantity=1)],  # type: ignore[arg-type]
        [CheckoutLine(name="x", unit_amount=-1, quantity=1)],
        [CheckoutLine(name="x", unit_amount=100, quantity=0)],
    ],
)
def test_lines_that_are_not_minor_units_are_a_programming_error(fake, account, lines):
    with pytest.raises(ValueError):
        session_create(account_id=account, lines=lines)
    assert fake.requests == []


def test_checkout_session_retrieve_reads_the_paid_session(fake, account):
    intent = fake.payment_add(account, amount=7400, currency="eur")
    stored = fake.session_add(
        account,
        payment_status="paid",
        status="complete",
        payment_intent=intent,
        amount_total=7400,
        currency="eur",
    )
    session = stripe_api.checkout_session_retrieve(account_id=account, session_id=stored["id"])
    assert (session.status, session.payment_status, session.payment_intent) == ("complete", "paid", intent)
    assert (fake.last.method, fake.last.path, fake.last.stripe_account) == (
        "GET",
        f"/v1/checkout/sessions/{stored['id']}",
        account,
    )


def test_a_session_of_another_account_is_not_found(fake, account):
    other = fake.account_add()
    stored = fake.session_add(other)
    with pytest.raises(PaymentProviderError) as raised:
        stripe_api.checkout_session_retrieve(account_id=account, session_id=stored["id"])
    assert raised.value.code == "resource_missing"


def test_checkout_session_expire(fake, account):
    stored = fake.session_add(account, status="open")
    session = stripe_api.checkout_session_expire(account_id=account, session_id=stored["id"])
    assert (session.status, session.url) == ("expired", None)
    assert (fake.last.method, fake.last.path, fake.last.stripe_account) == (
        "POST",
        f"/v1/checkout/sessions/{stored['id']}/expire",
        account,
    )


# --- refunds and disputes ---------------------------------------------------------------------


def test_refund_create_sends_minor_units_and_keeps_the_admins_reason(fake, account):
    intent = fake.payment_add(account, amount=to_minor(Decimal("5.120"), "KWD"), currency="kwd")
    refund = stripe_api.refund_create(
        account_id=account,
        payment_intent=intent,
        amount=to_minor(Decimal("2.000"), "KWD"),
        reason="Course opened by mistake",
        idempotency_key="refund-9",
        metadata={"refund_id": "9"},
    )
    assert refund == RefundResult(id=refund.id, status="succeeded", amount=2000)
    request = fake.last
    assert request.params == {
        "payment_intent": intent,
        "amount": "2000",
        "metadata": {"refund_id": "9", "reason": "Course opened by mistake"},
        "refund_application_fee": "true",
    }
    assert (request.stripe_account, request.idempotency_key) == (account, "refund-9")


def test_a_stripe_reason_is_passed_as_stripes_reason(fake, account):
    intent = fake.payment_add(account, amount=1000, currency="eur")
    stripe_api.refund_create(
        account_id=account,
        payment_intent=intent,
        amount=1000,
        reason="duplicate",
        idempotency_key="refund-10",
    )
    assert fake.last.params["reason"] == "duplicate"


@pytest.mark.parametrize("amount", [0, -5, 10.5, True])
def test_a_refund_of_no_minor_units_is_a_programming_error(fake, account, amount):
    with pytest.raises(ValueError):
        stripe_api.refund_create(
            account_id=account, payment_intent="pi_1", amount=amount, reason="x", idempotency_key="refund-1"
        )
    assert fake.requests == []


def test_payment_intent_refunded_is_the_cumulative_amount_of_its_latest_charge(fake, account):
    intent = fake.payment_add(account, amount=7400, currency="eur", amount_refunded=2500)
    assert stripe_api.payment_intent_refunded(account_id=account, payment_intent=intent) == 2500
    assert fake.last.params == {"expand": ["latest_charge"]}
    assert (fake.last.path, fake.last.stripe_account) == (f"/v1/payment_intents/{intent}", account)
    stripe_api.refund_create(
        account_id=account, payment_intent=intent, amount=4900, reason="x", idempotency_key="refund-11"
    )
    assert stripe_api.payment_intent_refunded(account_id=account, payment_intent=intent) == 7400


def test_an_unpaid_payment_intent_has_nothing_refunded(fake, account):
    intent = fake.payment_add(account, amount=100, currency="eur")
    fake.objects[intent]["latest_charge"] = None
    assert stripe_api.payment_intent_refunded(account_id=account, payment_intent=intent) == 0


def test_dispute_status(fake, account):
    intent = fake.payment_add(account, amount=7400, currency="eur")
    charge = fake.charge_of(intent)
    dispute = fixture(
        "dispute", id="dp_1", amount=7400, currency="eur", charge=charge["id"], payment_intent=intent
    )
    fake.objects["dp_1"], fake.owners["dp_1"] = dispute, account
    status = stripe_api.dispute_status(account_id=account, dispute_id="dp_1")
    assert status == stripe_api.DisputeStatus(
        id="dp_1",
        status="warning_needs_response",
        amount=7400,
        currency="eur",
        charge=charge["id"],
        payment_intent=intent,
    )


# --- errors -----------------------------------------------------------------------------------


def test_a_card_error_is_one_provider_error_with_a_safe_message(fake, account):
    fake.fail_next("POST", "/v1/checkout/sessions")
    with pytest.raises(PaymentProviderError) as raised:
        session_create(account_id=account)
    assert str(raised.value) == "The card was declined."
    assert (raised.value.code, raised.value.retryable) == ("card_declined", False)
    assert isinstance(raised.value.__cause__, stripe.CardError)


REFUSED = "The payment provider refused the request."
MISCONFIGURED = "Card payments are not set up correctly for this store. Please contact the store."
UNREACHABLE = "The payment provider could not be reached. Please try again in a moment."
OUTAGE = "The payment provider had a problem. Please try again in a moment."


@pytest.mark.parametrize(
    ("status", "kind", "message", "retryable"),
    [
        (400, "invalid_request_error", REFUSED, False),
        (401, "invalid_request_error", MISCONFIGURED, False),
        (403, "invalid_request_error", MISCONFIGURED, False),
        (429, "invalid_request_error", UNREACHABLE, True),
        (500, "api_error", OUTAGE, True),
    ],
)
def test_api_errors_say_whether_to_try_again(fake, account, status, kind, message, retryable):
    fake.fail_next("GET", "/v1/accounts/", status=status, type=kind, code=None, message="Stripe's own words")
    with pytest.raises(PaymentProviderError) as raised:
        stripe_api.account_status(account_id=account)
    assert (str(raised.value), raised.value.retryable) == (message, retryable)


def test_a_connection_error_is_retryable(fake, account):
    fake.fail_next("GET", "/v1/accounts/", connection=True)
    with pytest.raises(PaymentProviderError) as raised:
        stripe_api.account_status(account_id=account)
    assert raised.value.retryable is True
    assert isinstance(raised.value.__cause__, stripe.APIConnectionError)


def test_a_retried_create_sends_the_same_idempotency_key(fake, account):
    fake.fail_next("POST", "/v1/checkout/sessions", status=500, type="api_error", code=None, retry=True)
    session = session_create(account_id=account)
    keys = [request.idempotency_key for request in fake.requests]
    assert keys == ["checkout-order-17-1", "checkout-order-17-1"]
    assert session.status == "open"


def test_a_bug_is_not_hidden_as_a_provider_error(fake, account, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("not a Stripe error")

    monkeypatch.setattr(stripe_api, "_checkout_session", broken)
    with pytest.raises(KeyError):
        session_create(account_id=account)


# --- webhooks ---------------------------------------------------------------------------------


def completed_payload(account: str) -> bytes:
    session = fixture("checkout.session", id="cs_test_1", payment_status="paid", status="complete")
    return event_payload("checkout.session.completed", account, session, event_id="evt_1")


def test_a_signed_event_is_constructed(fake, account):
    payload = completed_payload(account)
    event = stripe_api.event_construct(payload=payload, signature=sign(payload, WEBHOOK_SECRET))
    assert (event.id, event.type, event.account, event.livemode) == (
        "evt_1",
        "checkout.session.completed",
        account,
        False,
    )
    assert event.data.object["id"] == "cs_test_1"


@pytest.mark.parametrize(
    "signature",
    [
        lambda payload: sign(payload, "whsec_someone_else"),
        lambda payload: sign(payload + b" ", WEBHOOK_SECRET),
        lambda payload: sign(payload, WEBHOOK_SECRET, int(time.time()) - 301),  # older than the tolerance
        lambda payload: "",
        lambda payload: "t=1,v1=00",
    ],
    ids=["other secret", "other body", "stale", "empty", "garbage"],
)
def test_a_bad_or_stale_signature_is_refused(fake, account, signature):
    payload = completed_payload(account)
    with pytest.raises(WebhookEventInvalid):
        stripe_api.event_construct(payload=payload, signature=signature(payload))


def test_a_signed_body_that_is_not_json_is_refused(fake):
    payload = b"<html>not an event</html>"
    with pytest.raises(WebhookEventInvalid):
        stripe_api.event_construct(payload=payload, signature=sign(payload, WEBHOOK_SECRET))


def test_no_event_verifies_without_a_secret(fake, account, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    payload = completed_payload(account)
    with pytest.raises(WebhookEventInvalid):
        stripe_api.event_construct(payload=payload, signature=sign(payload, ""))


def test_the_fake_answers_with_stripes_own_example_shapes(fake, account):
    """The fields the fake does not set come from Stripe's example object, untouched."""
    stored = fake.session_add(account)
    example = json.loads(Path(REPO_FIXTURES).read_text())["resources"]["checkout.session"]
    assert {key for key in stored if key != "id"} == {key for key in example if key != "id"}


def test_a_signed_event_is_verified_as_plain_json(fake, account):
    payload = completed_payload(account)
    event = stripe_api.event_verify(payload=payload, signature=sign(payload, WEBHOOK_SECRET))
    assert (event["id"], event["type"], event["account"]) == ("evt_1", "checkout.session.completed", account)
    assert isinstance(event, dict) and event["data"]["object"]["id"] == "cs_test_1"


@pytest.mark.parametrize(
    "signature",
    [
        lambda payload: sign(payload, "whsec_someone_else"),
        lambda payload: sign(payload + b" ", WEBHOOK_SECRET),
        lambda payload: sign(payload, WEBHOOK_SECRET, int(time.time()) - 301),
        lambda payload: "",
    ],
    ids=["other secret", "other body", "stale", "empty"],
)
def test_verify_refuses_a_bad_or_stale_signature(fake, account, signature):
    payload = completed_payload(account)
    with pytest.raises(WebhookEventInvalid):
        stripe_api.event_verify(payload=payload, signature=signature(payload))


@pytest.mark.parametrize(
    "payload", [b"<html>not an event</html>", b"[1, 2]", b'{"id": "x", "object": "charge"}']
)
def test_verify_refuses_a_signed_body_that_is_not_an_event(fake, payload):
    with pytest.raises(WebhookEventInvalid):
        stripe_api.event_verify(payload=payload, signature=sign(payload, WEBHOOK_SECRET))
