"""Posting paid lines, refunds and lost disputes to the ledger, exactly once."""

from __future__ import annotations

import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from apps.ledger.models import OrgLedgerEntry, OrgLedgerTransaction
from apps.ledger.services import posting
from apps.ledger.services.posting import ledger_post_pending, line_reversals_post
from apps.payment.models import OrgCommerceEvent
from apps.payment.services.orders import order_mark_paid
from apps.payment.services.refunds import dispute_close, refund_request
from tests.actors import TEST_ACTOR
from tests.ledger.conftest import share
from tests.ledger.factories import CommerceEventFactory
from volmify.actors import LEDGER

D = Decimal


def _check_now() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _paid(shop, *names):
    order = shop.order(*names)
    return order_mark_paid(actor=TEST_ACTOR, order=order, amount=order.total).order


def _balances(line) -> dict:
    totals: dict = defaultdict(Decimal)
    for account, profile, amount in OrgLedgerEntry.objects.filter(transaction__line=line).values_list(
        "account", "profile_id", "amount"
    ):
        totals[(account, profile)] += amount
    return {key: value for key, value in totals.items() if value}


def _product_of(shop, name):
    return shop.plans[name].variant.product_id


def test_a_paid_line_posts_the_org_and_its_creators(shop, creators):
    calls = creators({_product_of(shop, "course"): [share(11, "30", "0.5"), share(12, "30", "0.5")]})
    order = _paid(shop, "course", "digital")
    run = ledger_post_pending(actor=LEDGER)
    _check_now()
    assert (run.posted.transactions, run.refused_lines) == (2, [])
    assert len(calls) == 1  # one call for the whole batch, whatever its moments of sale
    course, digital = order.lines.get(product_type="course"), order.lines.get(product_type="digital")
    assert _balances(course) == {
        ("clearing", None): D("-49.00"),
        ("org_revenue", None): D("34.30"),
        ("creator_payable", 11): D("7.35"),
        ("creator_payable", 12): D("7.35"),
    }
    assert _balances(digital) == {("clearing", None): D("-19.90"), ("org_revenue", None): D("19.90")}
    assert set(OrgLedgerTransaction.objects.values_list("key", flat=True)) == {
        f"paid:{course.pk}",
        f"paid:{digital.pk}",
    }


def test_the_platform_fee_comes_off_the_basis(shop, creators):
    creators({_product_of(shop, "course"): [share(11, "50")]})
    order = _paid(shop, "course", "digital")
    type(order).objects.filter(pk=order.pk).update(application_fee=D("6.89"))  # 10% of 68.90
    ledger_post_pending(actor=LEDGER)
    course = order.lines.get(product_type="course")
    assert _balances(course) == {
        ("clearing", None): D("-49.00"),
        ("platform_fee", None): D("4.90"),
        ("org_revenue", None): D("22.05"),
        ("creator_payable", 11): D("22.05"),
    }
    assert _balances(order.lines.get(product_type="digital"))[("platform_fee", None)] == D("1.99")


def test_a_rerun_or_a_duplicated_event_posts_nothing(shop, creators):
    creators({})
    order = _paid(shop, "course")
    ledger_post_pending(actor=LEDGER)
    before = list(OrgLedgerEntry.objects.values_list("pk", "amount"))
    CommerceEventFactory(line=order.lines.get())  # the same "paid" twice
    again = ledger_post_pending(actor=LEDGER)
    assert again.posted == posting.Posted()
    assert list(OrgLedgerEntry.objects.values_list("pk", "amount")) == before


def test_refunds_post_the_difference_and_a_full_refund_ends_at_zero(shop, creators):
    creators({_product_of(shop, "course"): [share(11, "40")]})
    order = _paid(shop, "course")
    line = order.lines.get()
    refund_request(
        actor=TEST_ACTOR, order=order, line=line, amount=D("10.00"), reason="Late", revokes_access=False
    )
    ledger_post_pending(actor=LEDGER)
    assert _balances(line) == {
        ("clearing", None): D("-39.00"),
        ("org_revenue", None): D("23.40"),
        ("creator_payable", 11): D("15.60"),
    }
    refund_request(actor=TEST_ACTOR, order=order, line=line, amount=D("39.00"), reason="The rest")
    ledger_post_pending(actor=LEDGER)
    _check_now()
    assert _balances(line) == {}
    kinds = OrgLedgerTransaction.objects.filter(line=line).values_list("kind", flat=True)
    assert sorted(kinds) == ["refund", "refund", "sale"]


