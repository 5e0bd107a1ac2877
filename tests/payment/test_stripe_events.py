"""Stripe's events through the real webhook endpoint and the real task: signed bodies, the
public inbox, the org's schema, exactly once whatever the delivery order or count."""

from __future__ import annotations

import json
import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from apps.course.models import OrgMemberProductCourseEnrollment
from apps.org.models import OrgStripeAccount, StripeWebhookEvent
from apps.payment import stripe_api
from apps.payment.models import OrgOrder, OrgPaymentEventProcessed, OrgRefund
from apps.payment.services.checkout import checkout_payment_start, checkout_place
from tests.payment.conftest import CHAIN, PRICES
from tests.payment.stripe_fake import FakeStripe, event_payload, sign

Inbox = StripeWebhookEvent.Status


@pytest.fixture
def fake():
    fake = FakeStripe()
    with stripe_api.use_http_client(fake):
        yield fake


@pytest.fixture
def card(shop, org_a, fake):
    """The shop takes cards: org A's connected account can charge."""
    account = OrgStripeAccount.objects.create(
        org=org_a, account_id=fake.account_add(charges_enabled=True, details_submitted=True),
        charges_enabled=True, details_submitted=True,
    )  # fmt: skip
    return account


def _card_order(shop, card, *names):
    total = sum((PRICES[name] for name in names), Decimal(0))
    cart = shop.cart(*names)
    order = checkout_place(
        actor=shop.buyer.user,
        cart=cart,
        member=shop.buyer,
        details=shop.details(total, provider="stripe"),
        chain=CHAIN,
    )
    checkout_payment_start(
        actor=shop.buyer.user, order=order, success_url="https://a.test/ok", cancel_url="https://a.test/no"
    )
    return order


def _session_event(order, card, *, event_id, paid=True, payment_intent=None):
    payment = order.payments.get()
    session = {
        "id": payment.reference,
        "object": "checkout.session",
        "payment_status": "paid" if paid else "unpaid",
        "status": "complete",
        "amount_total": int(order.total * 100),
        "currency": "eur",
        "payment_intent": payment_intent or "pi_" + order.number,
        "metadata": {"order": order.number, "org": order_schema(order)},
    }
    return event_payload("checkout.session.completed", card.account_id, session, event_id=event_id)


def _refund_event(order, card, *, event_id, refunded):
    charge = {
        "id": "ch_" + order.number,
        "object": "charge",
        "paid": True,
        "amount": int(order.total * 100),
        "amount_refunded": refunded,
        "currency": "eur",
        "payment_intent": "pi_" + order.number,
        "metadata": {"order": order.number, "org": order_schema(order)},
    }
    return event_payload("charge.refunded", card.account_id, charge, event_id=event_id)


def order_schema(order) -> str:
    return connection.schema_name


def _post(platform_client, body: bytes, secret: str | None = None):
    signature = sign(body, secret or settings.STRIPE_WEBHOOK_SECRET)
    return platform_client.post(
        "/stripe/webhook/", body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )


@pytest.fixture
def deliver(org_a, platform_client, django_capture_on_commit_callbacks):
    """Post a signed body to the webhook as Stripe would, and run what it enqueues."""

    def send(body: bytes, secret: str | None = None):
        connection.set_schema_to_public()
        with django_capture_on_commit_callbacks(execute=True):
            response = _post(platform_client, body, secret)
        connection.set_tenant(org_a)
        return response

    return send


def test_a_paid_session_pays_the_order_and_grants_the_course(shop, card, deliver):
    order = _card_order(shop, card, "course")
    response = deliver(_session_event(order, card, event_id="evt_paid_1"))
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == OrgOrder.Status.PAID
    assert order.payments.get().payment_intent == "pi_" + order.number
    assert OrgMemberProductCourseEnrollment.objects.get(order_line__order=order).access_tier == 2
    assert StripeWebhookEvent.objects.get(event_id="evt_paid_1").status == Inbox.PROCESSED


def test_ten_deliveries_have_one_effect(shop, card, deliver):
    order = _card_order(shop, card, "course")
    body = _session_event(order, card, event_id="evt_dup")
    statuses = {deliver(body).status_code for _ in range(10)}
    assert statuses == {200}
    assert StripeWebhookEvent.objects.filter(event_id="evt_dup").count() == 1
    assert OrgMemberProductCourseEnrollment.objects.filter(order_line__order=order).count() == 1
    assert OrgPaymentEventProcessed.objects.filter(event_id="evt_dup").count() == 1


