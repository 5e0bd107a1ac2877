"""Posting the payment app's commerce events (``OrgCommerceEvent`` rows) to the ledger.

- **Sales** are posted set-based (``sales_post``): one query reads a batch of paid lines not yet
  posted, their division is computed in Python (``apps.ledger.split``), and one statement inserts
  every transaction (``ON CONFLICT (key) DO NOTHING``) and the entries of those it inserted. A
  re-run, a duplicated event or a concurrent task inserts nothing (the key "paid:<line id>").
- **Refunds and lost disputes** (``line_reversals_post``) post, per event and in the order they
  happened, what the line's division should be now (on what is left of its amount; nothing after
  a lost dispute) minus what was posted for it, so any sequence of partial refunds that ends in a
  full one brings every account of the line to exactly zero. The line is locked while it posts.

A creator's terms are those of the moment of sale (``creator_terms_at``, for a whole batch).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from apps.instructor.terms import CreatorTerm
from apps.ledger.models import OrgLedgerEntry, OrgLedgerTransaction
from apps.ledger.split import (
    LineFacts,
    Rate,
    UnitRates,
    creator_rates,
    line_split,
    sale_entries,
    unit_rates,
)
from apps.payment.models import OrgCommerceEvent, OrgOrderLine
from apps.payment.money import money_allocate
from apps.product import attribution
from volmify.actors import Actor, actor_check

logger = logging.getLogger(__name__)
Kind = OrgCommerceEvent.Kind
SALES_BATCH = 25_000
ANALYZE_AFTER = 5_000
REVERSAL_KINDS = {Kind.LINE_REFUNDED: "refund", Kind.LINE_DISPUTE_LOST: "dispute_lost"}

# A line's sale is found through the unique partial index on (line_id) of sale transactions (one
# per line, like its key "paid:<line>"): an index probe per event whatever plan the planner picks,
# never a scan of the whole ledger per event.
_PENDING_SALES = """
SELECT l.id, l.product_id, l.quantity, l.total, o.id, o.currency, o.application_fee, o.paid_at::text, o.total
  FROM org_commerce_event ev
  JOIN org_order_line l ON l.id = ev.line_id
  JOIN org_order o ON o.id = l.order_id
 WHERE ev.kind = 'line_paid' {only}
   AND NOT EXISTS (SELECT 1 FROM org_ledger_transaction t WHERE t.line_id = ev.line_id AND t.kind = 'sale')
 ORDER BY ev.id
 LIMIT %s
