"""The only module that talks to Stripe: Connect accounts, Checkout Sessions, refunds, webhook events.

Every call goes through the official library (``stripe.StripeClient``, v1 services) with the
platform's secret key and, for anything an org owns, the org's connected account id as
``Stripe-Account`` (direct charges: the org is the merchant of record, the platform takes an
application fee). Creates carry an idempotency key that the caller derives from its own row, so a
retried task or a double-clicked button cannot make a second session or refund.

Where the requests go (``client``):

- ``STRIPE_SECRET_KEY`` set: Stripe itself, test or live mode by the key;
- no key: the local stand-in that ``volmify.localservices`` starts and names in ``STRIPE_API_BASE``
  (``volmify.stripe_standin``), told where to post this deployment's events;
- neither: ``PaymentProviderError`` ("card payments are not configured"), never api.stripe.com
  with a made-up key. Tests hand the library a fake HTTP client with ``use_http_client``.

Amounts here are Stripe's integer minor units; ``apps.payment.minor_units`` converts.
Every Stripe failure comes out as ``PaymentProviderError`` with a sentence a buyer or an admin may
read; the library's exception, with Stripe's own message and request id, is its ``__cause__`` and is
logged. Programming errors (a wrong argument type) are not caught.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import stripe
from django.conf import settings
from django.utils.translation import gettext as _
from stripe import RequestOptions
from stripe.params import AccountCreateParams, AccountLinkCreateParams, RefundCreateParams
from stripe.params.checkout import SessionCreateParams, SessionCreateParamsPaymentIntentData

logger = logging.getLogger(__name__)

# Seconds to connect and to read: a buyer is waiting on a Checkout Session.
TIMEOUT = (5.0, 30.0)
# The library retries connection errors, 409s and 5xx, re-sending the same idempotency key.
MAX_NETWORK_RETRIES = 2
# The key the stand-in is addressed with; it is not a Stripe key and never leaves the machine.
STANDIN_API_KEY = "sk_test_volmify_standin"
# The header that tells the stand-in where to post the events of what this request creates.
STANDIN_WEBHOOK_HEADER = "Volmify-Standin-Webhook-Url"
# Checkout's supported locales (API reference, checkout.session.locale); anything else is "auto".
CHECKOUT_LOCALES = frozenset(
    [
        "bg",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "en-GB",
        "es",
        "es-419",
        "et",
        "fi",
        "fil",
        "fr",
        "fr-CA",
        "hi-IN",
        "hr",
        "hu",
        "id",
        "it",
        "ja",
        "ko",
        "lt",
        "lv",
        "ms",
        "mt",
        "nb",
        "nl",
        "pl",
        "pt",
        "pt-BR",
        "ro",
        "ru",
        "sk",
        "sl",
        "sv",
        "th",
        "tr",
        "vi",
        "zh",
        "zh-HK",
        "zh-TW",
    ]
)
REFUND_REASONS = frozenset({"duplicate", "fraudulent", "requested_by_customer"})


class PaymentProviderError(Exception):
    """Stripe refused or could not be reached. ``str()`` is safe to show; ``retryable`` says whether
    the same call may succeed later (a network error, a rate limit, a Stripe outage)."""

    def __init__(self, message: str, *, code: str | None = None, retryable: bool = False):
        super().__init__(message)
        self.code = code
        self.retryable = retryable


class WebhookEventInvalid(ValueError):
    """A webhook body whose signature does not verify (or is stale), or that is not an event."""


@dataclass(frozen=True)
class AccountStatus:
    charges_enabled: bool
    details_submitted: bool
    payouts_enabled: bool
    requirements_due: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CheckoutLine:
    """One line of a Checkout Session: ``unit_amount`` in the currency's Stripe minor units."""

    name: str
    unit_amount: int
    quantity: int


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str | None
    payment_status: str  # "paid", "unpaid", "no_payment_required"
    status: str  # "open", "complete", "expired"
    payment_intent: str | None
    amount_total: int | None
    currency: str | None
    metadata: dict[str, str]


