"""Fixed amounts per month: one balanced transaction per (affiliation, complete month, currency),
on the status and terms standing at the month's first moment; idempotent; into the rollup."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from apps.audit.models import OrgAuditEntry
from apps.instructor.models import InstructorOrgAffiliation, InstructorOrgAffiliationStatusChange
from apps.instructor.services.affiliations import affiliation_status_set, compensation_set
from apps.ledger.models import OrgLedgerEntry, OrgLedgerTransaction
from apps.ledger.rollup import earnings_rollup_refresh
from apps.ledger.selectors import payables
from apps.ledger.services.retainers import complete_months, month_start, next_month, retainers_post
from apps.ledger.tasks import ledger_retainers_post
from apps.org.models import InstructorEarningsRollup
from tests.actors import TEST_ACTOR
from tests.instructor.factories import AffiliationFactory, StatusChangeFactory
from volmify.actors import LEDGER

D = Decimal
SELLS = {"EUR", "USD"}
THIS_MONTH = month_start(datetime.now(UTC))
M1 = next_month(THIS_MONTH)  # the first month wholly under terms set now
M2, M3, M4 = next_month(M1), next_month(next_month(M1)), next_month(next_month(next_month(M1)))


def _terms(affiliation, kind="fixed", amounts=None, percent="0", effective_from=None):
    return compensation_set(
        actor=TEST_ACTOR,
        affiliation=affiliation,
        kind=kind,
        percent=percent,
        amounts={"EUR": {"per_month": "100"}} if amounts is None else amounts,
        selling_currencies=SELLS,
        effective_from=effective_from,
    )


def _retainers() -> list[tuple[str, str, str]]:
    return [
        (t.key.split(":", 2)[2], str(e.amount), e.currency)
        for t in OrgLedgerTransaction.objects.filter(kind="retainer").order_by("key")
        for e in t.entries.filter(account="creator_payable")
    ]


def _check_balance_now() -> None:
    with connection.cursor() as cursor:  # the commit's deferred balance check, now
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture
def retained(org_a, in_org):
    in_org(org_a)
    affiliation = AffiliationFactory(org=org_a)
    _terms(affiliation)
    return affiliation


def test_complete_months_only():
    assert complete_months(M1 + timedelta(days=3), M3) == [M1, M2]
    assert complete_months(M1, M1 + timedelta(days=20)) == []  # the current month waits for its end


def test_each_complete_month_posts_one_balanced_transaction_then_nothing(org_a, retained):
    posted = retainers_post(actor=LEDGER, org=org_a, now=M3 + timedelta(hours=1))
    assert (posted.transactions, posted.entries) == (2, 4)
    # the month the terms started in is not owed (they were not in force at its first moment)
    key = f"{retained.pk}"
    assert _retainers() == [(f"{M1:%Y-%m}:EUR", "100.000", "EUR"), (f"{M2:%Y-%m}:EUR", "100.000", "EUR")]
    assert all(k.startswith(key) for k in [t.key.split(":")[1] for t in OrgLedgerTransaction.objects.all()])
    entries = OrgLedgerEntry.objects.filter(transaction__kind="retainer")
    assert sorted((e.account, e.amount) for e in entries) == [
        ("creator_payable", D("100.000")),
        ("creator_payable", D("100.000")),
        ("org_expense", D("-100.000")),
        ("org_expense", D("-100.000")),
    ]
    _check_balance_now()
    again = retainers_post(actor=LEDGER, org=org_a, now=M3 + timedelta(hours=2))
    assert (again.transactions, again.entries) == (0, 0)
    audited = OrgAuditEntry.objects.filter(object_type="ledger.orgledgertransaction", verb="create")
    assert audited.count() == 2
    assert {entry.changes["month"][1] for entry in audited} == {f"{M1:%Y-%m}", f"{M2:%Y-%m}"}


def test_retainers_reach_the_rollup_as_earned_never_pending(org_a, retained):
    retainers_post(actor=LEDGER, org=org_a, now=M2)
    earnings_rollup_refresh(actor=LEDGER, org=org_a, at=M2)
    row = InstructorEarningsRollup.objects.get(profile_id=retained.profile_id, org=org_a)
    assert (row.month, row.currency, row.earned, row.retainer, row.pending, row.paid) == (
        M1.date(),
        "EUR",
        D("100.000"),
        D("100.000"),
        D("0.000"),
        D("0.000"),
    )
    [owed] = payables(at=M2)
    assert (owed.profile_id, owed.pending, owed.payable) == (retained.profile_id, D("0.00"), D("100.00"))


def test_a_change_of_terms_counts_from_the_next_month(org_a, retained):
    _terms(retained, amounts={"EUR": {"per_month": "150.50"}}, effective_from=M2 + timedelta(days=10))
    retainers_post(actor=LEDGER, org=org_a, now=M4)
    assert [amount for _k, amount, _c in _retainers()] == ["100.000", "100.000", "150.500"]


def test_revenue_share_terms_from_a_date_end_the_fixed_amount_from_the_next_month(org_a, retained):
    _terms(retained, kind="revenue_share", percent="20", amounts={}, effective_from=M1 + timedelta(days=1))
    retainers_post(actor=LEDGER, org=org_a, now=M4)
    assert _retainers() == [(f"{M1:%Y-%m}:EUR", "100.000", "EUR")]


def test_an_affiliation_not_yet_active_at_a_months_start_gets_nothing_for_it(org_a, retained):
    StatusChangeFactory(affiliation=retained, status="invited", changed_at=retained.created_at)
    StatusChangeFactory(affiliation=retained, status="active", changed_at=M1 + timedelta(days=2))
    retainers_post(actor=LEDGER, org=org_a, now=M3)
    assert [key for key, _a, _c in _retainers()] == [f"{M2:%Y-%m}:EUR"]


def test_a_suspended_affiliation_gets_nothing_for_the_months_after(org_a, retained):
    StatusChangeFactory(affiliation=retained, status="active", changed_at=retained.created_at)
    StatusChangeFactory(affiliation=retained, status="suspended", changed_at=M2 + timedelta(days=5))
    StatusChangeFactory(affiliation=retained, status="ended", changed_at=M3 + timedelta(days=1))
    retainers_post(actor=LEDGER, org=org_a, now=M4 + timedelta(days=40))
    # M2 started active (paid); M3 started suspended, M4 and later ended
    assert [key for key, _a, _c in _retainers()] == [f"{M1:%Y-%m}:EUR", f"{M2:%Y-%m}:EUR"]


def test_suspending_through_the_service_records_the_history_and_stops_the_months(org_a, retained):
    affiliation_status_set(actor=TEST_ACTOR, affiliation=retained, status="suspended")
    change = InstructorOrgAffiliationStatusChange.objects.get(affiliation=retained)
    assert change.status == "suspended"
    posted = retainers_post(actor=LEDGER, org=org_a, now=M3)
    assert posted.transactions == 0
    affiliation_status_set(actor=TEST_ACTOR, affiliation=retained, status="active")
    assert retainers_post(actor=LEDGER, org=org_a, now=M3).transactions == 2  # resumed before M1


def test_hybrid_terms_in_two_currencies_post_one_balanced_transaction_each(org_a, in_org):
    in_org(org_a)
    affiliation = AffiliationFactory(org=org_a)
    _terms(
        affiliation,
        kind="hybrid",
        percent="10",
        amounts={"EUR": {"per_sale": "1", "per_month": "20"}, "USD": {"per_month": "25.5"}},
    )
    posted = retainers_post(actor=LEDGER, org=org_a, now=M2)
    assert posted.transactions == 2
    assert _retainers() == [(f"{M1:%Y-%m}:EUR", "20.000", "EUR"), (f"{M1:%Y-%m}:USD", "25.500", "USD")]
    for transaction in OrgLedgerTransaction.objects.filter(kind="retainer"):
        currencies = {e.currency for e in transaction.entries.all()}
        assert len(currencies) == 1
        assert sum(e.amount for e in transaction.entries.all()) == 0
    _check_balance_now()


def test_revenue_share_only_posts_nothing(org_a, in_org):
    in_org(org_a)
    _terms(AffiliationFactory(org=org_a), kind="revenue_share", percent="30", amounts={})
    assert retainers_post(actor=LEDGER, org=org_a, now=M3).transactions == 0


def test_a_currency_the_org_does_not_sell_in_is_refused_and_nothing_posts(org_a, in_org):
    in_org(org_a)
    affiliation = AffiliationFactory(org=org_a)
    with pytest.raises(ValidationError) as caught:
        _terms(affiliation, amounts={"GBP": {"per_month": "100"}})
    assert caught.value.message_dict == {
        "amounts": ["This organization does not sell in GBP; it sells in EUR, USD."]
    }
    assert not affiliation.compensations.exists()
    assert retainers_post(actor=LEDGER, org=org_a, now=M3).transactions == 0
    assert not OrgLedgerTransaction.objects.exists()


def test_another_orgs_affiliations_never_post_here(org_a, org_b, in_org):
    in_org(org_a)
    AffiliationFactory(org=org_a)
    _terms(AffiliationFactory(org=org_a))
    in_org(org_b)
    assert retainers_post(actor=LEDGER, org=org_b, now=M3).transactions == 0
    assert not OrgLedgerTransaction.objects.exists()
    with pytest.raises(RuntimeError):  # org a's retainers never post into org b's ledger
        retainers_post(actor=LEDGER, org=org_a, now=M3)
    in_org(org_a)
    assert retainers_post(actor=LEDGER, org=org_a, now=M3).transactions == 2


def test_the_task_posts_complete_months_of_the_orgs_schema(org_a, in_org):
    in_org(org_a)
    affiliation = AffiliationFactory(org=org_a)
    compensation = _terms(affiliation)
    # terms in force since long ago (the service refuses past dates; the history is a test's)
    type(compensation).objects.filter(pk=compensation.pk).update(
        effective_from=month_start(THIS_MONTH - timedelta(days=10))
    )
    InstructorOrgAffiliation.objects.filter(pk=affiliation.pk).update(
        created_at=THIS_MONTH - timedelta(days=80)
    )
    assert ledger_retainers_post.apply().get() == {"transactions": 1, "entries": 2}
    assert ledger_retainers_post.apply().get() == {"transactions": 0, "entries": 0}
    row = InstructorEarningsRollup.objects.get(profile_id=affiliation.profile_id, org=org_a)
    assert row.retainer == D("100.000")
