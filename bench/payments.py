"""Stripe event processing: distinct ``checkout.session.completed`` events through the production task.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=<bench db> python -m bench.payments [--events 3000]
                                                                        [--runs 3] [--json FILE]

Each run makes ``--events`` card orders awaiting payment in acme (one course line each, every
order by a buyer of its own, so every payment grants an enrollment of its own), set-based with
the values checkout would write, and keeps one signed-off ``checkout.session.completed`` event
per order in the public webhook inbox, as the webhook endpoint stores them. Then it runs
``apps.payment.tasks.stripe_events_process`` in this one process (Celery's ``apply``: the code
a worker runs), as the webhook enqueues it, and times it until every event is applied. It checks
every order is paid, its payment succeeded and its enrollment exists; then sends every event
through again (the inbox rows back to pending) and checks that nothing changed. The follow-up
tasks the paid path sends (receipts, progress rollups) go to the bench's own broker and are
purged after the run: they are other workers' work.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import time
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import django

ORG = "org_acme"
PRODUCT = "django-for-teams"
BUYER = "buyer.ana@acme.example"


def _offer() -> Any:
    """The tier-1 one-time plan of the bench course as checkout would price it in acme's default region."""
    from apps.locale_region.models import OrgRegion
    from apps.payment.models import OrgProductVariantPaymentPlan as Plan
    from apps.payment.selectors.offers import offers_for_plans
    from apps.product.demo import product_find

    region = OrgRegion.objects.select_related("currency", "default_locale__locale").get(is_default=True)
    plan = Plan.objects.filter(
        variant__product=product_find(PRODUCT),
        access_tier=1,
        plan_type=Plan.PlanType.ONE_TIME,
        is_active=True,
    ).first()
    assert plan is not None, f"no tier-1 one-time plan on {PRODUCT}: run seed_demo"
    chain = [region.default_locale.locale.locale_key]
    offer = offers_for_plans(plan_ids=[plan.pk], region=region, chain=chain)[plan.pk]
    assert offer.unit_amount is not None and offer.is_purchasable, offer
    return region, offer