@dataclass(frozen=True)
class RefundResult:
    id: str
    status: str  # "succeeded", "pending", "requires_action", "failed", "canceled"
    amount: int


@dataclass(frozen=True)
class DisputeStatus:
    id: str
    status: str  # "warning_needs_response", ..., "needs_response", "under_review", "won", "lost"
    amount: int
    currency: str
    charge: str
    payment_intent: str | None


# --- the client ---------------------------------------------------------------------------------

_http_client_override: stripe.HTTPClient | None = None
_override_lock = threading.Lock()


@contextlib.contextmanager
def use_http_client(http_client: stripe.HTTPClient) -> Iterator[stripe.HTTPClient]:
    """Within the block, every call sends its requests through ``http_client`` (tests' fake Stripe).

    A module-level setting, not a context variable, so threads a test starts see it too."""
    global _http_client_override
    with _override_lock:
        previous, _http_client_override = _http_client_override, http_client
    try:
        yield http_client
    finally:
        with _override_lock:
            _http_client_override = previous


def is_standin() -> bool:
    """True when requests go to the local stand-in rather than Stripe."""
    return not settings.STRIPE_SECRET_KEY


def is_configured() -> bool:
    """True when calls can be made at all: a key, the stand-in's address, or a test's HTTP client."""
    return bool(settings.STRIPE_SECRET_KEY or settings.STRIPE_API_BASE or _http_client_override is not None)


def client() -> stripe.StripeClient:
    """The platform's ``StripeClient`` for the current settings (cached per configuration)."""
    override = _http_client_override
    if settings.STRIPE_SECRET_KEY:
        return _client(settings.STRIPE_SECRET_KEY, "", override)
    if settings.STRIPE_API_BASE:
        return _client(STANDIN_API_KEY, settings.STRIPE_API_BASE, override)
    if override is not None:
        return _client(STANDIN_API_KEY, "", override)
    raise PaymentProviderError(_("Card payments are not configured on this platform."), code="not_configured")


@lru_cache(maxsize=8)
def _client(api_key: str, api_base: str, http_client: stripe.HTTPClient | None) -> stripe.StripeClient:
    return stripe.StripeClient(
        api_key,
        base_addresses={"api": api_base} if api_base else None,
        max_network_retries=MAX_NETWORK_RETRIES,
        http_client=http_client or stripe.new_default_http_client(timeout=TIMEOUT),
    )


def _options(account_id: str | None = None, idempotency_key: str | None = None) -> RequestOptions:
    """Request options: the connected account, the idempotency key, and the stand-in's webhook URL."""
    options: RequestOptions = {}
    if account_id is not None:
        if not account_id.startswith("acct_"):
            raise ValueError(f"not a Stripe account id: {account_id!r}")
        options["stripe_account"] = account_id
    if idempotency_key is not None:
        if not idempotency_key or len(idempotency_key) > 255:
            raise ValueError("an idempotency key has 1 to 255 characters")
        options["idempotency_key"] = idempotency_key
    if is_standin():
        options["headers"] = {STANDIN_WEBHOOK_HEADER: settings.STRIPE_STANDIN_WEBHOOK_URL}
    return options


@contextlib.contextmanager
def _translated_errors(action: str) -> Iterator[None]:
    """Stripe's exceptions as one ``PaymentProviderError``; anything else is a bug and propagates."""
    try:
        yield
    except stripe.StripeError as error:
        logger.warning(
            "stripe %s failed: %s %s (code %s, request %s): %s",
            action,
            type(error).__name__,
            error.http_status,
            error.code,
            error.request_id,
            error.user_message or error,
        )
        raise _provider_error(error) from error


