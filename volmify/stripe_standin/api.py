"""The stand-in's Stripe behaviour, apart from HTTP: accounts, Checkout, payments, refunds, disputes."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from volmify.stripe_standin.events import Deliveries
from volmify.stripe_standin.objects import (
    REQUIREMENTS_DUE,
    SESSION_LIFETIME,
    Store,
    StripeError,
    missing,
    new_id,
    public,
)


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
