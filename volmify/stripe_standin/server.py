"""The stand-in's HTTP side: the v1 API (auth, idempotent replays), dev-only endpoints, the server."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from volmify.stripe_standin import pages
from volmify.stripe_standin.api import Api, Call
from volmify.stripe_standin.events import Deliveries
from volmify.stripe_standin.objects import (
    EXPIRY_SWEEP_SECONDS,
    WEBHOOK_HEADER,
    Store,
    StripeError,
    form_decode,
    log,
    new_id,
)

# --- HTTP ---------------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    server: StandinServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def log_message(self, format: str, *args: Any) -> None:  # quiet: errors are logged by _dispatch
        pass

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        params = form_decode(url.query if method == "GET" else body)
        parts = [part for part in url.path.split("/") if part]
        try:
            if parts[:1] == ["v1"]:
                self._api(method, parts[1:], params)
            elif parts[:1] == ["standin"]:
                self._dev(method, parts[1:], params)
            else:
                pages.respond(self, method, parts, params)
        except StripeError as error:
            self.send_json(error.status, error.body)
        except Exception as error:  # the stand-in answers 500 like Stripe would, and keeps serving
            log(f"{method} {self.path} failed: {error!r}")
            self.send_json(
                500, {"error": {"type": "api_error", "message": "The stand-in failed; see its log."}}
            )

    def _api(self, method: str, parts: list[str], params: dict[str, Any]) -> None:
        key = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        if not key:
            self.send_json(
                401,
                {"error": {"type": "invalid_request_error", "message": "You did not provide an API key."}},
            )
            return
        if key.startswith(("sk_live_", "rk_live_")):
            raise StripeError(401, "The Stripe stand-in takes test keys only; live keys go to Stripe.")
        call = Call(
            method, parts, params, self.headers.get("Stripe-Account"), self.headers.get(WEBHOOK_HEADER)
        )
        replay_key = self._idempotency_key(call, method)
        if replay_key is not None:
            stored = self.server.store.data["idempotency"].get(replay_key)
            if stored is not None:
                if stored["params"] != params:
                    raise StripeError(
                        400,
                        "Keys for idempotent requests can only be used with the same parameters they were "
                        "first used with.",
                        code="idempotency_key_in_use",
                    )
                self.send_json(stored["status"], stored["body"], replayed=True)
                return
        try:
            status, answer = 200, self.server.api.route(call)
        except StripeError as error:
            status, answer = error.status, error.body
        if replay_key is not None and status < 500:
            self.server.store.replay_remember(replay_key, params, status, answer)
        self.send_json(status, answer)

    def _idempotency_key(self, call: Call, method: str) -> str | None:
        key = self.headers.get("Idempotency-Key")
        if method != "POST" or not key:
            return None
        return f"{call.account or 'platform'}:/{'/'.join(call.parts)}:{key}"

    def _dev(self, method: str, parts: list[str], params: dict[str, Any]) -> None:
        api = self.server.api
        if method == "GET" and parts == ["health"]:
            self.send_json(200, {"ok": True})
        elif method == "POST" and parts == ["disputes"]:
            self.send_json(200, api.dispute_open(params.get("payment_intent", "")))
        elif method == "POST" and len(parts) == 3 and parts[0] == "disputes" and parts[2] == "close":
            self.send_json(200, api.dispute_close(parts[1], params.get("status", "")))
        else:
            raise StripeError(404, f"Unrecognized stand-in URL ({method}: {self.path}).")

    def send_json(self, status: int, body: dict[str, Any], *, replayed: bool = False) -> None:
        headers = {"Content-Type": "application/json", "Request-Id": new_id("req")}
        if replayed:
            headers["Idempotent-Replayed"] = "true"
        self.send_body(status, json.dumps(body).encode(), headers)

    def send_body(self, status: int, payload: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def send_html(self, status: int, page: str) -> None:
        self.send_body(
            status, page.encode(), {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
        )

    def redirect(self, location: str) -> None:
        self.send_body(HTTPStatus.SEE_OTHER, b"", {"Location": location})


class StandinServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *, state: Path | None, port: int = 0, webhook_url: str | None = None):
        super().__init__(("127.0.0.1", port), Handler)
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.store = Store(state)
        self.deliveries = Deliveries(self.store, webhook_url or default_webhook_url())
        self.api = Api(self.store, self.deliveries, self.base_url)
        self._sweeper = threading.Thread(target=self._sweep, daemon=True)
        self._sweeper.start()

    def _sweep(self) -> None:
        while True:
            time.sleep(EXPIRY_SWEEP_SECONDS)
            with contextlib.suppress(Exception):
                self.api.sessions_expire_due()


def default_webhook_url() -> str:
    return os.environ.get("STRIPE_STANDIN_WEBHOOK_URL") or (
        f"http://localhost:{os.environ.get('PORT') or '8000'}/stripe/webhook/"
    )


@contextlib.contextmanager
def standin_running(*, state: Path | None = None, webhook_url: str | None = None) -> Iterator[StandinServer]:
    """A stand-in in this process on a free loopback port, for as long as the block (tests)."""
    server = StandinServer(state=state, webhook_url=webhook_url)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


# --- dev-only client helpers (demo data, e2e) ---------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 303 itself is the answer: its Location is the store's page


def _dev_json(url: str, params: dict[str, str]) -> dict[str, Any]:
    request = urllib.request.Request(url, data=urlencode(params).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _dev_form(url: str, params: dict[str, str]) -> str:
    """POST a form to a stand-in page as a browser would; the Location it redirects to."""
    request = urllib.request.Request(url, data=urlencode(params).encode(), method="POST")
    try:
        with urllib.request.build_opener(_NoRedirects).open(request, timeout=10) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        if error.code == HTTPStatus.SEE_OTHER:
            return error.headers["Location"]
        raise
    raise RuntimeError(f"{url} answered {status}, not a redirect")


def dispute_open(api_base: str, *, payment_intent: str) -> str:
    """Open a dispute on a stand-in payment (``charge.dispute.created`` follows); its id."""
    return _dev_json(f"{api_base}/standin/disputes", {"payment_intent": payment_intent})["id"]


def dispute_close(api_base: str, *, dispute_id: str, status: str) -> None:
    """Close a stand-in dispute as ``won`` or ``lost`` (``charge.dispute.closed`` follows)."""
    _dev_json(f"{api_base}/standin/disputes/{dispute_id}/close", {"status": status})


def checkout_pay(session_url: str, *, card: str = "4242424242424242") -> str:
    """Pay a stand-in Checkout Session as a buyer would (demo data); where the browser would go next."""
    return _dev_form(session_url, {"card_number": card})


def onboarding_complete(account_link_url: str) -> str:
    """Finish a stand-in Account Link's onboarding as the org would (demo data); the return URL."""
    return _dev_form(account_link_url, {})


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="A local Stripe stand-in on loopback.")
    parser.add_argument("--state", type=Path, required=True, help="the JSON file that keeps its objects")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--address-file", type=Path, help="where to write the port once listening")
    args = parser.parse_args(argv)
    server = StandinServer(state=args.state, port=args.port)
    if args.address_file:
        temporary = args.address_file.with_suffix(".tmp")
        temporary.write_text(str(server.server_address[1]))
        os.replace(temporary, args.address_file)
    log(f"listening on {server.base_url}; events go to {server.deliveries.default_url} unless a request says")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0
