"""The stand-in's objects and wire format: the JSON-persisted store, Stripe's form encoding and errors.

The behaviour is in ``api``, event delivery in ``events``, HTTP in ``server``, what a browser sees in
``pages``. See the package docstring.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from volmify.stripe_currencies import THREE_DECIMAL, ZERO_DECIMAL

API_VERSION = "2026-10-28.endive"  # what the installed stripe library sends; echoed on events
WEBHOOK_HEADER = "Volmify-Standin-Webhook-Url"
CARD_SUCCEEDS = "4242424242424242"
CARD_DECLINED = "4000000000000002"
CARD_AUTHENTICATES = "4000002760003184"
DELIVERY_DELAYS = (1, 2, 4, 8, 16)  # seconds between attempts after a failed delivery
EXPIRY_SWEEP_SECONDS = 15
SESSION_LIFETIME = 24 * 3600  # Stripe's default expires_at
IDEMPOTENCY_SECONDS = 24 * 3600  # how long Stripe replays an idempotent request
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

    def replay_remember(self, key: str, params: dict[str, Any], status: int, body: dict[str, Any]) -> None:
        """Keep the answer to an idempotent request for Stripe's 24 hours, forgetting older ones."""
        now = time.time()
        with self.lock:
            table = self.data["idempotency"]
            for stale in [k for k, entry in table.items() if entry.get("at", 0) < now - IDEMPOTENCY_SECONDS]:
                del table[stale]
            table[key] = {"params": params, "status": status, "body": body, "at": now}
            self.save()

    def owner(self, object_id: str) -> str | None:
        return self.data["owners"].get(object_id)


def public(obj: dict[str, Any]) -> dict[str, Any]:
    """The object as the API shows it: without the stand-in's private ``_`` fields."""
    return {key: value for key, value in obj.items() if not key.startswith("_")}
