"""A fake Stripe for tests: the real ``stripe`` library, a fake HTTP client under it.

    fake = FakeStripe()
    with stripe_api.use_http_client(fake):
        session = stripe_api.checkout_session_create(...)
    assert fake.last.params["line_items"][0]["price_data"]["unit_amount"] == "4900"

Responses are copies of Stripe's own example objects (``fixtures3.json``, Stripe's OpenAPI
repository) with the fields that matter set from the request, so the library parses what Stripe
would send. Every request is recorded (method, path, decoded parameters, headers), errors can be
scripted with ``fail_next``, and ``sign``/``event_payload`` make webhook bodies that
``stripe.Webhook.construct_event`` accepts.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import stripe

from volmify.stripe_standin import form_decode

ROOT = Path(__file__).resolve().parents[2]
SHARED_FIXTURES = ROOT.parent / "shared" / "data" / "stripe" / "fixtures3.json"
REPO_FIXTURES = Path(__file__).resolve().parent / "data" / "stripe_fixtures3.json"


@cache
def _fixtures() -> dict[str, Any]:
    path = SHARED_FIXTURES if SHARED_FIXTURES.exists() else REPO_FIXTURES
    return json.loads(path.read_text())["resources"]


def fixture(kind: str, **fields: Any) -> dict[str, Any]:
    """A deep copy of Stripe's example ``kind`` ("checkout.session", "charge"...) with ``fields`` set."""
    obj = copy.deepcopy(_fixtures()[kind])
    obj.update(fields)
    return obj


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


@dataclass
class RecordedRequest:
    method: str  # "GET", "POST"
    url: str
    path: str
    params: dict[str, Any]
    headers: dict[str, str]

    @property
    def stripe_account(self) -> str | None:
        return self.headers.get("Stripe-Account")

    @property
    def idempotency_key(self) -> str | None:
        return self.headers.get("Idempotency-Key")


@dataclass
class ScriptedError:
    method: str
    path: str
    status: int
    body: dict[str, Any]
    connection: bool
    retry: bool


