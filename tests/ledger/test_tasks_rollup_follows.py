"""The ledger task sends the org's earnings rollup when it posted something, so a creator's
dashboard follows a sale or a refund at once; a re-run that posts nothing sends nothing."""

from __future__ import annotations

from apps.ledger import tasks
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
    assert sent == [{"headers": {"_schema_name": org_a.schema_name}}]
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.ledger_post()["transactions"] == 0
    assert len(sent) == 1
