"""The stand-in's Stripe: its objects (JSON-persisted), their behaviour, and signed event delivery.

HTTP lives in ``server``; the pages a browser sees in ``pages``. See the package docstring.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

API_VERSION = "2026-10-28.endive"  # what the installed stripe library sends; echoed on events
WEBHOOK_HEADER = "Volmify-Standin-Webhook-Url"
CARD_SUCCEEDS = "4242424242424242"
CARD_DECLINED = "4000000000000002"
CARD_AUTHENTICATES = "4000002760003184"
DELIVERY_DELAYS = (1, 2, 4, 8, 16)  # seconds between attempts after a failed delivery
EXPIRY_SWEEP_SECONDS = 15
SESSION_LIFETIME = 24 * 3600  # Stripe's default expires_at
# Stripe's minor units, for showing amounts on the hosted page only (apps.payment.minor_units decides
# what is charged; the stand-in sits below the apps and cannot import them).
ZERO_DECIMAL = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)
THREE_DECIMAL = frozenset(["BHD", "JOD", "KWD", "OMR", "TND"])
REQUIREMENTS_DUE = ["business_profile.url", "external_account", "tos_acceptance.date", "tos_acceptance.ip"]


def log(message: str) -> None:
    print(f"[stripe-standin] {message}", file=sys.stderr, flush=True)


def form_decode(body: str) -> dict[str, Any]:
    """Stripe's form encoding back into nested values: ``a[b][0][c]=v`` is ``{"a": {"b": [{"c": "v"}]}}``.

    Leaves stay strings, as on the wire; a mapping whose keys are all indexes becomes a list."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        head, _, rest = key.partition("[")
        parts = [head] + ([part.rstrip("]") for part in rest.split("[")] if rest else [])
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(root)


def _lists(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if value and all(key.isdigit() for key in value):
        return [_lists(value[key]) for key in sorted(value, key=int)]
    return {key: _lists(item) for key, item in value.items()}


def webhook_signature(payload: bytes, secret: str, timestamp: int) -> str:
    """The ``Stripe-Signature`` header Stripe sends: HMAC-SHA256 of ``"{t}.{body}"`` with the secret."""
    signed = f"{timestamp}.".encode() + payload
    return f"t={timestamp},v1={hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()}"


def amount_display(units: int, currency: str) -> str:
    code = currency.upper()
    exponent = 0 if code in ZERO_DECIMAL else 3 if code in THREE_DECIMAL else 2
    return f"{Decimal(units).scaleb(-exponent):,.{exponent}f} {code}"


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


class StripeError(Exception):
    """Answered as Stripe's ``{"error": {...}}`` with ``status``."""

    def __init__(self, status: int, message: str, *, code: str | None = None, param: str | None = None):
        super().__init__(message)
        self.status = status
        self.body = {
            "error": {"type": "invalid_request_error", "message": message, "code": code, "param": param}
        }


def missing(kind: str, object_id: str) -> StripeError:
    return StripeError(404, f"No such {kind}: '{object_id}'", code="resource_missing", param="id")


# --- state ----------------------------------------------------------------------------------------


class Store:
    """Every object by id with the account that owns it, written to ``path`` after each change."""

    def __init__(self, path: Path | None):
        self.path = path
        self.lock = threading.RLock()
        self.data: dict[str, Any] = {}
        if path is not None and path.exists():
            self.data = json.loads(path.read_text())
        self.data.setdefault("webhook_secret", "whsec_standin_" + secrets.token_hex(16))
        for table in ("objects", "owners", "idempotency", "webhook_urls", "links"):
            self.data.setdefault(table, {})
        self.save()

    @property
    def webhook_secret(self) -> str:
        return self.data["webhook_secret"]

    def save(self) -> None:
        if self.path is None:
            return
        with self.lock:
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(self.data))
            os.replace(temporary, self.path)

    def put(self, obj: dict[str, Any], account: str | None) -> dict[str, Any]:
        with self.lock:
            self.data["objects"][obj["id"]] = obj
            self.data["owners"][obj["id"]] = account
            self.save()
        return obj

    def get(self, kind: str, object_id: str, account: str | None) -> dict[str, Any]:
        """The object, only when it is of ``kind`` and belongs to ``account`` (Stripe's 404 otherwise)."""
        obj = self.data["objects"].get(object_id)
        if obj is None or obj["object"] != kind or self.data["owners"].get(object_id) != account:
            raise missing(kind, object_id)
        return obj

    def owner(self, object_id: str) -> str | None:
        return self.data["owners"].get(object_id)


# --- events -------------------------------------------------------------------------------------


class Deliveries:
    """Posts signed events, each in its own thread with retries; ``wait`` lets a test see them land."""

    def __init__(self, store: Store, default_url: str, delays: tuple[float, ...] = DELIVERY_DELAYS):
        self.store = store
        self.default_url = default_url
        self.delays = delays
        self.pending = 0
        self.condition = threading.Condition()

    def emit(self, event_type: str, account: str, obj: dict[str, Any]) -> dict[str, Any]:
        event = {
            "id": new_id("evt"),
            "object": "event",
            "account": account,
            "api_version": API_VERSION,
            "created": int(time.time()),
            "data": {"object": public(obj)},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }
        url = self.store.data["webhook_urls"].get(account) or self.default_url
        with self.condition:
            self.pending += 1
        threading.Thread(target=self._deliver, args=(url, event), daemon=True).start()
        return event

    def _deliver(self, url: str, event: dict[str, Any]) -> None:
        payload = json.dumps(event).encode()
        try:
            for attempt, delay in enumerate((0, *self.delays)):
                time.sleep(delay)
                if self._post(url, payload, event, attempt):
                    return
            log(f"gave up delivering {event['type']} {event['id']} to {url}")
        finally:
            with self.condition:
                self.pending -= 1
                self.condition.notify_all()

    def _post(self, url: str, payload: bytes, event: dict[str, Any], attempt: int) -> bool:
        # Signed at each attempt, as Stripe does, so a retry is not refused as stale.
        signature = webhook_signature(payload, self.store.webhook_secret, int(time.time()))
        request = urllib.request.Request(
            url,
            data=payload,
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8", "Stripe-Signature": signature},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                if 200 <= response.status < 300:
                    return True
                problem = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            problem = f"HTTP {error.code}"
        except (urllib.error.URLError, OSError) as error:
            problem = str(getattr(error, "reason", error))
        log(f"delivering {event['type']} {event['id']} to {url} failed ({problem}), attempt {attempt + 1}")
        return False

    def wait(self, timeout: float = 10.0) -> bool:
        """True once no delivery is in flight (delivered or given up)."""
        with self.condition:
            return self.condition.wait_for(lambda: self.pending == 0, timeout)


def public(obj: dict[str, Any]) -> dict[str, Any]:
    """The object as the API shows it: without the stand-in's private ``_`` fields."""
    return {key: value for key, value in obj.items() if not key.startswith("_")}


# --- the API ------------------------------------------------------------------------------------


@dataclass
class Call:
    """One API request: its path parts, decoded parameters and the connected account it acts for."""

    method: str
    parts: list[str]
    params: dict[str, Any]
    account: str | None
    webhook_url: str | None


class Api:
    """The Stripe behaviour, apart from HTTP: each method takes a ``Call`` and returns an object."""

    def __init__(self, store: Store, deliveries: Deliveries, base_url: str):
        self.store = store
        self.deliveries = deliveries
        self.base_url = base_url

    def route(self, call: Call) -> dict[str, Any]:
        routes: dict[tuple[str, ...], Callable[[Call], dict[str, Any]]] = {
            ("POST", "accounts"): self.account_create,
            ("GET", "accounts", "*"): self.account_retrieve,
            ("POST", "account_links"): self.account_link_create,
            ("POST", "checkout", "sessions"): self.session_create,
            ("GET", "checkout", "sessions", "*"): self.session_retrieve,
            ("POST", "checkout", "sessions", "*", "expire"): self.session_expire,
            ("GET", "payment_intents", "*"): self.payment_intent_retrieve,
            ("GET", "charges", "*"): lambda c: self.store.get("charge", c.parts[1], c.account),
            ("POST", "refunds"): self.refund_create,
            ("GET", "disputes", "*"): lambda c: self.store.get("dispute", c.parts[1], c.account),
        }
        for pattern, handler in routes.items():
            method, *shape = pattern
            if (
                method == call.method
                and len(shape) == len(call.parts)
                and all(want in ("*", got) for want, got in zip(shape, call.parts, strict=True))
            ):
                return public(handler(call))
        raise StripeError(404, f"Unrecognized request URL ({call.method}: /v1/{'/'.join(call.parts)}).")

    def account_create(self, call: Call) -> dict[str, Any]:
        params = call.params
        account = {
            "id": "acct_" + secrets.token_hex(8),
            "object": "account",
            "business_profile": {"name": params.get("business_profile", {}).get("name")},
            "business_type": None,
            "capabilities": {"card_payments": "inactive", "transfers": "inactive"},
            "charges_enabled": False,
            "controller": {**params.get("controller", {}), "type": "application", "is_controller": True},
            "country": params.get("country", "US"),
            "created": int(time.time()),
            "default_currency": "usd",
            "details_submitted": False,
            "email": params.get("email"),
            "metadata": params.get("metadata", {}),
            "payouts_enabled": False,
            "requirements": _requirements(REQUIREMENTS_DUE),
            "type": "standard",
        }
        if call.webhook_url:
            self.store.data["webhook_urls"][account["id"]] = call.webhook_url
        return self.store.put(account, None)

    def account_retrieve(self, call: Call) -> dict[str, Any]:
        return self.store.get("account", call.parts[1], None)

    def account_link_create(self, call: Call) -> dict[str, Any]:
        account = self.store.get("account", call.params.get("account", ""), None)
        token = secrets.token_urlsafe(16)
        now = int(time.time())
        with self.store.lock:
            self.store.data["links"][token] = {
                "account": account["id"],
                "refresh_url": call.params.get("refresh_url"),
                "return_url": call.params.get("return_url"),
                "expires_at": now + 300,
                "used": False,
            }
            self.store.save()
        return {
            "object": "account_link",
            "created": now,
            "expires_at": now + 300,
            "url": f"{self.base_url}/connect/onboarding/{token}",
        }

    def session_create(self, call: Call) -> dict[str, Any]:
        account = self._account(call)
        params = call.params
        if params.get("mode") != "payment":
            raise StripeError(400, "The stand-in supports mode=payment only.", param="mode")
        lines = [_line(item, index) for index, item in enumerate(params.get("line_items", []))]
        if not lines:
            raise StripeError(400, "line_items is required in payment mode.", param="line_items")
        currencies = {line["currency"] for line in lines}
        if len(currencies) != 1:
            raise StripeError(400, "All line items must use the same currency.", param="line_items")
        total = sum(line["unit_amount"] * line["quantity"] for line in lines)
        fee = int(params.get("payment_intent_data", {}).get("application_fee_amount", 0))
        if fee > total:
            raise StripeError(
                400, "The application fee cannot exceed the amount.", param="application_fee_amount"
            )
        session_id = "cs_test_" + secrets.token_hex(24)
        now = int(time.time())
        session = {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": total,
            "amount_total": total,
            "cancel_url": params.get("cancel_url"),
            "client_reference_id": params.get("client_reference_id"),
            "created": now,
            "currency": currencies.pop(),
            "customer_details": None,
            "customer_email": params.get("customer_email"),
            "expires_at": int(params.get("expires_at", now + SESSION_LIFETIME)),
            "livemode": False,
            "locale": params.get("locale"),
            "metadata": params.get("metadata", {}),
            "mode": "payment",
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "success_url": params.get("success_url"),
            "ui_mode": params.get("ui_mode", "hosted_page"),
            "url": f"{self.base_url}/checkout/{session_id}",
            "_lines": lines,
            "_application_fee_amount": fee,
            "_payment_intent_metadata": params.get("payment_intent_data", {}).get("metadata", {}),
        }
        return self.store.put(session, account)

    def session_retrieve(self, call: Call) -> dict[str, Any]:
        return self.store.get("checkout.session", call.parts[2], self._account(call))

    def session_expire(self, call: Call) -> dict[str, Any]:
        session = self.store.get("checkout.session", call.parts[2], self._account(call))
        if session["status"] != "open":
            raise StripeError(
                400,
                f'Only Checkout Sessions with a status in ["open"] can be expired. This session has '
                f'status "{session["status"]}".',
            )
        return self.session_close(session, "expired")

    def session_close(self, session: dict[str, Any], status: str) -> dict[str, Any]:
        with self.store.lock:
            session.update(status=status, url=None)
            self.store.save()
        self.deliveries.emit("checkout.session.expired", self.store.owner(session["id"]) or "", session)
        return session

    def session_pay(self, session: dict[str, Any], card: str) -> dict[str, Any]:
        """The card succeeded: a PaymentIntent and its Charge, the session complete, the event sent."""
        account = self.store.owner(session["id"]) or ""
        now = int(time.time())
        amount, currency = session["amount_total"], session["currency"]
        intent_id, charge_id = new_id("pi"), new_id("ch")
        metadata = session["_payment_intent_metadata"]
        fee = session["_application_fee_amount"] or None
        charge = {
            "id": charge_id,
            "object": "charge",
            "amount": amount,
            "amount_captured": amount,
            "amount_refunded": 0,
            "application_fee_amount": fee,
            "captured": True,
            "created": now,
            "currency": currency,
            "disputed": False,
            "livemode": False,
            "metadata": metadata,
            "paid": True,
            "payment_intent": intent_id,
            "payment_method_details": {"type": "card", "card": {"brand": "visa", "last4": card[-4:]}},
            "refunded": False,
            "status": "succeeded",
        }
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_received": amount,
            "application_fee_amount": fee,
            "created": now,
            "currency": currency,
            "latest_charge": charge_id,
            "livemode": False,
            "metadata": metadata,
            "status": "succeeded",
        }
        with self.store.lock:
            self.store.put(charge, account)
            self.store.put(intent, account)
            session.update(
                status="complete",
                payment_status="paid",
                payment_intent=intent_id,
                url=None,
                customer_details={"email": session["customer_email"]},
            )
            self.store.save()
        self.deliveries.emit("checkout.session.completed", account, session)
        return session

    def payment_intent_retrieve(self, call: Call) -> dict[str, Any]:
        intent = public(self.store.get("payment_intent", call.parts[1], self._account(call)))
        if "latest_charge" in call.params.get("expand", []) and intent["latest_charge"]:
            intent["latest_charge"] = public(self.store.get("charge", intent["latest_charge"], call.account))
        return intent

    def refund_create(self, call: Call) -> dict[str, Any]:
        account = self._account(call)
        params = call.params
        intent = self.store.get("payment_intent", params.get("payment_intent", ""), account)
        with self.store.lock:
            charge = self.store.get("charge", intent["latest_charge"], account)
            remaining = charge["amount"] - charge["amount_refunded"]
            amount = int(params.get("amount", remaining))
            if charge["disputed"]:
                raise StripeError(400, f"Charge {charge['id']} has been disputed.", code="charge_disputed")
            if remaining == 0:
                raise StripeError(
                    400, f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded"
                )
            if not 0 < amount <= remaining:
                raise StripeError(
                    400,
                    f"Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})",
                    code="amount_too_large",
                    param="amount",
                )
            refund = {
                "id": new_id("re"),
                "object": "refund",
                "amount": amount,
                "charge": charge["id"],
                "created": int(time.time()),
                "currency": charge["currency"],
                "metadata": params.get("metadata", {}),
                "payment_intent": intent["id"],
                "reason": params.get("reason"),
                "status": "succeeded",
            }
            charge["amount_refunded"] += amount
            charge["refunded"] = charge["amount_refunded"] == charge["amount"]
            self.store.put(refund, account)
        self.deliveries.emit("charge.refunded", account, charge)
        return refund

    def dispute_open(self, payment_intent: str) -> dict[str, Any]:
        account = self.store.owner(payment_intent)
        intent = self.store.get("payment_intent", payment_intent, account)
        with self.store.lock:
            charge = self.store.get("charge", intent["latest_charge"], account)
            charge["disputed"] = True
            dispute = {
                "id": new_id("dp"),
                "object": "dispute",
                "amount": charge["amount"] - charge["amount_refunded"],
                "charge": charge["id"],
                "created": int(time.time()),
                "currency": charge["currency"],
                "is_charge_refundable": False,
                "livemode": False,
                "metadata": {},
                "payment_intent": intent["id"],
                "reason": "fraudulent",
                "status": "needs_response",
            }
            self.store.put(dispute, account)
        self.deliveries.emit("charge.dispute.created", account or "", dispute)
        return public(dispute)

    def dispute_close(self, dispute_id: str, status: str) -> dict[str, Any]:
        if status not in ("won", "lost"):
            raise StripeError(400, "status must be won or lost.", param="status")
        account = self.store.owner(dispute_id)
        dispute = self.store.get("dispute", dispute_id, account)
        if dispute["status"] in ("won", "lost"):
            raise StripeError(400, f"Dispute {dispute_id} is already closed.")
        with self.store.lock:
            dispute["status"] = status
            self.store.save()
        self.deliveries.emit("charge.dispute.closed", account or "", dispute)
        return public(dispute)

    def onboarding_complete(self, token: str) -> str:
        """Mark the link's account onboarded; the URL to send the browser to."""
        link = self.store.data["links"].get(token)
        if link is None:
            raise missing("account_link", token)
        if link["used"] or link["expires_at"] < time.time():
            return link["refresh_url"]
        account = self.store.get("account", link["account"], None)
        with self.store.lock:
            link["used"] = True
            account.update(
                charges_enabled=True,
                details_submitted=True,
                payouts_enabled=True,
                capabilities={"card_payments": "active", "transfers": "active"},
                requirements=_requirements([]),
            )
            self.store.save()
        self.deliveries.emit("account.updated", account["id"], account)
        return link["return_url"]

    def sessions_expire_due(self) -> None:
        now = time.time()
        for obj in list(self.store.data["objects"].values()):
            if obj["object"] == "checkout.session" and obj["status"] == "open" and obj["expires_at"] < now:
                self.session_close(obj, "expired")

    def _account(self, call: Call) -> str:
        """The connected account a Connect call acts for (the Stripe-Account header), which must exist."""
        if not call.account:
            raise StripeError(
                400, "The stand-in serves Connect direct charges: send the Stripe-Account header."
            )
        self.store.get("account", call.account, None)
        if call.webhook_url:
            self.store.data["webhook_urls"][call.account] = call.webhook_url
        return call.account


def _requirements(due: list[str]) -> dict[str, Any]:
    return {
        "currently_due": list(due),
        "eventually_due": list(due),
        "past_due": [],
        "pending_verification": [],
        "disabled_reason": "requirements.past_due" if due else None,
        "current_deadline": None,
        "errors": [],
    }


def _line(item: dict[str, Any], index: int) -> dict[str, Any]:
    price = item.get("price_data", {})
    try:
        line = {
            "name": price["product_data"]["name"],
            "currency": price["currency"].lower(),
            "unit_amount": int(price["unit_amount"]),
            "quantity": int(item.get("quantity", 1)),
        }
    except (KeyError, ValueError, TypeError) as error:
        raise StripeError(
            400, f"Invalid line_items[{index}]: {error}", param=f"line_items[{index}]"
        ) from error
    if line["unit_amount"] < 0 or line["quantity"] < 1:
        raise StripeError(400, f"Invalid line_items[{index}]: amounts", param=f"line_items[{index}]")
    return line
