"""The database itself refuses an unbalanced ledger and any change to its rows (tests that try).

Each test runs in a transaction that is rolled back, so the deferred balance check is brought
forward with ``SET CONSTRAINTS ALL IMMEDIATE`` where a commit would run it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from apps.ledger.models import Account, OrgLedgerEntry, OrgLedgerTransaction
from tests.ledger.factories import LedgerEntryFactory, LedgerTransactionFactory, balanced_transaction


def _check_now() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.fixture
def ledger(org_a, in_org):
    in_org(org_a)


def test_a_balanced_transaction_commits(ledger):
    posted = balanced_transaction(Decimal("12.34"))
    _check_now()
    assert sorted(posted.entries.values_list("account", "amount")) == [
        ("clearing", Decimal("-12.34")),
        ("org_revenue", Decimal("12.34")),
    ]


def test_an_unbalanced_transaction_is_refused_at_commit(ledger):
    refused = pytest.raises(IntegrityError, match=r"does not balance in EUR: its entries sum to 0\.01")
    with refused, transaction.atomic():
        posted = LedgerTransactionFactory()
        LedgerEntryFactory(transaction=posted, account=Account.CLEARING, amount=Decimal("-10.00"))
        LedgerEntryFactory(transaction=posted, amount=Decimal("10.01"))
        _check_now()
    assert not OrgLedgerTransaction.objects.exists()


def test_entries_in_separate_statements_may_balance_by_commit(ledger):
    """Deferred: the check waits for the commit, so a transaction is judged whole."""
    posted = LedgerTransactionFactory()
    LedgerEntryFactory(transaction=posted, account=Account.CLEARING, amount=Decimal("-10.00"))
    LedgerEntryFactory(transaction=posted, amount=Decimal("10.00"))
    _check_now()
    assert OrgLedgerEntry.objects.filter(transaction=posted).count() == 2


def test_balance_is_per_currency(ledger):
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        posted = LedgerTransactionFactory()
        OrgLedgerEntry.objects.bulk_create(
            [
                LedgerEntryFactory.build(
                    transaction=posted, account=Account.CLEARING, amount=Decimal("-10.00"), currency="EUR"
                ),
                LedgerEntryFactory.build(transaction=posted, amount=Decimal("10.00"), currency="USD"),
            ]
        )
        _check_now()


def test_an_old_transaction_cannot_be_unbalanced_later(ledger):
    posted = balanced_transaction()
    _check_now()
    later = LedgerTransactionFactory()
    balanced_transaction()  # a later, balanced one in the same range
    either = f"ledger transaction ({posted.pk}|{later.pk}) does not balance"
    refused = pytest.raises(IntegrityError, match=either)
    with refused, transaction.atomic():
        OrgLedgerEntry.objects.bulk_create(
            [
                LedgerEntryFactory.build(transaction=posted, amount=Decimal("1.00")),
                LedgerEntryFactory.build(transaction=later, amount=Decimal("-1.00")),
            ]
        )
        _check_now()


@pytest.mark.parametrize(("currency", "amount"), [("JPY", "100.5"), ("EUR", "1.001"), ("USD", "2.505")])
def test_an_amount_finer_than_its_currency_is_refused(ledger, currency, amount):
    with pytest.raises(IntegrityError, match="more decimals than the currency has"), transaction.atomic():
        balanced_transaction(Decimal(amount), currency)
        _check_now()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE org_ledger_entry SET amount = amount * 2",
        "DELETE FROM org_ledger_entry",
        "UPDATE org_ledger_transaction SET key = 'x'",
        "DELETE FROM org_ledger_transaction",
        "TRUNCATE org_ledger_entry CASCADE",
    ],
)
def test_ledger_rows_cannot_be_updated_or_deleted(ledger, statement):
    posted = balanced_transaction()
    _check_now()
    refused = pytest.raises(IntegrityError, match="the ledger is append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert sorted(posted.entries.values_list("amount", flat=True)) == [Decimal("-10.00"), Decimal("10.00")]
    assert OrgLedgerTransaction.objects.get(pk=posted.pk).key == posted.key


def test_the_orm_cannot_edit_an_entry_either(ledger):
    entry = balanced_transaction().entries.first()
    entry.amount = Decimal("99.00")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        entry.save()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        OrgLedgerEntry.objects.filter(pk=entry.pk).delete()


def test_the_cloned_org_schemas_carry_the_checks(org_a, org_b):
    """Orgs are cloned from the template schema: the triggers come along and call their own
    schema's functions."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname, t.tgname, pn.nspname FROM pg_trigger t"
            " JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
            " JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace"
            " WHERE t.tgname LIKE 'org_ledger_%%' AND n.nspname = ANY(%s)",
            [[org_a.schema_name, org_b.schema_name]],
        )
        rows = cursor.fetchall()
    assert len(rows) == 10
    assert all(table_schema == function_schema for table_schema, _, function_schema in rows)


def test_a_line_has_one_sale_whatever_its_key(shop):
    """The partial unique index the posting's "not yet posted" probes is also a rule."""
    order = shop.order("course")
    line = order.lines.get()
    LedgerTransactionFactory(key=f"paid:{line.pk}", line_id=line.pk)
    with pytest.raises(IntegrityError, match="org_ledger_transaction_one_sale"), transaction.atomic():
        LedgerTransactionFactory(key="paid:again", line_id=line.pk)
    LedgerTransactionFactory(key="refund:1", kind=OrgLedgerTransaction.Kind.REFUND, line_id=line.pk)
    assert OrgLedgerTransaction.objects.filter(line_id=line.pk).count() == 2