class FakeStripe(stripe.HTTPClient):
    """Answers the v1 endpoints ``apps.payment.stripe_api`` calls, per connected account."""

    name = "volmify-fake"

    def __init__(self) -> None:
        super().__init__()
        self.objects: dict[str, dict[str, Any]] = {}
        self.owners: dict[str, str | None] = {}
        self.requests: list[RecordedRequest] = []
        self.errors: list[ScriptedError] = []
        self.replays: dict[str, tuple[str, int]] = {}

    # --- what tests read and set ---------------------------------------------------------------

    @property
    def last(self) -> RecordedRequest:
        return self.requests[-1]

    def fail_next(
        self,
        method: str,
        path: str,
        *,
        status: int = 402,
        type: str = "card_error",
        code: str | None = "card_declined",
        message: str = "Your card was declined.",
        connection: bool = False,
        retry: bool = False,
    ) -> None:
        """The next ``method`` request to ``path`` (a prefix) fails: Stripe's error body with ``status``,
        or a connection error; ``retry`` lets the library retry it (else Stripe-Should-Retry: false)."""
        body = {"error": {"type": type, "code": code, "message": message, "param": None}}
        self.errors.append(ScriptedError(method.upper(), path, status, body, connection, retry))

    def account_add(self, **fields: Any) -> str:
        account = fixture("account", id="acct_" + secrets.token_hex(8), **fields)
        self._put(account, None)
        return account["id"]

    def session_add(self, account: str, **fields: Any) -> dict[str, Any]:
        session = fixture("checkout.session", id="cs_test_" + secrets.token_hex(16), **fields)
        return self._put(session, account)

    def payment_add(self, account: str, *, amount: int, currency: str, amount_refunded: int = 0) -> str:
        """A succeeded PaymentIntent with its charge; its id."""
        intent_id = new_id("pi")
        charge = fixture(
            "charge",
            id=new_id("ch"),
            amount=amount,
            amount_captured=amount,
            amount_refunded=amount_refunded,
            refunded=amount_refunded == amount,
            currency=currency,
            payment_intent=intent_id,
            captured=True,
        )
        self._put(charge, account)
        intent = fixture(
            "payment_intent",
            id=intent_id,
            amount=amount,
            amount_received=amount,
            currency=currency,
            latest_charge=charge["id"],
            status="succeeded",
        )
        self._put(intent, account)
        return intent_id

    def charge_of(self, payment_intent: str) -> dict[str, Any]:
        return self.objects[self.objects[payment_intent]["latest_charge"]]

    # --- stripe.HTTPClient ---------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | None,
        post_data: Any = None,
        *,
        _usage: list[str] | None = None,
    ) -> tuple[str, int, Mapping[str, str]]:
        parts = urlsplit(url)
        method = method.upper()
        params = form_decode(parts.query if method == "GET" else (post_data or ""))
        recorded = RecordedRequest(method, url, parts.path, params, dict(headers or {}))
        self.requests.append(recorded)
        for scripted in self.errors:
            if scripted.method == method and parts.path.startswith(scripted.path):
                self.errors.remove(scripted)
                if scripted.connection:
                    raise stripe.APIConnectionError("fake: connection refused", should_retry=scripted.retry)
                return self._answer(scripted.body, scripted.status, retry=scripted.retry)
        replay_key = f"{recorded.stripe_account}:{parts.path}:{recorded.idempotency_key}"
        if method == "POST" and replay_key in self.replays:
            body, status = self.replays[replay_key]
            return body, status, {"idempotent-replayed": "true"}
        try:
            body, status = json.dumps(self._route(recorded)), 200
        except _NotFound as error:
            body, status = json.dumps(error.body), 404
        if method == "POST":
            self.replays[replay_key] = (body, status)
        return body, status, {"request-id": new_id("req"), "stripe-should-retry": "false"}

    def request_stream(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("the fake Stripe does not stream")

    def close(self) -> None:
        pass

    # --- routing -------------------------------------------------------------------------------

    def _answer(
        self, body: dict[str, Any], status: int, *, retry: bool
    ) -> tuple[str, int, Mapping[str, str]]:
        return (
            json.dumps(body),
            status,
            {"request-id": new_id("req"), "stripe-should-retry": str(retry).lower()},
        )

    def _route(self, request: RecordedRequest) -> dict[str, Any]:
        parts = request.path.strip("/").split("/")[1:]  # without "v1"
        account = request.stripe_account
        match (request.method, parts):
            case ("POST", ["accounts"]):
                return self._put(self._account_create(request.params), None)
            case ("GET", ["accounts", account_id]):
                return self._get("account", account_id, None)
            case ("POST", ["account_links"]):
                self._get("account", request.params["account"], None)
                return fixture(
                    "account_link", url=f"https://connect.stripe.test/setup/{request.params['account']}"
                )
            case ("POST", ["checkout", "sessions"]):
                self._get("account", account or "", None)
                return self._put(self._session_create(request.params), account)
            case ("GET", ["checkout", "sessions", session_id]):
                return self._get("checkout.session", session_id, account)
            case ("POST", ["checkout", "sessions", session_id, "expire"]):
                session = self._get("checkout.session", session_id, account)
                session.update(status="expired", url=None)
                return session
            case ("GET", ["payment_intents", intent_id]):
                intent = copy.deepcopy(self._get("payment_intent", intent_id, account))
                if "latest_charge" in request.params.get("expand", []) and intent["latest_charge"]:
                    intent["latest_charge"] = self._get("charge", intent["latest_charge"], account)
                return intent
            case ("GET", ["charges", charge_id]):
                return self._get("charge", charge_id, account)
            case ("POST", ["refunds"]):
                return self._refund_create(request.params, account)
            case ("GET", ["disputes", dispute_id]):
                return self._get("dispute", dispute_id, account)
        raise AssertionError(f"the fake Stripe has no route for {request.method} {request.path}")

    def _put(self, obj: dict[str, Any], account: str | None) -> dict[str, Any]:
        self.objects[obj["id"]] = obj
        self.owners[obj["id"]] = account
        return obj

    def _get(self, kind: str, object_id: str, account: str | None) -> dict[str, Any]:
        obj = self.objects.get(object_id)
        if obj is None or obj["object"] != kind or self.owners[object_id] != account:
            raise _NotFound(kind, object_id)
        return obj

    def _account_create(self, params: dict[str, Any]) -> dict[str, Any]:
        return fixture(
            "account",
            id="acct_" + secrets.token_hex(8),
            email=params.get("email"),
            country=params.get("country"),
            business_profile={
                **_fixtures()["account"]["business_profile"],
                **params.get("business_profile", {}),
            },
            controller={**params.get("controller", {}), "type": "application"},
        )

    def _session_create(self, params: dict[str, Any]) -> dict[str, Any]:
        total = sum(
            int(line["price_data"]["unit_amount"]) * int(line["quantity"]) for line in params["line_items"]
        )
        session_id = "cs_test_" + secrets.token_hex(16)
        return fixture(
            "checkout.session",
            id=session_id,
            amount_subtotal=total,
            amount_total=total,
            currency=params["line_items"][0]["price_data"]["currency"],
            client_reference_id=params.get("client_reference_id"),
            customer_email=params.get("customer_email"),
            success_url=params.get("success_url"),
            cancel_url=params.get("cancel_url"),
            locale=params.get("locale"),
            metadata=params.get("metadata", {}),
            payment_intent=None,
            payment_status="unpaid",
            status="open",
            url=f"https://checkout.stripe.test/c/pay/{session_id}",
        )

    def _refund_create(self, params: dict[str, Any], account: str | None) -> dict[str, Any]:
        intent = self._get("payment_intent", params["payment_intent"], account)
        charge = self._get("charge", intent["latest_charge"], account)
        amount = int(params["amount"])
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        refund = fixture(
            "refund",
            id=new_id("re"),
            amount=amount,
            charge=charge["id"],
            currency=charge["currency"],
            payment_intent=intent["id"],
            reason=params.get("reason"),
            metadata=params.get("metadata", {}),
            status="succeeded",
        )
        return self._put(refund, account)


class _NotFound(Exception):
    def __init__(self, kind: str, object_id: str):
        message = f"No such {kind}: '{object_id}'"
        self.body = {
            "error": {"type": "invalid_request_error", "code": "resource_missing", "message": message}
        }


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """The ``Stripe-Signature`` header for ``payload``: ``t=<unix time>,v1=<HMAC-SHA256 hex>``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event_payload(
    type: str, account: str, obj: dict[str, Any], *, event_id: str, livemode: bool = False
) -> bytes:
    """A Connect event body as Stripe posts it: Stripe's example event with ``account`` set."""
    event = fixture(
        "event",
        id=event_id,
        type=type,
        account=account,
        livemode=livemode,
        api_version=stripe.api_version,
        created=int(time.time()),
        data={"object": obj},
        pending_webhooks=1,
    )
    return json.dumps(event).encode()
