"""The one Stripe Connect webhook endpoint, on the platform host.

It verifies the signature with the endpoint secret, keeps the raw event in the public inbox under
its id (a second delivery stores nothing), has it processed (one task run takes a whole burst of
deliveries: ``stripe_events_enqueue``) and answers at once; the work happens in a Celery task in
the org's schema. A bad signature is a 400 and stores nothing; an event of the other mode (test
against live) is kept as ignored; an event of an account no org holds is kept and flagged, never
processed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from apps.org.models import StripeWebhookEvent
from apps.org.payment_accounts import stripe_inbox_store
from apps.payment import stripe_api
from apps.payment.tasks import stripe_events_enqueue

Status = StripeWebhookEvent.Status


class StripeWebhookView(View):
    http_method_names = ["post"]

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        return csrf_exempt(super().as_view(**initkwargs))  # Stripe signs its requests; it sends no CSRF token

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            event = stripe_api.event_verify(
                payload=request.body, signature=request.headers.get("Stripe-Signature", "")
            )
        except stripe_api.WebhookEventInvalid:
            return HttpResponseBadRequest("invalid signature or payload")
        status = Status.PENDING if bool(event.get("livemode")) == settings.STRIPE_LIVEMODE else Status.IGNORED
        stored = stripe_inbox_store(event=event, status=status)  # one statement, committed at once
        if stored and status == Status.PENDING:
            stripe_events_enqueue()
        return HttpResponse(status=200)


stripe_webhook = StripeWebhookView.as_view()  # also answered before the page middleware (volmify.lean)