def orders_make(count: int, run: str) -> tuple[list[str], list[int]]:
    """``count`` awaiting-payment card orders in acme, each by a new buyer; their inbox event ids."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from apps.member.models import OrgMember
    from apps.org.models import Org, OrgStripeAccount, StripeWebhookEvent
    from apps.payment.minor_units import to_minor
    from apps.payment.models import OrgOrder, OrgOrderLine, OrgPayment
    from apps.payment.models.orders import Provider
    from apps.payment.services.checkout import ORDER_HOLD, ORDER_NUMBER_START
    from apps.user.models import User

    connection.set_schema_to_public()
    org = Org.objects.get(schema_name=ORG)
    account = OrgStripeAccount.objects.get(org=org).account_id
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"bench.payer.{run}.{i}@acme.example", password=password) for i in range(count)
    )
    now = timezone.now()
    with schema_context(ORG):
        region, offer = _offer()
        members = OrgMember.objects.bulk_create(OrgMember(user=user) for user in users)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('org_order', 'id')) FROM generate_series(1, %s)",
                [count],
            )
            ids = [row[0] for row in cursor.fetchall()]
        total = offer.unit_amount
        orders = OrgOrder.objects.bulk_create(
            OrgOrder(
                id=order_id,
                number=str(ORDER_NUMBER_START + order_id),
                status=OrgOrder.Status.AWAITING_PAYMENT,
                provider=Provider.STRIPE,
                member=member,
                email=user.email,
                locale=region.default_locale.locale.locale_key,
                region=region,
                currency=offer.currency,
                billing_country="US",
                subtotal=total,
                total=total,
                application_fee=Decimal(0),
                placed_at=now,
                expires_at=now + ORDER_HOLD,
            )
            for order_id, member, user in zip(ids, members, users, strict=True)
        )
        OrgOrderLine.objects.bulk_create(
            OrgOrderLine(
                order=order,
                product_id=offer.product_id,
                variant_id=offer.variant_id,
                plan_id=offer.plan_id,
                product_type=offer.product_type,
                product_name=offer.product_name,
                variant_name=offer.variant_name,
                plan_name=offer.plan_name,
                access_tier=offer.access_tier,
                access_days=offer.access_days,
                unit_amount=total,
                quantity=1,
                total=total,
            )
            for order in orders
        )
        OrgPayment.objects.bulk_create(
            OrgPayment(
                order=order,
                provider=Provider.STRIPE,
                amount=total,
                currency=order.currency,
                reference=f"cs_bench_{run}_{i}",
                checkout_url=f"https://checkout.stripe.test/cs_bench_{run}_{i}",
            )
            for i, order in enumerate(orders)
        )
    minor = to_minor(total, offer.currency)
    events = [
        {
            "id": f"evt_bench_{run}_{i}",
            "object": "event",
            "api_version": "2025-01-27.acacia",
            "created": int(now.timestamp()),
            "type": "checkout.session.completed",
            "account": account,
            "livemode": False,
            "pending_webhooks": 1,
            "data": {
                "object": {
                    "id": f"cs_bench_{run}_{i}",
                    "object": "checkout.session",
                    "payment_status": "paid",
                    "status": "complete",
                    "amount_total": minor,
                    "currency": offer.currency.lower(),
                    "payment_intent": f"pi_bench_{run}_{i}",
                    "metadata": {"order": order.number, "org": ORG},
                }
            },
        }
        for i, order in enumerate(orders)
    ]
    StripeWebhookEvent.objects.bulk_create(
        StripeWebhookEvent(
            event_id=event["id"],
            event_type=event["type"],
            account_id=account,
            livemode=False,
            payload=event,
            status=StripeWebhookEvent.Status.PENDING,
        )
        for event in events
    )
    return [event["id"] for event in events], [order.pk for order in orders]


def effects(order_ids: list[int]) -> dict[str, int]:
    """What the events wrote for these orders, counted."""
    from django_tenants.utils import schema_context

    from apps.audit.models import OrgAuditEntry
    from apps.course.models import OrgMemberProductCourseEnrollment
    from apps.payment.models import OrgCommerceEvent, OrgOrder, OrgPayment

    with schema_context(ORG):
        orders = OrgOrder.objects.filter(pk__in=order_ids)
        return {
            "orders paid": orders.filter(status=OrgOrder.Status.PAID).count(),
            "payments succeeded": OrgPayment.objects.filter(
                order_id__in=order_ids,
                status=OrgPayment.Status.SUCCEEDED,
                payment_intent__startswith="pi_bench_",
            ).count(),
            "enrollments": OrgMemberProductCourseEnrollment.objects.filter(
                order_line__order_id__in=order_ids
            ).count(),
            "commerce events": OrgCommerceEvent.objects.filter(order_id__in=order_ids).count(),
            "audit entries": OrgAuditEntry.objects.filter(
                object_type="payment.orgorder", object_id__in=[str(pk) for pk in order_ids]
            ).count(),
        }


def process(event_ids: list[str] | None = None) -> dict[str, int]:
    """The task as the webhook enqueues it, run here (the code a worker runs)."""
    from apps.payment.tasks import stripe_events_process

    return stripe_events_process.apply(kwargs={"event_ids": event_ids}).get()


def one_run(count: int, profile: int = 0) -> dict[str, Any]:
    from django.db import connection

    from apps.org.models import StripeWebhookEvent

    run = uuid.uuid4().hex[:8]
    event_ids, order_ids = orders_make(count, run)
    connection.set_schema_to_public()
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    outcomes = profiler.runcall(process) if profiler else process()
    seconds = time.perf_counter() - start
    if profiler:
        pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(profile)
    inbox = StripeWebhookEvent.objects.filter(event_id__in=event_ids)
    processed = inbox.filter(status=StripeWebhookEvent.Status.PROCESSED).count()
    after = effects(order_ids)
    expected = {
        "orders paid": count,
        "payments succeeded": count,
        "enrollments": count,
        "commerce events": count,
    }
    missing = {key: (after[key], value) for key, value in expected.items() if after[key] != value}
    assert processed == count and not missing, (processed, missing, outcomes)
    # every event again: the markers make the second pass change nothing
    inbox.update(status=StripeWebhookEvent.Status.PENDING, attempts=0, processed_at=None)
    again = process(event_ids)
    assert effects(order_ids) == after, "a re-run changed something"
    assert again.get("duplicate", 0) == count, again
    rate = count / seconds
    print(f"   {count} events in {seconds:.2f} s: {rate:.0f} events/s; outcomes {outcomes}; re-run {again}")
    return {"events": count, "seconds": seconds, "rate": rate}


def purge_follow_ups() -> int:
    from volmify.celery import app

    return app.control.purge() or 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=3000, help="distinct events (and orders) per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", help="write the figures here as JSON")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="print cProfile's top N functions"
    )
    args = parser.parse_args()
    django.setup()
    from django.conf import settings

    from apps.org.models import StripeWebhookEvent

    leftover = StripeWebhookEvent.objects.filter(status=StripeWebhookEvent.Status.PENDING).count()
    assert leftover == 0, f"{leftover} pending inbox rows in the bench database; they would be timed too"
    assert not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)
    print(
        f"\n== stripe events: {args.events} distinct checkout.session.completed x {args.runs} runs,"
        " one process"
    )
    runs = []
    try:
        for _ in range(args.runs):
            runs.append(one_run(args.events, args.profile))
    finally:
        purge_follow_ups()
    result = {
        "events": args.events,
        "rates": [r["rate"] for r in runs],
        "median_rate": statistics.median(r["rate"] for r in runs),
        "since": timedelta(seconds=sum(r["seconds"] for r in runs)).total_seconds(),
    }
    print(f"   median {result['median_rate']:.0f} events/s (goal >= 300)")
    if args.json:
        Path(args.json).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
