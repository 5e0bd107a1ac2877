"""A local stand-in for Stripe, so ``make dev`` and ``make e2e`` take card payments with no Stripe key.

    python -m volmify.stripe_standin [--state PATH] [--port N]

``volmify.localservices`` starts it on loopback when ``STRIPE_SECRET_KEY`` is unset and gives the
wrapped command ``STRIPE_API_BASE`` and ``STRIPE_WEBHOOK_SECRET``; the real ``stripe`` library then
talks to it exactly as it talks to Stripe (``apps.payment.stripe_api``). It answers the part of the
v1 API that Volmify uses, with Stripe-shaped JSON, form-encoded requests and Stripe's error shape:

- ``POST /v1/accounts``, ``GET /v1/accounts/<id>``, ``POST /v1/account_links``;
- ``POST /v1/checkout/sessions``, ``GET .../<id>``, ``POST .../<id>/expire``;
- ``GET /v1/payment_intents/<id>`` (``expand[]=latest_charge``), ``GET /v1/charges/<id>``;
- ``POST /v1/refunds``, ``GET /v1/disputes/<id>``;

and the pages a person sees on Stripe's side:

- ``/checkout/<session id>``: the hosted checkout, with test cards 4242 4242 4242 4242 (succeeds),
  4000 0000 0000 0002 (declined) and 4000 0027 6000 3184 (asks for authentication first);
- ``/connect/onboarding/<token>``: the onboarding an Account Link opens.

Paying, refunding, onboarding and disputes post signed Connect events (``account`` set,
``livemode`` false) to the webhook URL of the deployment that created the object: the
``Volmify-Standin-Webhook-Url`` header that stripe_api sends with each request, else
``STRIPE_STANDIN_WEBHOOK_URL``, else ``http://localhost:$PORT/stripe/webhook/``. A delivery that
fails is logged and retried in the background; nothing a receiver does stops the stand-in.
Disputes, which only a cardholder's bank opens, have dev-only endpoints: ``POST /standin/disputes``
(``payment_intent``) and ``POST /standin/disputes/<id>/close`` (``status`` won or lost).

State (objects, the webhook secret) is a JSON file, so accounts survive a restart. One server is
shared by every process on the machine that uses the same state directory, like the embedded
Redis. Standard library only: it runs before Django is set up, and never leaves the machine.
"""

from volmify.stripe_standin.events import webhook_signature
from volmify.stripe_standin.objects import form_decode
from volmify.stripe_standin.server import (
    StandinServer,
    checkout_pay,
    dispute_close,
    dispute_open,
    main,
    onboarding_complete,
    standin_running,
)

__all__ = [
    "StandinServer",
    "checkout_pay",
    "dispute_close",
    "dispute_open",
    "form_decode",
    "main",
    "onboarding_complete",
    "standin_running",
    "webhook_signature",
]
