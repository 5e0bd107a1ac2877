"""Signed Connect events and their delivery to the webhook endpoint, retried in the background."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.request
from typing import Any

from volmify.stripe_standin.objects import API_VERSION, DELIVERY_DELAYS, Store, log, new_id, public


def webhook_signature(payload: bytes, secret: str, timestamp: int) -> str:
    """The ``Stripe-Signature`` header Stripe sends: HMAC-SHA256 of ``"{t}.{body}"`` with the secret."""
    signed = f"{timestamp}.".encode() + payload
    return f"t={timestamp},v1={hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()}"


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