def test_a_refund_before_the_payment_converges(shop, card, deliver):
    order = _card_order(shop, card, "course")
    deliver(_refund_event(order, card, event_id="evt_r", refunded=4900))
    deliver(_session_event(order, card, event_id="evt_p"))
    order.refresh_from_db()
    assert (order.status, order.amount_refunded) == (OrgOrder.Status.REFUNDED, Decimal("49.000"))
    assert OrgMemberProductCourseEnrollment.objects.get(order_line__order=order).revoked_at is not None
    assert OrgRefund.objects.filter(order=order).count() == 1


def test_partial_refunds_in_the_dashboard_add_up_to_the_cumulative_amount(shop, card, deliver):
    order = _card_order(shop, card, "course")
    deliver(_session_event(order, card, event_id="evt_1"))
    for event_id, refunded in (("evt_2", 1000), ("evt_4", 4900), ("evt_3", 2500)):  # the last is older
        deliver(_refund_event(order, card, event_id=event_id, refunded=refunded))
    order.refresh_from_db()
    assert (order.status, order.amount_refunded) == (OrgOrder.Status.REFUNDED, Decimal("49.000"))
    assert sorted(OrgRefund.objects.filter(order=order).values_list("amount", flat=True)) == [
        Decimal("10.000"),
        Decimal("39.000"),
    ]


def test_a_bad_signature_is_a_400_and_stores_nothing(shop, card, deliver):
    order = _card_order(shop, card, "course")
    response = deliver(_session_event(order, card, event_id="evt_bad"), secret="whsec_wrong")
    assert response.status_code == 400
    assert not StripeWebhookEvent.objects.filter(event_id="evt_bad").exists()


def test_an_unknown_account_is_stored_and_flagged(shop, deliver):
    body = event_payload(
        "checkout.session.completed", "acct_nobody", {"id": "cs_x", "metadata": {}}, event_id="evt_unknown"
    )
    assert deliver(body).status_code == 200
    assert StripeWebhookEvent.objects.get(event_id="evt_unknown").status == Inbox.UNKNOWN_ACCOUNT


def test_the_other_mode_is_ignored(shop, card, deliver):
    order = _card_order(shop, card, "course")
    session = {"id": "cs_live", "payment_status": "paid", "metadata": {"order": order.number}}
    body = event_payload(
        "checkout.session.completed", card.account_id, session, event_id="evt_live", livemode=True
    )
    deliver(body)
    assert StripeWebhookEvent.objects.get(event_id="evt_live").status == Inbox.IGNORED
    order.refresh_from_db()
    assert order.status == OrgOrder.Status.AWAITING_PAYMENT


def test_an_order_of_another_org_is_refused(shop, card, org_b, deliver):
    order = _card_order(shop, card, "course")
    session = {"id": "cs_y", "payment_status": "paid", "amount_total": 4900, "currency": "eur",
               "metadata": {"order": order.number, "org": org_b.schema_name}}  # fmt: skip
    body = event_payload("checkout.session.completed", card.account_id, session, event_id="evt_other")
    deliver(body)
    event = StripeWebhookEvent.objects.get(event_id="evt_other")
    assert (event.status, "another organization" in event.last_error) == (Inbox.FAILED, True)
    order.refresh_from_db()
    assert order.status == OrgOrder.Status.AWAITING_PAYMENT


def test_payment_after_cancellation_is_refunded_automatically(shop, card, fake, deliver):
    from apps.payment.services.orders import order_cancel
    from tests.actors import TEST_ACTOR

    order = _card_order(shop, card, "digital")
    order_cancel(actor=TEST_ACTOR, order=order, reason="Took too long")
    intent = fake.payment_add(card.account_id, amount=1990, currency="eur")
    deliver(_session_event(order, card, event_id="evt_late", payment_intent=intent))
    order.refresh_from_db()
    assert order.status == OrgOrder.Status.CANCELLED and "refunded" in order.notice
    refund = OrgRefund.objects.get(order=order)
    assert (refund.amount, refund.status) == (Decimal("19.900"), OrgRefund.Status.SUCCEEDED)
    assert fake.last.path == "/v1/refunds" and fake.last.stripe_account == card.account_id