"""

_ORDER_LINES = "SELECT order_id, id, total FROM org_order_line WHERE order_id = ANY(%s) ORDER BY id"

# Columns travel as comma-separated text (no value holds a comma), parsed by the server: for a batch
# of 100,000 entries that is several times faster than binding Python lists as arrays. The
# transactions' ids are drawn from their sequence beforehand (``_IDS``), so each entry names its
# transaction by id: no join of the entries with the inserted transactions on their text keys, only
# a hashed test that their transaction was inserted (not already there: ``ON CONFLICT``).
_IDS = "SELECT nextval(pg_get_serial_sequence('org_ledger_transaction', 'id')) FROM generate_series(1, %s)"
_INSERT = """
WITH t AS (
    INSERT INTO org_ledger_transaction (id, key, kind, line_id, sold_at, occurred_at)
    SELECT x.id, x.key, %s, x.line_id, x.sold_at, x.occurred_at
      FROM unnest(string_to_array(%s, ',')::bigint[], string_to_array(%s, ','),
                  string_to_array(%s, ',', '')::bigint[], string_to_array(%s, ',', '')::timestamptz[],
                  string_to_array(%s, ',')::timestamptz[])
           AS x(id, key, line_id, sold_at, occurred_at)
    ON CONFLICT (key) DO NOTHING
    RETURNING id
), e AS (
    INSERT INTO org_ledger_entry (transaction_id, account, profile_id, currency, amount)
    SELECT x.transaction_id, x.account, x.profile_id, x.currency, x.amount
      FROM unnest(string_to_array(%s, ',')::bigint[], string_to_array(%s, ','),
                  string_to_array(%s, ',', '')::bigint[], string_to_array(%s, ','),
                  string_to_array(%s, ',')::numeric[])
           AS x(transaction_id, account, profile_id, currency, amount)
     WHERE x.transaction_id IN (SELECT id FROM t)
    RETURNING 1
)
SELECT (SELECT count(*) FROM t), (SELECT count(*) FROM e)
"""


@dataclass(frozen=True)
class Posted:
    transactions: int = 0
    entries: int = 0

    def __add__(self, other: Posted) -> Posted:
        return Posted(self.transactions + other.transactions, self.entries + other.entries)


@dataclass
class _Batch:
    """Transactions and their entries as columns of text, for one ``unnest`` insert; each entry
    knows its transaction by position until the insert gives the transactions their ids."""

    keys: list[str]
    line_ids: list[str]
    sold_at: list[str]
    occurred_at: list[str]
    entry_columns: tuple[list[int], list[str], list[str], list[str], list[str]]
    moments: dict[datetime, str]

    @classmethod
    def empty(cls) -> _Batch:
        return cls([], [], [], [], ([], [], [], [], []), {})

    def _moment(self, value: datetime | None) -> str:
        if value is None:
            return ""
        text = self.moments.get(value)
        if text is None:
            text = self.moments[value] = value.isoformat()
        return text

    def add(
        self,
        key: str,
        *,
        line_id: int | None,
        sold_at: datetime | None,
        occurred_at: datetime,
        currency: str,
        entries: Sequence[tuple[str, int | None, Decimal | str]],
    ) -> None:
        """One transaction and its entries (amounts as Decimals or as their text)."""
        position = len(self.keys)
        self.keys.append(key)
        self.line_ids.append("" if line_id is None else str(line_id))
        self.sold_at.append(self._moment(sold_at))
        self.occurred_at.append(self._moment(occurred_at))
        owners, accounts, profiles, currencies, amounts = self.entry_columns
        for account, profile_id, amount in entries:
            owners.append(position)
            accounts.append(str(account))
            profiles.append("" if profile_id is None else str(profile_id))
            currencies.append(currency)
            amounts.append(str(amount))

    def insert(self, kind: str) -> Posted:
        if not self.keys:
            return Posted()
        owners, *entry_columns = self.entry_columns
        with connection.cursor() as cursor:
            cursor.execute(_IDS, [len(self.keys)])
            ids = [str(row[0]) for row in cursor.fetchall()]
            transaction_ids = ",".join([ids[position] for position in owners])
            columns = (",".join(ids), *(",".join(c) for c in (self.keys, self.line_ids, self.sold_at)))
            cursor.execute(
                _INSERT,
                [
                    kind,
                    *columns,
                    ",".join(self.occurred_at),
                    transaction_ids,
                    *(",".join(column) for column in entry_columns),
                ],
            )
            transactions, entries = cursor.fetchone()
        return Posted(transactions, entries)


def terms_for_lines(lines: Sequence[tuple[int, datetime]]) -> dict[datetime, dict[int, list[CreatorTerm]]]:
    """The creators' terms of each moment of sale and product (``[moment][product]``): one call of
    the product app's ``creator_terms_at`` for the whole batch, whatever the number of moments
    (each order is paid at its own)."""
    if not lines:
        return {}
    return attribution.creator_terms_at(
        product_ids={product_id for product_id, _m in lines}, moments={moment for _p, moment in lines}
    )


def _line_fees(
    order_ids: Sequence[int], fees: dict[int, Decimal], currencies: dict[int, str]
) -> dict[int, Decimal]:
    """Each line's part of its order's application fee (in proportion to the lines' totals)."""
    if not order_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_ORDER_LINES, [list(order_ids)])
        rows = cursor.fetchall()
    by_order: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for order_id, line_id, total in rows:
        by_order[order_id].append((line_id, total))
    shares: dict[int, Decimal] = {}
    for order_id, lines in by_order.items():
        parts = money_allocate(fees[order_id], [total for _, total in lines], currencies[order_id])
        shares.update((line_id, part) for (line_id, _), part in zip(lines, parts, strict=True))
    return shares


def _pending_sales(limit: int, line_ids: Sequence[int] | None) -> list[tuple]:
    only = "AND ev.line_id = ANY(%s)" if line_ids is not None else ""
    params: list = [list(line_ids)] if line_ids is not None else []
    with connection.cursor() as cursor:
        cursor.execute(_PENDING_SALES.format(only=only), [*params, limit])
        return cursor.fetchall()