@pytest.mark.parametrize("seed", range(6))
def test_any_sequence_of_partial_refunds_ending_in_a_full_one_leaves_nobody_anything(shop, creators, seed):
    rng = random.Random(seed)
    terms = [share(20 + n, str(rng.randint(1, 100)), str(D(rng.randint(1, 33)) / 100)) for n in range(3)]
    creators({_product_of(shop, "course"): terms, _product_of(shop, "digital"): terms[:1]})
    order = _paid(shop, "course", "digital")
    type(order).objects.filter(pk=order.pk).update(application_fee=D(rng.randint(0, 689)) / 100)
    ledger_post_pending(actor=LEDGER)
    lines = list(order.lines.all())
    for _ in range(rng.randint(1, 5)):
        line = rng.choice(lines)
        line.refresh_from_db()
        left = line.total - line.amount_refunded
        if left <= D("0.01"):
            continue
        amount = D(rng.randint(1, int(left * 100) - 1)) / 100
        refund_request(
            actor=TEST_ACTOR, order=order, line=line, amount=amount, reason="Part", revokes_access=False
        )
        if rng.random() < 0.5:
            ledger_post_pending(actor=LEDGER)
            assert all(
                amount >= 0 for (account, _), amount in _balances(line).items() if account != "clearing"
            )
    order.refresh_from_db()
    refund_request(actor=TEST_ACTOR, order=order, amount=order.total - order.amount_refunded, reason="All")
    ledger_post_pending(actor=LEDGER)
    _check_now()
    for line in lines:
        assert _balances(line) == {}


def test_a_lost_dispute_takes_back_everything_posted(shop, creators):
    creators({_product_of(shop, "course"): [share(11, "40")]})
    order = _paid(shop, "course")
    line = order.lines.get()
    refund_request(
        actor=TEST_ACTOR, order=order, line=line, amount=D("9.00"), reason="Late", revokes_access=False
    )
    ledger_post_pending(actor=LEDGER)
    order.payments.update(status="succeeded")
    dispute_close(actor=TEST_ACTOR, order=order, reference="dp_1", amount=D("40.00"), won=False)
    ledger_post_pending(actor=LEDGER)
    _check_now()
    assert _balances(line) == {}
    assert OrgLedgerTransaction.objects.filter(line=line, kind="dispute_lost").count() == 1


def test_a_refund_larger_than_what_is_left_is_refused_and_nothing_is_posted(shop, creators):
    creators({})
    order = _paid(shop, "course")
    line = order.lines.get()
    ledger_post_pending(actor=LEDGER)
    before = OrgLedgerEntry.objects.count()
    CommerceEventFactory(line=line, kind=OrgCommerceEvent.Kind.LINE_REFUNDED, amount=D("49.01"))
    with pytest.raises(ValidationError, match="more than what is left of the line"):
        line_reversals_post(actor=LEDGER, line_id=line.pk)
    run = ledger_post_pending(actor=LEDGER)
    assert run.refused_lines == [line.pk]
    assert OrgLedgerEntry.objects.count() == before


def test_a_run_killed_in_the_middle_is_completed_by_the_next_with_nothing_doubled(
    shop, creators, monkeypatch
):
    creators({_product_of(shop, "course"): [share(11, "40")]})
    orders = [_paid(shop, "course", "digital") for _ in range(3)]
    refund_request(actor=TEST_ACTOR, order=orders[0], amount=D("20.00"), reason="Part", revokes_access=False)
    monkeypatch.setattr(posting, "SALES_BATCH", 2)

    def killed(**kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(posting, "line_reversals_post", killed)
    with pytest.raises(SystemExit):
        ledger_post_pending(actor=LEDGER)
    assert OrgLedgerTransaction.objects.filter(kind="sale").count() == 6  # its batches committed
    monkeypatch.undo()
    creators({_product_of(shop, "course"): [share(11, "40")]})
    ledger_post_pending(actor=LEDGER)
    ledger_post_pending(actor=LEDGER)
    _check_now()
    assert OrgLedgerTransaction.objects.filter(kind="sale").count() == 6
    assert OrgLedgerTransaction.objects.filter(kind="refund").count() == 2  # one per line of the order
    payable = OrgLedgerEntry.objects.filter(account="creator_payable").values_list("amount", flat=True)
    # 40% of two whole course lines, and of the first one's 49.00 - 14.22 (its part of the 20.00 refund)
    assert sum(payable) == D("19.60") * 2 + D("13.91")


def test_paying_an_order_posts_it_once_the_transaction_commits(
    shop, creators, django_capture_on_commit_callbacks
):
    creators({})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order = _paid(shop, "course", "digital")
    ledger_callbacks = [callback for callback in callbacks if hasattr(callback, "ledger_schema")]
    assert [callback.ledger_schema for callback in ledger_callbacks] == [connection.schema_name]
    assert not OrgLedgerTransaction.objects.exists()
    ledger_callbacks[0]()  # the task runs eagerly in tests
    assert OrgLedgerTransaction.objects.filter(line__order=order).count() == 2