@pytest.mark.parametrize(
    ("other_ends", "outcome", "status"),
    [("COMMIT", "duplicate", "awaiting_payment"), ("ROLLBACK", "applied", "paid")],
)
def test_a_delivery_racing_another_waits_for_it(shop, card, org_a, other_ends, outcome, status):
    """Another worker holds the event's marker in an open transaction: this delivery waits for it,
    then applies nothing if the other committed, or everything if it rolled back."""
    from django.db import connections

    from apps.payment.services.stripe_events import stripe_event_apply

    order = _card_order(shop, card, "course")
    event = json.loads(_session_event(order, card, event_id=f"evt_race_{other_ends}"))
    other = connections.create_connection("default")
    other.inc_thread_sharing()
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(f'SET LOCAL search_path = "{org_a.schema_name}", public')
            cursor.execute(
                "INSERT INTO org_payment_event_processed (event_id, event_type, processed_at)"
                " VALUES (%s, %s, now())",
                [event["id"], event["type"]],
            )
        finish = threading.Timer(0.5, lambda: other.cursor().execute(other_ends))
        finish.start()
        result = stripe_event_apply(
            event_id=event["id"], event_type=event["type"], data=event["data"]["object"]
        )
        finish.join()
        assert result == outcome
        order.refresh_from_db()
        assert order.status == status
    finally:
        with other.cursor() as cursor:
            cursor.execute(f'SET search_path = "{org_a.schema_name}", public')
            cursor.execute("DELETE FROM org_payment_event_processed WHERE event_id = %s", [event["id"]])
        other.close()


def test_cancelling_a_card_order_closes_its_payment_page(
    shop, card, fake, django_capture_on_commit_callbacks
):
    from apps.payment.services.orders import order_cancel
    from tests.actors import TEST_ACTOR

    order = _card_order(shop, card, "digital")
    session_id = order.payments.get().reference
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(actor=TEST_ACTOR, order=order, reason="Took too long")
    assert fake.last.path == f"/v1/checkout/sessions/{session_id}/expire"
    assert fake.last.stripe_account == card.account_id


def _store(body: bytes) -> str:
    """Keep a signed event in the inbox as the webhook does, without running the task."""
    from apps.org.payment_accounts import stripe_inbox_store

    event = json.loads(body)
    connection.set_schema_to_public()
    stripe_inbox_store(event=event)
    return event["id"]


def test_one_run_applies_a_burst_of_events_each_once(shop, card, org_a):
    """What the webhook enqueues takes every fresh inbox row: several orders paid together, a
    second event of one order and a wrong amount each handled as alone, and a re-run changes nothing."""
    from apps.audit.models import OrgAuditEntry
    from apps.payment.models import OrgCommerceEvent
    from apps.payment.tasks import stripe_events_process

    orders = [_card_order(shop, card, "course") for _ in range(3)]
    digital = _card_order(shop, card, "digital")
    bodies = [_session_event(order, card, event_id=f"evt_burst_{i}") for i, order in enumerate(orders)]
    bodies.append(_session_event(orders[0], card, event_id="evt_burst_again"))  # Stripe sent it twice
    wrong = json.loads(_session_event(digital, card, event_id="evt_burst_wrong"))
    wrong["data"]["object"]["amount_total"] = 1
    bodies.append(json.dumps(wrong).encode())
    event_ids = [_store(body) for body in bodies]

    outcomes = stripe_events_process.apply().get()
    assert outcomes == {"applied": 4, Inbox.PENDING: 1}, outcomes  # the wrong amount waits for staff
    connection.set_tenant(org_a)
    for order in orders:
        order.refresh_from_db()
        assert order.status == OrgOrder.Status.PAID
        assert order.payments.get().payment_intent == "pi_" + order.number
        assert OrgMemberProductCourseEnrollment.objects.get(order_line__order=order).access_tier == 2
    digital.refresh_from_db()
    assert digital.status == OrgOrder.Status.AWAITING_PAYMENT
    assert not OrgPaymentEventProcessed.objects.filter(event_id="evt_burst_wrong").exists()
    counts = (
        OrgMemberProductCourseEnrollment.objects.count(),
        OrgCommerceEvent.objects.count(),
        OrgAuditEntry.objects.filter(verb=OrgAuditEntry.Verb.PAY).count(),
    )
    assert counts == (3, 3, 3)
    connection.set_schema_to_public()
    statuses = dict(
        StripeWebhookEvent.objects.filter(event_id__in=event_ids).values_list("event_id", "status")
    )
    assert statuses == {
        **dict.fromkeys(event_ids[:4], Inbox.PROCESSED),
        "evt_burst_wrong": Inbox.PENDING,
    }

    StripeWebhookEvent.objects.filter(event_id__in=event_ids).update(status=Inbox.PENDING, attempts=0)
    again = stripe_events_process.apply().get()
    assert again == {"duplicate": 4, Inbox.PENDING: 1}, again
    connection.set_tenant(org_a)
    assert (
        OrgMemberProductCourseEnrollment.objects.count(),
        OrgCommerceEvent.objects.count(),
        OrgAuditEntry.objects.filter(verb=OrgAuditEntry.Verb.PAY).count(),
    ) == counts