def line_facts_for(rows: Sequence[tuple]) -> list[tuple[LineFacts, datetime]]:
    """Rows of ``_PENDING_SALES`` as line facts, each with its moment of sale (read as text and
    parsed once per distinct moment: an order's lines share one)."""
    moments: dict[str, datetime] = {}
    for row in rows:
        if row[7] not in moments:
            moments[row[7]] = datetime.fromisoformat(row[7])
    # an order of one line gives it the whole fee; the others divide it between their lines
    line_fees = {row[0]: row[6] for row in rows if row[6] and row[3] == row[8]}
    fees = {row[4]: row[6] for row in rows if row[6] and row[3] != row[8]}
    currencies = {row[4]: row[5] for row in rows}
    line_fees.update(_line_fees(sorted(fees), fees, currencies))
    return [
        (
            LineFacts(
                line_id=line_id,
                product_id=product_id,
                currency=currency,
                quantity=quantity,
                amount=total,
                platform_fee=line_fees.get(line_id, Decimal(0)),
            ),
            moments[paid_at],
        )
        for line_id, product_id, quantity, total, _, currency, _, paid_at, _ in rows
    ]


@transaction.atomic
def sales_post(*, actor: Actor, line_ids: Sequence[int] | None = None, limit: int = SALES_BATCH) -> Posted:
    """Post up to ``limit`` paid lines not yet in the ledger (only ``line_ids`` when given), in one
    statement. Posting them again posts nothing."""
    actor_check(actor)
    facts = line_facts_for(_pending_sales(limit, line_ids))
    terms = terms_for_lines([(line.product_id, paid_at) for line, paid_at in facts])
    batch = _Batch.empty()
    # moments under the same terms share one list object (``creator_terms_at``): rates once per list
    rates: dict[tuple[int, str], tuple[tuple[Rate, ...], UnitRates | None]] = {}
    none: list[CreatorTerm] = []
    for line, paid_at in facts:
        line_terms = terms.get(paid_at, {}).get(line.product_id, none)
        found = (id(line_terms), line.currency)
        if found not in rates:
            decimal_rates = creator_rates(line_terms, line.currency)
            rates[found] = (decimal_rates, unit_rates(decimal_rates, line.currency))
        decimal_rates, whole_rates = rates[found]
        whole = sale_entries(line, whole_rates) if whole_rates is not None else None
        entries: Sequence[tuple[str, int | None, Decimal | str]] = (
            whole if whole is not None else line_split(line, (), rates=decimal_rates).entries()
        )
        batch.add(
            f"paid:{line.line_id}",
            line_id=line.line_id,
            sold_at=paid_at,
            occurred_at=paid_at,
            currency=line.currency,
            entries=entries,
        )
    posted = batch.insert(OrgLedgerTransaction.Kind.SALE)
    if posted.transactions >= ANALYZE_AFTER:
        # Autovacuum has not seen a batch this transaction added: without fresh statistics the
        # planner takes the ledger for empty and the next "not yet posted" probe compares every
        # pending event with every sale (a nested loop, minutes at 30,000 lines).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE org_ledger_transaction")
    return posted


def _posted_by_account(line_id: int) -> dict[tuple[str, int | None], Decimal]:
    totals: dict[tuple[str, int | None], Decimal] = defaultdict(Decimal)
    rows = OrgLedgerEntry.objects.filter(transaction__line_id=line_id).values_list(
        "account", "profile_id", "amount"
    )
    for account, profile_id, amount in rows:
        totals[(account, profile_id)] += amount
    return totals


