"""Ledger rows of the org whose schema is active (written as a posting would: a transaction, then
its entries in one statement)."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone

from apps.ledger.models import Account, OrgLedgerEntry, OrgLedgerTransaction
from apps.org.models import InstructorEarningsRollup
from apps.payment.models import OrgCommerceEvent


class LedgerTransactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgLedgerTransaction

    key = factory.Sequence(lambda n: f"test:{n}")
    kind = OrgLedgerTransaction.Kind.SALE
    occurred_at = factory.LazyFunction(timezone.now)


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgLedgerEntry

    transaction = factory.SubFactory(LedgerTransactionFactory)
    account = Account.ORG_REVENUE
    currency = "EUR"
    amount = Decimal("10.00")


def balanced_transaction(amount: Decimal = Decimal("10.00"), currency: str = "EUR") -> OrgLedgerTransaction:
    """A sale of ``amount`` all kept by the org: clearing -amount, revenue +amount (one statement)."""
    transaction = LedgerTransactionFactory()
    LedgerEntryFactory._meta.model.objects.bulk_create(
        [
            LedgerEntryFactory.build(
                transaction=transaction, account=Account.CLEARING, amount=-amount, currency=currency
            ),
            LedgerEntryFactory.build(transaction=transaction, amount=amount, currency=currency),
        ]
    )
    return transaction


class CommerceEventFactory(factory.django.DjangoModelFactory):
    """A commerce event of ``line`` (as the payment app writes them)."""

    class Meta:
        model = OrgCommerceEvent

    line = None
    order = factory.LazyAttribute(lambda event: event.line.order)
    kind = OrgCommerceEvent.Kind.LINE_PAID
    amount = factory.LazyAttribute(lambda event: event.line.total)
    currency = factory.LazyAttribute(lambda event: event.line.order.currency)


class EarningsRollupFactory(factory.django.DjangoModelFactory):
    """A row of the public earnings rollup (as an earlier run of the rollup left it)."""

    class Meta:
        model = InstructorEarningsRollup

    refreshed_at = factory.LazyFunction(timezone.now)
