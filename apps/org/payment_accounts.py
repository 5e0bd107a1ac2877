"""The public side of payments: each org's Stripe connected account and the webhook inbox.

A webhook names a connected account, not an org; this module finds the org from the account, and
keeps every verified event, raw, under its id before anything is done with it. Processing happens
in the org's schema (``apps.payment.services.stripe_events``); this module only stores, finds and
marks.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from apps.org.models import Org, OrgStripeAccount, StripeWebhookEvent
from volmify.actors import Actor, actor_check

Status = StripeWebhookEvent.Status
MAX_ATTEMPTS = 8


def stripe_inbox_store(*, event: Mapping[str, Any], status: str = Status.PENDING) -> bool:
    """Keep a verified event under its id; False when that id is already kept (nothing changes)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO public.stripe_webhook_event (event_id, event_type, account_id, livemode, payload,"
            " status, attempts, last_error, received_at) VALUES (%s, %s, %s, %s, %s, %s, 0, '', now())"
            " ON CONFLICT (event_id) DO NOTHING RETURNING event_id",
            [
                event["id"],
                event.get("type", ""),
                event.get("account") or "",
                bool(event.get("livemode")),
                json.dumps(event),
                status,
            ],
        )
        return cursor.fetchone() is not None


def stripe_inbox_claim(*, event_ids: Sequence[str] | None = None, limit: int) -> list[StripeWebhookEvent]:
    """Up to ``limit`` inbox rows to process now, oldest first, locked until the caller's transaction
    ends (rows another worker holds are skipped: it is processing them). ``event_ids`` None takes
    the fresh rows (never tried); events that failed or waited are sent again by id (the sweep)."""
    rows = StripeWebhookEvent.objects.select_for_update(skip_locked=True).filter(status=Status.PENDING)
    rows = rows.filter(event_id__in=list(event_ids)) if event_ids is not None else rows.filter(attempts=0)
    return list(rows.order_by("received_at", "event_id")[:limit])


@dataclass(frozen=True)
class InboxMark:
    event_id: str
    status: str
    org_id: int | None = None
    error: str = ""


def stripe_inbox_mark_many(*, marks: Sequence[InboxMark]) -> None:
    """``stripe_inbox_mark`` for many events in one statement (the rows are locked by the caller)."""
    if not marks:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE public.stripe_webhook_event AS e SET attempts = e.attempts + 1,"
            " org_id = COALESCE(m.org_id, e.org_id), last_error = m.error,"
            " status = CASE WHEN m.status = %s AND e.attempts + 1 >= %s THEN %s ELSE m.status END,"
            " processed_at = CASE WHEN m.status = %s THEN now() ELSE e.processed_at END"
            " FROM unnest(%s::text[], %s::text[], %s::bigint[], %s::text[])"
            " AS m(event_id, status, org_id, error)"
            " WHERE e.event_id = m.event_id",
            [
                Status.PENDING,
                MAX_ATTEMPTS,
                Status.FAILED,
                Status.PROCESSED,
                [mark.event_id for mark in marks],
                [mark.status for mark in marks],
                [mark.org_id for mark in marks],
                [mark.error for mark in marks],
            ],
        )


def stripe_inbox_due(*, older_than: timedelta = timedelta(minutes=1), limit: int = 500) -> list[str]:
    """Events waiting longer than ``older_than`` (a lost enqueue, a worker that died, an event that
    came before what it needs): the sweep sends them again."""
    due = StripeWebhookEvent.objects.filter(
        status=Status.PENDING, received_at__lte=timezone.now() - older_than
    )
    return list(due.order_by("received_at").values_list("event_id", flat=True)[:limit])


def stripe_inbox_mark(*, event_id: str, status: str, org: Org | None = None, error: str = "") -> None:
    """Record what became of an event; a retryable failure stays pending until MAX_ATTEMPTS."""
    now = timezone.now()
    row = StripeWebhookEvent.objects.select_for_update().filter(event_id=event_id)
    with transaction.atomic():
        event = row.first()
        if event is None:
            return
        event.attempts += 1
        event.org = org or event.org
        event.last_error = error
        if status == Status.PENDING and event.attempts >= MAX_ATTEMPTS:
            status = Status.FAILED
        event.status = status
        event.processed_at = now if status == Status.PROCESSED else event.processed_at
        event.save(update_fields=["attempts", "org", "last_error", "status", "processed_at"])


def stripe_inbox_retry(*, actor: Actor, event_ids: Sequence[str]) -> int:
    """Platform staff send failed or stuck events through again (Django admin's action)."""
    actor_check(actor)
    return (
        StripeWebhookEvent.objects.filter(event_id__in=list(event_ids))
        .exclude(status=Status.PROCESSED)
        .update(status=Status.PENDING, attempts=0, last_error="")
    )


def stripe_account_connect(*, actor: Actor, org: Org, account_id: str) -> OrgStripeAccount:
    """Record the connected account Stripe created for ``org`` (one per org)."""
    actor_check(actor)
    account, _created = OrgStripeAccount.objects.get_or_create(org=org, defaults={"account_id": account_id})
    return account


def stripe_account_forget(*, actor: Actor, org: Org) -> None:
    """Drop the org's connected-account record (the demo, when the local stand-in lost its state)."""
    actor_check(actor)
    OrgStripeAccount.objects.filter(org=org).delete()


def stripe_account_update(
    *,
    account_id: str,
    charges_enabled: bool,
    details_submitted: bool,
    payouts_enabled: bool,
    requirements_due: list[str],
) -> OrgStripeAccount | None:
    """Follow the connected account's onboarding status (``account.updated``, or a fresh read)."""
    account = OrgStripeAccount.objects.filter(account_id=account_id).first()
    if account is None:
        return None
    account.charges_enabled, account.details_submitted = charges_enabled, details_submitted
    account.payouts_enabled, account.requirements_due = payouts_enabled, requirements_due
    account.save(
        update_fields=[
            "charges_enabled",
            "details_submitted",
            "payouts_enabled",
            "requirements_due",
            "updated_at",
        ]
    )
    return account