def _sale_facts(line_id: int) -> tuple[LineFacts, datetime]:
    """The line as its sale was posted (the same facts, the same fee share)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _PENDING_SALES.replace("AND NOT EXISTS", "AND EXISTS").format(only="AND ev.line_id = ANY(%s)"),
            [[line_id], 1],
        )
        rows = cursor.fetchall()
    if not rows:
        raise ValidationError(_("This line was never paid, so it has nothing to refund."))
    return line_facts_for(rows)[0]


@transaction.atomic
def line_reversals_post(*, actor: Actor, line_id: int) -> Posted:
    """Post the line's refunds and lost dispute not yet posted, in the order they happened: each
    moves every account of the line from what was posted to what it should be now. A refund that
    takes more than what is left of the line is refused (nothing is posted for the line)."""
    actor_check(actor)
    OrgOrderLine.objects.select_for_update().filter(pk=line_id).first()
    posted = sales_post(actor=actor, line_ids=[line_id])
    events = list(
        OrgCommerceEvent.objects.filter(line_id=line_id, kind__in=list(REVERSAL_KINDS)).order_by("pk")
    )
    if not events:
        return posted
    keys = {f"{REVERSAL_KINDS[Kind(event.kind)]}:{event.pk}": event for event in events}
    done = set(OrgLedgerTransaction.objects.filter(key__in=list(keys)).values_list("key", flat=True))
    line, paid_at = _sale_facts(line_id)
    terms = terms_for_lines([(line.product_id, paid_at)]).get(paid_at, {}).get(line.product_id, [])
    balances = _posted_by_account(line_id)
    refunded, lost = Decimal(0), False
    for key, event in keys.items():
        if event.kind == Kind.LINE_DISPUTE_LOST:
            lost = True
        else:
            refunded += event.amount
        if key in done:
            continue
        if refunded > line.amount:
            raise ValidationError(
                _("A refund of %(amount)s %(currency)s is more than what is left of the line.")
                % {"amount": event.amount, "currency": line.currency}
            )
        target = line_split(line, terms, amount_now=Decimal(0) if lost else line.amount - refunded)
        entries = _difference(balances, target.entries())
        posted += _post_one(key, event, line, paid_at, entries)
        for account, profile_id, amount in entries:
            balances[(account, profile_id)] += amount
    return posted


def _difference(
    balances: dict[tuple[str, int | None], Decimal], target: Sequence[tuple[str, int | None, Decimal]]
) -> list[tuple[str, int | None, Decimal]]:
    wanted: dict[tuple[str, int | None], Decimal] = defaultdict(Decimal)
    for account, profile_id, amount in target:
        wanted[(str(account), profile_id)] += amount
    accounts = sorted(set(balances) | set(wanted), key=lambda pair: (pair[0], pair[1] or 0))
    moves = [
        (account, profile, wanted[(account, profile)] - balances[(account, profile)])
        for account, profile in accounts
    ]
    return [move for move in moves if move[2] != 0]


def _post_one(key: str, event: OrgCommerceEvent, line: LineFacts, paid_at: datetime, entries: list) -> Posted:
    batch = _Batch.empty()
    batch.add(
        key,
        line_id=line.line_id,
        sold_at=paid_at,
        occurred_at=event.created_at,
        currency=line.currency,
        entries=entries,
    )
    kind = REVERSAL_KINDS[Kind(event.kind)]
    return batch.insert(kind)


def reversals_pending() -> list[int]:
    """Lines with a refund or lost dispute not yet posted."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT ev.line_id FROM org_commerce_event ev"
            " WHERE (ev.kind = 'line_refunded' AND NOT EXISTS"
            "        (SELECT 1 FROM org_ledger_transaction t WHERE t.key = 'refund:' || ev.id))"
            "    OR (ev.kind = 'line_dispute_lost' AND NOT EXISTS"
            "        (SELECT 1 FROM org_ledger_transaction t WHERE t.key = 'dispute_lost:' || ev.id))"
            " ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


@dataclass(frozen=True)
class PostingRun:
    posted: Posted
    refused_lines: list[int]


def ledger_post_pending(*, actor: Actor) -> PostingRun:
    """Post every commerce event of the active org's schema not yet in its ledger: sales in
    set-based batches, then each line's refunds and lost dispute. A line whose events cannot be
    posted (a refund larger than what is left) is reported and left for a person to look at;
    the others post."""
    posted = Posted()
    while True:
        batch = sales_post(actor=actor)
        posted += batch
        if batch.transactions < SALES_BATCH:  # a short batch drained the queue (the sweep follows)
            break
    refused = []
    for line_id in reversals_pending():
        try:
            posted += line_reversals_post(actor=actor, line_id=line_id)
        except ValidationError:
            logger.warning("ledger: the refunds of order line %s cannot be posted", line_id, exc_info=True)
            refused.append(line_id)
    return PostingRun(posted=posted, refused_lines=refused)
