"""The Stripe stand-in, driven by the real stripe_api functions and a browser's form posts, with a
local receiver that checks every event arrives signed (stripe.Webhook.construct_event)."""

from __future__ import annotations

import json
import os
import queue
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
import stripe

from apps.payment import stripe_api
from apps.payment.stripe_api import CheckoutLine, PaymentProviderError
from volmify import localservices
from volmify.stripe_standin import (
    StandinServer,
    checkout_pay,
    dispute_close,
    dispute_open,
    form_decode,
    onboarding_complete,
    standin_running,
)
from volmify.stripe_standin.objects import Store


class Receiver(ThreadingHTTPServer):
    """A webhook endpoint on loopback: verifies each delivery and queues the event."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/stripe/webhook/"
        self.secret = ""
        self.events: queue.Queue[stripe.Event] = queue.Queue()
        self.failures_left = 0
        self.attempts = 0

    def next_event(self, timeout: float = 10) -> stripe.Event:
        return self.events.get(timeout=timeout)


class ReceiverHandler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.attempts += 1
        if self.server.failures_left:
            self.server.failures_left -= 1
            self.send_response(503)
        else:
            event = stripe.Webhook.construct_event(body, self.headers["Stripe-Signature"], self.server.secret)
            self.server.events.put(event)
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def standin(tmp_path, receiver, settings) -> Iterator[StandinServer]:
    with standin_running(
        state=tmp_path / "standin.json", webhook_url="http://127.0.0.1:9/nowhere/"
    ) as server:
        server.deliveries.delays = (0.05, 0.05, 0.05)
        receiver.secret = server.store.webhook_secret
        settings.STRIPE_SECRET_KEY = ""
        settings.STRIPE_API_BASE = server.base_url
        settings.STRIPE_WEBHOOK_SECRET = server.store.webhook_secret
        settings.STRIPE_STANDIN_WEBHOOK_URL = receiver.url  # sent by stripe_api with each request
        yield server
        server.deliveries.wait()


@pytest.fixture
def account(standin, receiver) -> str:
    account_id = stripe_api.account_create(email="owner@acme.example", country="DE", business_name="Acme")
    return account_id


def session_create(account: str, **overrides) -> stripe_api.CheckoutSession:
    arguments = {
        "account_id": account,
        "reference": "A-1001",
        "currency": "EUR",
        "lines": [CheckoutLine("Python, tier 2", 4900, 1), CheckoutLine("Mug <large>", 1250, 2)],
        "customer_email": "buyer@example.com",
        "success_url": "http://acme.localhost:8000/checkout/done/?session={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://acme.localhost:8000/cart/",
        "application_fee": 370,
        "locale": "en",
        "metadata": {"order_id": "17"},
        "idempotency_key": "checkout-17",
    }
    return stripe_api.checkout_session_create(**{**arguments, **overrides})


def pay(session: stripe_api.CheckoutSession, card: str) -> requests.Response:
    return requests.post(session.url, data={"card_number": card}, allow_redirects=False, timeout=10)


def paid_session(account: str, receiver: Receiver) -> stripe_api.CheckoutSession:
    session = session_create(account)
    assert pay(session, "4242 4242 4242 4242").status_code == 303
    assert receiver.next_event().type == "checkout.session.completed"
    return stripe_api.checkout_session_retrieve(account_id=account, session_id=session.id)


def test_onboarding_enables_charges_and_posts_account_updated(standin, receiver, account):
    assert stripe_api.account_status(account_id=account).charges_enabled is False
    url = stripe_api.account_link_create(
        account_id=account,
        refresh_url="http://acme.localhost:8000/refresh/",
        return_url="http://acme.localhost:8000/ok/",
    )
    page = requests.get(url, timeout=10)
    assert "Set up payments for Acme" in page.text
    answer = requests.post(url, allow_redirects=False, timeout=10)
    assert (answer.status_code, answer.headers["Location"]) == (303, "http://acme.localhost:8000/ok/")
    status = stripe_api.account_status(account_id=account)
    assert (status.charges_enabled, status.details_submitted, status.requirements_due) == (True, True, [])
    event = receiver.next_event()
    assert (event.type, event.account, event.livemode) == ("account.updated", account, False)
    assert event.data.object["charges_enabled"] is True
    used_again = requests.post(url, allow_redirects=False, timeout=10)  # a link works once
    assert used_again.headers["Location"] == "http://acme.localhost:8000/refresh/"


def test_the_hosted_page_shows_the_lines_the_total_and_the_test_cards(standin, account):
    session = session_create(account)
    assert session.url == f"{standin.base_url}/checkout/{session.id}"
    page = requests.get(session.url, timeout=10)
    assert page.status_code == 200
    assert '<html lang="en"' in page.text
    assert "Python, tier 2 &times; 1" in page.text
    assert "Mug &lt;large&gt; &times; 2" in page.text  # escaped
    assert "Pay 74.00 EUR" in page.text
    for card in ("4242 4242 4242 4242", "4000 0000 0000 0002", "4000 0027 6000 3184"):
        assert card in page.text
    assert '<label for="card-number">' in page.text
    assert 'href="http://acme.localhost:8000/cart/" id="cancel"' in page.text


def test_a_good_card_pays_posts_the_signed_connect_event_and_returns_to_the_store(standin, receiver, account):
    session = session_create(account)
    answer = pay(session, "4242 4242 4242 4242")
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"http://acme.localhost:8000/checkout/done/?session={session.id}"
    event = receiver.next_event()
    assert (event.type, event.account, event.livemode) == ("checkout.session.completed", account, False)
    completed = event.data.object
    assert (completed["id"], completed["payment_status"], completed["amount_total"]) == (
        session.id,
        "paid",
        7400,
    )
    assert completed["metadata"]["order_id"] == "17"
    paid = stripe_api.checkout_session_retrieve(account_id=account, session_id=session.id)
    assert (paid.status, paid.payment_status, paid.url) == ("complete", "paid", None)
    assert paid.payment_intent is not None and paid.payment_intent.startswith("pi_")
    assert stripe_api.payment_intent_refunded(account_id=account, payment_intent=paid.payment_intent) == 0
    intent = standin.store.data["objects"][paid.payment_intent]
    assert (intent["amount_received"], intent["application_fee_amount"]) == (7400, 370)


def test_a_declined_card_leaves_the_session_open_with_a_message(standin, receiver, account):
    session = session_create(account)
    answer = pay(session, "4000000000000002")
    assert answer.headers["Location"] == f"/checkout/{session.id}?error=declined"
    page = requests.get(standin.base_url + answer.headers["Location"], timeout=10)
    assert (
        '<p class="alert" role="alert" id="card-error">Your card was declined. Try another card.</p>'
        in page.text
    )
    assert stripe_api.checkout_session_retrieve(account_id=account, session_id=session.id).status == "open"
    assert standin.deliveries.wait() and receiver.events.empty()


def test_the_authentication_card_needs_a_second_step(standin, receiver, account):
    session = session_create(account)
    answer = pay(session, "4000 0027 6000 3184")
    assert answer.headers["Location"] == f"/checkout/{session.id}/authenticate"
    step = standin.base_url + answer.headers["Location"]
    assert "Complete authentication" in requests.get(step, timeout=10).text
    failed = requests.post(step, data={"action": "fail"}, allow_redirects=False, timeout=10)
    assert failed.headers["Location"] == f"/checkout/{session.id}?error=authentication_failed"
    assert stripe_api.checkout_session_retrieve(account_id=account, session_id=session.id).status == "open"
    pay(session, "4000 0027 6000 3184")
    completed = requests.post(step, data={"action": "complete"}, allow_redirects=False, timeout=10)
    assert completed.headers["Location"].endswith(f"?session={session.id}")
    assert receiver.next_event().type == "checkout.session.completed"
    assert (
        stripe_api.checkout_session_retrieve(account_id=account, session_id=session.id).payment_status
        == "paid"
    )


def test_an_unknown_card_asks_for_a_test_card(standin, account):
    session = session_create(account)
    assert pay(session, "1234").headers["Location"] == f"/checkout/{session.id}?error=unknown_card"


def test_refunds_accumulate_post_charge_refunded_and_never_exceed_the_charge(standin, receiver, account):
    session = paid_session(account, receiver)
    refund = stripe_api.refund_create(
        account_id=account,
        payment_intent=session.payment_intent,
        amount=2500,
        reason="x",
        idempotency_key="r-1",
    )
    assert (refund.status, refund.amount) == ("succeeded", 2500)
    replayed = stripe_api.refund_create(
        account_id=account,
        payment_intent=session.payment_intent,
        amount=2500,
        reason="x",
        idempotency_key="r-1",
    )
    assert replayed == refund  # the same key is the same refund, not a second one
    event = receiver.next_event()
    assert (event.type, event.account, event.data.object["amount_refunded"]) == (
        "charge.refunded",
        account,
        2500,
    )
    assert (
        stripe_api.payment_intent_refunded(account_id=account, payment_intent=session.payment_intent) == 2500
    )
    with pytest.raises(PaymentProviderError) as raised:
        stripe_api.refund_create(
            account_id=account,
            payment_intent=session.payment_intent,
            amount=5000,
            reason="x",
            idempotency_key="r-2",
        )
    assert raised.value.code == "amount_too_large"
    stripe_api.refund_create(
        account_id=account,
        payment_intent=session.payment_intent,
        amount=4900,
        reason="x",
        idempotency_key="r-3",
    )
    assert receiver.next_event().data.object["refunded"] is True
    assert (
        stripe_api.payment_intent_refunded(account_id=account, payment_intent=session.payment_intent) == 7400
    )


def test_a_dispute_opens_and_closes_with_events(standin, receiver, account):
    session = paid_session(account, receiver)
    dispute_id = dispute_open(standin.base_url, payment_intent=session.payment_intent)
    created = receiver.next_event()
    assert (created.type, created.account, created.data.object["id"]) == (
        "charge.dispute.created",
        account,
        dispute_id,
    )
    assert stripe_api.dispute_status(account_id=account, dispute_id=dispute_id).status == "needs_response"
    dispute_close(standin.base_url, dispute_id=dispute_id, status="lost")
    closed = receiver.next_event()
    assert (closed.type, closed.data.object["status"]) == ("charge.dispute.closed", "lost")
    status = stripe_api.dispute_status(account_id=account, dispute_id=dispute_id)
    assert (status.status, status.amount, status.payment_intent) == ("lost", 7400, session.payment_intent)


def test_expiring_a_session_closes_its_page(standin, receiver, account):
    session = session_create(account)
    expired = stripe_api.checkout_session_expire(account_id=account, session_id=session.id)
    assert (expired.status, expired.url) == ("expired", None)
    assert receiver.next_event().type == "checkout.session.expired"
    assert "This checkout has expired" in requests.get(session.url, timeout=10).text
    assert pay(session, "4242424242424242").headers["Location"] == f"/checkout/{session.id}"
    with pytest.raises(PaymentProviderError):  # Stripe refuses to expire what is not open
        stripe_api.checkout_session_expire(account_id=account, session_id=session.id)


def test_another_accounts_session_is_not_found(standin, account):
    session = session_create(account)
    other = stripe_api.account_create(email="owner@globex.example", country="AE", business_name="Globex")
    with pytest.raises(PaymentProviderError) as raised:
        stripe_api.checkout_session_retrieve(account_id=other, session_id=session.id)
    assert raised.value.code == "resource_missing"


def test_a_failed_delivery_is_retried_and_a_dead_endpoint_breaks_nothing(
    standin, receiver, account, settings
):
    receiver.failures_left = 2
    paid_session(account, receiver)
    assert receiver.attempts == 3
    standin.deliveries.store.data["webhook_urls"][account] = "http://127.0.0.1:9/stripe/webhook/"
    settings.STRIPE_STANDIN_WEBHOOK_URL = "http://127.0.0.1:9/stripe/webhook/"
    session = session_create(account, idempotency_key="checkout-18")
    assert pay(session, "4242424242424242").status_code == 303
    assert standin.deliveries.wait()  # given up after the retries
    assert (
        stripe_api.checkout_session_retrieve(account_id=account, session_id=session.id).status == "complete"
    )


def test_accounts_and_the_secret_survive_a_restart(tmp_path, settings):
    state = tmp_path / "standin.json"
    with standin_running(state=state) as first:
        settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE = "", first.base_url
        account = stripe_api.account_create(email="a@example.com", country="US", business_name="A")
        secret = first.store.webhook_secret
    with standin_running(state=state) as second:
        settings.STRIPE_API_BASE = second.base_url
        assert stripe_api.account_status(account_id=account).charges_enabled is False
        assert second.store.webhook_secret == secret


def test_the_api_wants_a_key_and_refuses_live_ones(standin):
    assert requests.get(f"{standin.base_url}/v1/accounts/acct_1", timeout=10).status_code == 401
    live = requests.get(
        f"{standin.base_url}/v1/accounts/acct_1", headers={"Authorization": "Bearer sk_live_x"}, timeout=10
    )
    assert live.status_code == 401
    assert "test keys only" in live.json()["error"]["message"]


def test_demo_data_can_onboard_and_pay_without_a_browser(standin, receiver, account):
    url = stripe_api.account_link_create(
        account_id=account,
        refresh_url="http://acme.localhost:8000/r/",
        return_url="http://acme.localhost:8000/ok/",
    )
    assert onboarding_complete(url) == "http://acme.localhost:8000/ok/"
    assert stripe_api.account_status(account_id=account).charges_enabled is True
    assert receiver.next_event().type == "account.updated"
    session = session_create(account)
    assert checkout_pay(session.url) == f"http://acme.localhost:8000/checkout/done/?session={session.id}"
    assert receiver.next_event().type == "checkout.session.completed"


def test_unknown_pages_are_not_found(standin):
    for path in ("/checkout/cs_test_nope", "/connect/onboarding/nope", "/elsewhere"):
        assert requests.get(standin.base_url + path, timeout=10).status_code == 404


def test_idempotent_answers_are_kept_for_a_day_only(tmp_path):
    store = Store(tmp_path / "standin.json")
    store.data["idempotency"]["old"] = {"params": {}, "status": 200, "body": {}, "at": time.time() - 86401}
    store.replay_remember("new", {"amount": "1"}, 200, {"id": "re_1"})
    assert set(Store(tmp_path / "standin.json").data["idempotency"]) == {"new"}


def test_form_decode_reads_stripes_nested_encoding():
    body = (
        "mode=payment&line_items[0][price_data][currency]=eur&line_items[0][quantity]=2"
        "&line_items[1][quantity]=1&expand[0]=latest_charge&metadata[order_id]=17&note="
    )
    assert form_decode(body) == {
        "mode": "payment",
        "line_items": [{"price_data": {"currency": "eur"}, "quantity": "2"}, {"quantity": "1"}],
        "expand": ["latest_charge"],
        "metadata": {"order_id": "17"},
        "note": "",
    }


def test_localservices_starts_one_shared_standin_and_the_last_user_stops_it(tmp_path, monkeypatch):
    monkeypatch.setattr(localservices, "STATE_DIR", tmp_path)
    first = localservices.Started()
    environ = localservices._start_stripe_standin(first)
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", environ["STRIPE_API_BASE"])
    state = json.loads((tmp_path / "stripe-standin.json").read_text())
    assert environ["STRIPE_WEBHOOK_SECRET"] == state["webhook_secret"]
    assert environ["STRIPE_WEBHOOK_SECRET"].startswith("whsec_standin_")
    pid = int((tmp_path / "stripe-standin.pid").read_text())
    try:
        second = localservices.Started()
        assert localservices._start_stripe_standin(second) == environ  # joined, not started again
        assert requests.get(environ["STRIPE_API_BASE"] + "/standin/health", timeout=5).json() == {"ok": True}
    finally:
        first.stop()  # both "users" are this process: the last to leave stops the server
    assert exit_status(pid, timeout=10) is not None
    assert localservices.stripe_standin_answers(tmp_path / "stripe-standin.port") is None


def exit_status(pid: int, *, timeout: float) -> int | None:
    """The child's exit status once it has exited (reaping it), or None after ``timeout``."""
    for _ in range(int(timeout / 0.05)):
        reaped, status = os.waitpid(pid, os.WNOHANG)
        if reaped:
            return status
        threading.Event().wait(0.05)
    return None


def test_localservices_leaves_stripe_alone_when_a_key_is_set(tmp_path, monkeypatch):
    monkeypatch.setattr(localservices, "STATE_DIR", tmp_path)
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_real")
    monkeypatch.setenv("DATABASE_URL", "postgresql://unused/db")
    monkeypatch.setenv("REDIS_URL", "redis://unused")
    with localservices.local_services() as started:
        assert "STRIPE_API_BASE" not in started.environ
    assert not Path(tmp_path / "stripe-standin.port").exists()