def _provider_error(error: stripe.StripeError) -> PaymentProviderError:
    if isinstance(error, stripe.CardError):
        return PaymentProviderError(_("The card was declined."), code=error.code)
    if isinstance(error, stripe.APIConnectionError | stripe.RateLimitError):
        return PaymentProviderError(
            _("The payment provider could not be reached. Please try again in a moment."),
            code=error.code or "unreachable",
            retryable=True,
        )
    if isinstance(error, stripe.AuthenticationError | stripe.PermissionError):
        return PaymentProviderError(
            _("Card payments are not set up correctly for this store. Please contact the store."),
            code=error.code or "not_authorized",
        )
    if isinstance(error, stripe.APIError) or (error.http_status or 0) >= 500:
        return PaymentProviderError(
            _("The payment provider had a problem. Please try again in a moment."),
            code=error.code,
            retryable=True,
        )
    return PaymentProviderError(_("The payment provider refused the request."), code=error.code)


def _field(obj: Any, key: str, default: Any = None) -> Any:
    """A field of a Stripe object that a response may leave out or set to null."""
    value = obj[key] if obj is not None and key in obj else None
    return default if value is None else value


def _id(value: Any) -> str | None:
    """An id, whether the field came expanded into an object or as its id."""
    if value is None or isinstance(value, str):
        return value
    return value["id"]


# --- Connect accounts ---------------------------------------------------------------------------


def account_create(
    *, email: str, country: str, business_name: str, idempotency_key: str | None = None
) -> str:
    """A connected account for an org, as Stripe's Connect guide configures a SaaS platform's: the full
    Stripe Dashboard (so Stripe collects the requirements and manages capabilities), Stripe fees paid
    by the account, negative balances carried by Stripe. Returns its id."""
    params: AccountCreateParams = {
        "email": email,
        "country": country.upper(),
        "business_profile": {"name": business_name},
        "controller": {
            "stripe_dashboard": {"type": "full"},
            "fees": {"payer": "account"},
            "losses": {"payments": "stripe"},
        },
    }
    with _translated_errors("account create"):
        account = client().v1.accounts.create(params, _options(idempotency_key=idempotency_key))
    return account["id"]


def account_link_create(*, account_id: str, refresh_url: str, return_url: str) -> str:
    """The URL of Stripe's hosted onboarding for the account (single use, expires in minutes)."""
    params: AccountLinkCreateParams = {
        "account": account_id,
        "refresh_url": refresh_url,
        "return_url": return_url,
        "type": "account_onboarding",
        "collection_options": {"fields": "currently_due"},
    }
    with _translated_errors("account link create"):
        link = client().v1.account_links.create(params, _options())
    return link["url"]


def account_status(*, account_id: str) -> AccountStatus:
    with _translated_errors("account retrieve"):
        account = client().v1.accounts.retrieve(account_id, None, _options())
    requirements = _field(account, "requirements", {})
    due = {*_field(requirements, "currently_due", []), *_field(requirements, "past_due", [])}
    return AccountStatus(
        charges_enabled=bool(_field(account, "charges_enabled", False)),
        details_submitted=bool(_field(account, "details_submitted", False)),
        payouts_enabled=bool(_field(account, "payouts_enabled", False)),
        requirements_due=sorted(due),
    )


# --- Checkout -----------------------------------------------------------------------------------


def checkout_locale(language: str) -> str:
    """Checkout's locale for a BCP 47 language: itself, its base language, or "auto" (Arabic)."""
    if language in CHECKOUT_LOCALES:
        return language
    base = language.replace("_", "-").split("-")[0].lower()
    return base if base in CHECKOUT_LOCALES else "auto"


