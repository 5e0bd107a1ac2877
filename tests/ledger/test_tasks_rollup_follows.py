"""The ledger task sends the org's earnings rollup when it posted something, so a creator's
dashboard follows a sale or a refund at once; a re-run that posts nothing sends nothing."""

from __future__ import annotations

from apps.ledger import tasks
from apps.payment.events import order_lines_paid
from apps.payment.models import OrgOrderLine
from apps.payment.services.orders import order_mark_paid
from apps.product.attribution import Credit, attribution_set
from tests.actors import TEST_ACTOR
from tests.instructor.factories import affiliation_with_share


def test_posting_sends_the_rollup_and_a_rerun_does_not(
    shop, org_a, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(tasks.earnings_rollup, "apply_async", lambda **options: sent.append(options))
    affiliation = affiliation_with_share(org_a, "30")
    product = shop.plans["course"].variant.product
    attribution_set(
        actor=TEST_ACTOR, product=product, credits=[Credit(affiliation.profile_id, "author", "100")]
    )
    order = shop.order("course")
    order_mark_paid(actor=TEST_ACTOR, order=order, amount=order.total)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.ledger_post()["transactions"] == 1
    assert sent == [{"kwargs": {}, "headers": {"_schema_name": org_a.schema_name}, "countdown": None}]
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.ledger_post()["transactions"] == 0
    assert len(sent) == 1


def test_card_payments_paid_in_a_batch_send_the_ledger_task(
    shop, org_a, monkeypatch, django_capture_on_commit_callbacks
):
    """``orders_mark_paid_many`` (Stripe's confirmations, in batches) announces ``order_lines_paid``
    once for all its lines; the ledger posts them at once, not at the next sweep."""
    sent = []
    monkeypatch.setattr(tasks.ledger_post, "apply_async", lambda **options: sent.append(options))
    order = shop.order("course")
    with django_capture_on_commit_callbacks(execute=True):
        order_lines_paid.send(
            sender=OrgOrderLine, lines=[(line, order) for line in order.lines.all()], actor=TEST_ACTOR
        )
    assert sent == [{"headers": {"_schema_name": org_a.schema_name}}]
