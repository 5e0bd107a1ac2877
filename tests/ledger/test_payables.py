"""What the org owes each creator (pending inside the refund window, payable, paid), recorded
payouts, and the public earnings rollup."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.audit.models import OrgAuditEntry
from apps.ledger.models import OrgLedgerPayout, OrgLedgerTransaction
from apps.ledger.rollup import earnings_rollup_refresh
from apps.ledger.selectors import Payable, ledger_settings, payables
from apps.ledger.services.payouts import ledger_settings_update, payout_record
from apps.ledger.services.posting import ledger_post_pending
from apps.member.models import OrgMember
from apps.org.models import InstructorEarningsRollup
from apps.payment.services.orders import order_mark_paid
from apps.payment.services.refunds import refund_request
from tests.actors import TEST_ACTOR
from tests.ledger.conftest import share
from tests.ledger.factories import EarningsRollupFactory
from tests.member.factories import OrgMemberFactory
from volmify.actors import LEDGER

D = Decimal


def TODAY() -> date:
    return timezone.localdate()


def _pay(actor=TEST_ACTOR, **changes):
    values = {"profile_id": 11, "currency": "EUR", "amount": D("1.00"), "paid_on": TODAY(), "reference": "x"}
    return payout_record(actor=actor, **(values | changes))


@pytest.fixture
def earned(shop, creators):
    """Creator 11 earns 40% of a paid course line (49.00 EUR): 19.60."""
    creators({shop.plans["course"].variant.product_id: [share(11, "40")]})
    order = shop.order("course")
    order = order_mark_paid(actor=TEST_ACTOR, order=order, amount=order.total).order
    ledger_post_pending(actor=LEDGER)
    return order


def test_earnings_stay_pending_inside_the_refund_window(earned):
    assert ledger_settings().refund_window_days == 30
    assert payables() == [Payable(11, "EUR", pending=D("19.60"), payable=D("0.00"), paid=D("0.00"))]
    later = timezone.now() + timedelta(days=31)
    assert payables(at=later) == [Payable(11, "EUR", pending=D("0.00"), payable=D("19.60"), paid=D("0.00"))]


def test_a_recorded_payout_posts_to_the_ledger_and_is_audited(earned):
    ledger_settings_update(actor=TEST_ACTOR, refund_window_days=0)
    payout = payout_record(
        actor=TEST_ACTOR,
        profile_id=11,
        currency="EUR",
        amount=D("15.00"),
        paid_on=TODAY(),
        reference="SEPA 2026-12",
    )
    assert payables() == [Payable(11, "EUR", pending=D("0.00"), payable=D("4.60"), paid=D("15.00"))]
    posted = OrgLedgerTransaction.objects.get(key=f"payout:{payout.pk}")
    assert sorted(posted.entries.values_list("account", "amount")) == [
        ("clearing", D("15.000")),
        ("creator_payable", D("-15.000")),
    ]
    assert (
        OrgAuditEntry.objects.filter(
            verb="pay", object_type="ledger.orgledgerpayout", object_id=str(payout.pk)
        ).count()
        == 1
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": D("4.61")}, "At most 4.60 EUR"),
        ({"amount": D("0")}, "greater than zero"),
        ({"amount": D("1.001")}, "at most 2 decimal places"),
        ({"reference": "  "}, "reference"),
        ({"paid_on": TODAY() + timedelta(days=1)}, "future"),
        ({"currency": "USD"}, "no earnings in USD"),
        ({"profile_id": 99}, "no earnings"),
    ],
)
def test_bad_payouts_are_refused_and_nothing_changes(earned, changes, message):
    ledger_settings_update(actor=TEST_ACTOR, refund_window_days=0)
    payout_record(
        actor=TEST_ACTOR,
        profile_id=11,
        currency="EUR",
        amount=D("15.00"),
        paid_on=TODAY(),
        reference="A",
    )
    before = payables()
    with pytest.raises(ValidationError, match=message):
        _pay(**({"amount": D("5.00"), "reference": "B"} | changes))
    assert payables() == before
    assert OrgLedgerPayout.objects.count() == 1


def test_earnings_inside_the_window_cannot_be_paid_out_yet(earned):
    with pytest.raises(ValidationError, match=r"At most 0\.00 EUR"):
        payout_record(
            actor=TEST_ACTOR,
            profile_id=11,
            currency="EUR",
            amount=D("1.00"),
            paid_on=TODAY(),
            reference="x",
        )


def test_only_an_admin_records_a_payout(earned):
    learner = OrgMemberFactory(role=OrgMember.Role.LEARNER)
    with pytest.raises(PermissionDenied):
        payout_record(
            actor=learner.user,
            profile_id=11,
            currency="EUR",
            amount=D("1.00"),
            paid_on=TODAY(),
            reference="x",
        )
    assert not OrgLedgerPayout.objects.exists()


def test_another_org_sees_none_of_the_ledger(earned, org_b, in_org):
    in_org(org_b)
    assert payables() == []
    with pytest.raises(ValidationError, match="no earnings"):
        payout_record(
            actor=TEST_ACTOR,
            profile_id=11,
            currency="EUR",
            amount=D("1.00"),
            paid_on=TODAY(),
            reference="x",
        )
    assert not OrgLedgerTransaction.objects.exists()


def _rollup_rows():
    return list(
        InstructorEarningsRollup.objects.values_list(
            "profile_id", "org_id", "currency", "earned", "pending", "paid"
        )
    )


def test_the_rollup_writes_absolute_totals_and_a_rerun_writes_nothing(earned, org_a, org_b, in_org):
    assert earnings_rollup_refresh(actor=LEDGER, org=org_a) == 1
    assert _rollup_rows() == [(11, org_a.pk, "EUR", D("19.600"), D("19.600"), D("0.000"))]
    assert earnings_rollup_refresh(actor=LEDGER, org=org_a) == 0
    line = earned.lines.get()
    refund_request(actor=TEST_ACTOR, order=earned, line=line, amount=D("49.00"), reason="Refunded")
    ledger_post_pending(actor=LEDGER)
    assert earnings_rollup_refresh(actor=LEDGER, org=org_a) == 1
    assert _rollup_rows() == [(11, org_a.pk, "EUR", D("0.000"), D("0.000"), D("0.000"))]
    in_org(org_b)
    assert earnings_rollup_refresh(actor=LEDGER, org=org_b) == 0  # org B has no earnings to add
    assert InstructorEarningsRollup.objects.filter(org=org_b).count() == 0


def test_a_rollup_killed_midway_is_completed_by_the_next_run(earned, org_a):
    """A run killed before its commit leaves what the last complete run wrote (here a stale
    row, as if a sale came after it); the next run replaces it with the absolute totals."""
    month = timezone.now().date().replace(day=1)
    EarningsRollupFactory(profile_id=11, org=org_a, currency="EUR", month=month, earned=D("3"))
    earnings_rollup_refresh(actor=LEDGER, org=org_a)
    earnings_rollup_refresh(actor=LEDGER, org=org_a)
    assert _rollup_rows() == [(11, org_a.pk, "EUR", D("19.600"), D("19.600"), D("0.000"))]


def test_the_rollup_runs_only_in_its_own_org(earned, org_b):
    with pytest.raises(RuntimeError):
        earnings_rollup_refresh(actor=LEDGER, org=org_b)