def checkout_session_create(
    *,
    account_id: str,
    reference: str,
    currency: str,
    lines: list[CheckoutLine],
    customer_email: str,
    success_url: str,
    cancel_url: str,
    application_fee: int,
    locale: str,
    metadata: Mapping[str, str],
    idempotency_key: str,
    expires_at: int | None = None,
) -> CheckoutSession:
    """A Stripe-hosted Checkout Session on the org's account, the platform's fee on its payment.

    ``reference`` (the order's id or number) becomes ``client_reference_id``; ``metadata`` is set
    on the session and on its PaymentIntent, so the charge, the refunds and the disputes carry it.
    ``success_url`` may contain ``{CHECKOUT_SESSION_ID}``. ``expires_at`` (a Unix time 30 minutes to
    24 hours ahead) bounds how long reserved stock waits."""
    if not lines:
        raise ValueError("a Checkout Session needs at least one line")
    for line in lines:
        if (
            isinstance(line.unit_amount, bool)
            or not isinstance(line.unit_amount, int)
            or line.unit_amount < 0
        ):
            raise ValueError(f"unit_amount must be a non-negative int of minor units: {line!r}")
        if not isinstance(line.quantity, int) or line.quantity < 1:
            raise ValueError(f"quantity must be a positive int: {line!r}")
    if not isinstance(application_fee, int) or application_fee < 0:
        raise ValueError("application_fee must be a non-negative int of minor units")
    code = currency.lower()
    payment_intent_data: SessionCreateParamsPaymentIntentData = {"metadata": dict(metadata)}
    if application_fee:
        payment_intent_data["application_fee_amount"] = application_fee
    params: SessionCreateParams = {
        "mode": "payment",
        "ui_mode": "hosted_page",
        "client_reference_id": reference,
        "customer_email": customer_email,
        "success_url": success_url,
        "cancel_url": cancel_url,
        "locale": checkout_locale(locale),
        "metadata": dict(metadata),
        "line_items": [
            {
                "price_data": {
                    "currency": code,
                    "unit_amount": line.unit_amount,
                    "product_data": {"name": line.name},
                },
                "quantity": line.quantity,
            }
            for line in lines
        ],
        "payment_intent_data": payment_intent_data,
    }
    if expires_at is not None:
        params["expires_at"] = expires_at
    with _translated_errors("checkout session create"):
        session = client().v1.checkout.sessions.create(params, _options(account_id, idempotency_key))
    return _checkout_session(session)


def checkout_session_retrieve(*, account_id: str, session_id: str) -> CheckoutSession:
    with _translated_errors("checkout session retrieve"):
        session = client().v1.checkout.sessions.retrieve(session_id, None, _options(account_id))
    return _checkout_session(session)


def checkout_session_expire(*, account_id: str, session_id: str) -> CheckoutSession:
    """Close an open session so it can no longer be paid (Stripe refuses one that is not open)."""
    with _translated_errors("checkout session expire"):
        session = client().v1.checkout.sessions.expire(session_id, None, _options(account_id))
    return _checkout_session(session)


def _checkout_session(session: Any) -> CheckoutSession:
    return CheckoutSession(
        id=session["id"],
        url=_field(session, "url"),
        payment_status=session["payment_status"],
        status=session["status"],
        payment_intent=_id(_field(session, "payment_intent")),
        amount_total=_field(session, "amount_total"),
        currency=_field(session, "currency"),
        metadata=_metadata(_field(session, "metadata")),
    )


def _metadata(metadata: Any) -> dict[str, str]:
    if metadata is None:
        return {}
    return {str(key): str(value) for key, value in metadata.to_dict().items()}


# --- refunds and disputes -----------------------------------------------------------------------