def test_the_fresh_run_leaves_retried_events_to_the_sweep(shop, card, org_a):
    from apps.payment.tasks import stripe_events_process

    order = _card_order(shop, card, "course")
    event_id = _store(_session_event(order, card, event_id="evt_tried"))
    StripeWebhookEvent.objects.filter(event_id=event_id).update(attempts=1)
    assert stripe_events_process.apply().get() == {}
    assert stripe_events_process.apply(kwargs={"event_ids": [event_id]}).get() == {"applied": 1}


def test_a_burst_of_deliveries_sends_one_run(shop, card, platform_client, monkeypatch):
    """The webhook sends a run only when none is queued; the run, once started, lets the next
    delivery send another."""
    from apps.payment import tasks

    sent = []
    monkeypatch.setattr(tasks.stripe_events_process, "delay", lambda **kwargs: sent.append(kwargs))
    orders = [_card_order(shop, card, "course") for _ in range(3)]
    bodies = [_session_event(order, card, event_id=f"evt_once_{i}") for i, order in enumerate(orders)]
    connection.set_schema_to_public()
    for body in bodies[:2]:
        assert _post(platform_client, body).status_code == 200
    assert sent == [{}]
    assert StripeWebhookEvent.objects.filter(event_id__startswith="evt_once_").count() == 2
    assert tasks.stripe_events_process.apply().get() == {"applied": 2}
    connection.set_schema_to_public()
    assert _post(platform_client, bodies[2]).status_code == 200
    assert sent == [{}, {}]


def test_a_signed_body_that_is_no_event_is_a_400(platform_client):
    body = json.dumps({"id": "x", "object": "charge"}).encode()
    assert _post(platform_client, body).status_code == 400
    assert not StripeWebhookEvent.objects.exists()


def test_paid_sessions_of_many_orders_cost_the_statements_of_few(shop, card, org_a):
    """The batch pays its orders together: six orders take as many statements as two."""
    from django.test.utils import CaptureQueriesContext

    from apps.payment.tasks import stripe_events_process

    def statements(count: int, tag: str) -> int:
        orders = [_card_order(shop, card, "course") for _ in range(count)]
        bodies = [_session_event(order, card, event_id=f"evt_{tag}_{i}") for i, order in enumerate(orders)]
        for body in bodies:
            _store(body)
        with CaptureQueriesContext(connection) as queries:
            assert stripe_events_process.apply().get() == {"applied": count}
        connection.set_tenant(org_a)
        assert (
            OrgOrder.objects.filter(pk__in=[o.pk for o in orders], status=OrgOrder.Status.PAID).count()
            == count
        )
        return len(queries)

    statements(1, "warm")  # caches a first run fills (the course's title)
    assert statements(6, "six") == statements(2, "two")


def test_the_webhook_is_answered_before_the_page_middleware(shop, card, platform_client):
    """No session, language or CSRF work on the webhook (volmify.lean): its answer varies on nothing."""
    body = _session_event(_card_order(shop, card, "course"), card, event_id="evt_lean")
    connection.set_schema_to_public()
    response = _post(platform_client, body)
    assert response.status_code == 200
    assert "Vary" not in response.headers and "sessionid" not in response.cookies
    assert StripeWebhookEvent.objects.filter(event_id="evt_lean").exists()


def test_the_webhook_path_is_not_served_on_an_orgs_domain(shop, card, org_a, host_client):
    order = _card_order(shop, card, "course")
    body = _session_event(order, card, event_id="evt_org_host")
    connection.set_schema_to_public()
    response = host_client(org_a).post(
        "/stripe/webhook/",
        body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(body, settings.STRIPE_WEBHOOK_SECRET),
    )
    assert response.status_code == 404
    connection.set_schema_to_public()
    assert not StripeWebhookEvent.objects.filter(event_id="evt_org_host").exists()