def refund_create(
    *,
    account_id: str,
    payment_intent: str,
    amount: int,
    reason: str,
    idempotency_key: str,
    metadata: Mapping[str, str] | None = None,
    refund_application_fee: bool = True,
) -> RefundResult:
    """Refund ``amount`` minor units of the payment. ``reason`` is Stripe's (duplicate, fraudulent,
    requested_by_customer) when it is one of those, else the admin's words, kept in the metadata.
    The platform's application fee is refunded in proportion (all of it on a full refund)."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
        raise ValueError("a refund is a positive int of minor units")
    params: RefundCreateParams = {
        "payment_intent": payment_intent,
        "amount": amount,
        "metadata": {**(metadata or {}), "reason": reason[:500]},
        "refund_application_fee": refund_application_fee,
    }
    if reason in REFUND_REASONS:
        params["reason"] = reason
    with _translated_errors("refund create"):
        refund = client().v1.refunds.create(params, _options(account_id, idempotency_key))
    return RefundResult(id=refund["id"], status=refund["status"], amount=refund["amount"])


def payment_intent_refunded(*, account_id: str, payment_intent: str) -> int:
    """How much of the payment is refunded now, in minor units (its latest charge's cumulative
    ``amount_refunded``): what a refund handler converges on, whatever order events arrive in."""
    with _translated_errors("payment intent retrieve"):
        intent = client().v1.payment_intents.retrieve(
            payment_intent, {"expand": ["latest_charge"]}, _options(account_id)
        )
    charge = _field(intent, "latest_charge")
    if charge is None:
        return 0
    if isinstance(charge, str):  # not expanded: an older API version or a proxy dropped it
        with _translated_errors("charge retrieve"):
            charge = client().v1.charges.retrieve(charge, None, _options(account_id))
    return int(charge["amount_refunded"])


def dispute_status(*, account_id: str, dispute_id: str) -> DisputeStatus:
    """The dispute as it stands now (a handler of ``charge.dispute.*`` converges on this)."""
    with _translated_errors("dispute retrieve"):
        dispute = client().v1.disputes.retrieve(dispute_id, None, _options(account_id))
    return DisputeStatus(
        id=dispute["id"],
        status=dispute["status"],
        amount=int(dispute["amount"]),
        currency=dispute["currency"],
        charge=_id(dispute["charge"]) or "",
        payment_intent=_id(_field(dispute, "payment_intent")),
    )


# --- webhooks -----------------------------------------------------------------------------------


def event_construct(*, payload: bytes, signature: str) -> stripe.Event:
    """The event in a webhook body, once its ``Stripe-Signature`` verifies against
    ``STRIPE_WEBHOOK_SECRET`` within Stripe's five-minute tolerance; else ``WebhookEventInvalid``."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise WebhookEventInvalid("STRIPE_WEBHOOK_SECRET is not set; no event can be verified")
    try:
        return stripe.Webhook.construct_event(payload, signature, secret)
    except stripe.SignatureVerificationError as error:
        raise WebhookEventInvalid(f"bad webhook signature: {error.user_message or error}") from error
    except (ValueError, KeyError, TypeError) as error:  # a verified body that is not an event
        raise WebhookEventInvalid(f"webhook body is not a Stripe event: {error}") from error


def event_verify(*, payload: bytes, signature: str) -> dict[str, Any]:
    """The event in a webhook body as plain JSON, once its ``Stripe-Signature`` verifies against
    ``STRIPE_WEBHOOK_SECRET`` within Stripe's five-minute tolerance (the library's own check); else
    ``WebhookEventInvalid``. The webhook keeps the raw event, so it builds no ``stripe.Event``."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise WebhookEventInvalid("STRIPE_WEBHOOK_SECRET is not set; no event can be verified")
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(text, signature, secret, stripe.Webhook.DEFAULT_TOLERANCE)
        event = json.loads(text)
    except stripe.SignatureVerificationError as error:
        raise WebhookEventInvalid(f"bad webhook signature: {error.user_message or error}") from error
    except ValueError as error:  # not UTF-8, or a verified body that is not JSON
        raise WebhookEventInvalid(f"webhook body is not a Stripe event: {error}") from error
    if not isinstance(event, dict) or event.get("object") != "event" or not isinstance(event.get("id"), str):
        raise WebhookEventInvalid("webhook body is not a Stripe event")
    return event
