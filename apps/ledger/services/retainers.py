"""Fixed amounts per month (fixed and hybrid terms) posted to the ledger once a month.

Only **complete** months post: the month of January posts from the first moment of February (UTC,
the month the earnings rollup files it under), so a month is never posted on a guess about its
end. A month is owed on the status and the terms that stood at its **first moment** (from the
affiliation's status history and its effective-dated compensation): terms or a suspension that
start during a month count from the next month, so nothing is ever retroactive and a creator
suspended or ended gets nothing for the months after the change.

Each (affiliation, month, currency) is one balanced transaction, "retainer:<affiliation>:<YYYY-MM>:
<currency>", dated the month's first moment: the org's expense account is debited and the
creator's payable credited. The key is unique, so a re-run, a concurrent run or a run after one
killed midway posts nothing twice. Retainers are not sales: they have no refund window (never
pending) and no product.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import connection, transaction
from django.utils import timezone

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audit_record_many
from apps.instructor.selectors import monthly_amounts_at, monthly_amounts_first_start
from apps.instructor.terms import MonthlyAmount
from apps.ledger.models import Account, OrgLedgerTransaction
from apps.ledger.services.posting import Posted, _Batch
from apps.org.models import Org
from apps.org.selectors import tenant_connection
from volmify.actors import Actor, actor_check


def month_start(moment: datetime) -> datetime:
    moment = moment.astimezone(UTC)
    return datetime(moment.year, moment.month, 1, tzinfo=UTC)


def next_month(start: datetime) -> datetime:
    return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)


def retainer_key(amount: MonthlyAmount, month: datetime) -> str:
    return f"retainer:{amount.affiliation_id}:{month:%Y-%m}:{amount.currency}"


def complete_months(first: datetime, now: datetime) -> list[datetime]:
    """The first moments of the months from ``first``'s to the last one that ended by ``now``."""
    months, month, current = [], month_start(first), month_start(now)
    while month < current:
        months.append(month)
        month = next_month(month)
    return months


@transaction.atomic
def retainers_post(*, actor: Actor, org: Org, now: datetime | None = None) -> Posted:
    """Post the fixed amounts per month of ``org``'s affiliations for every complete month not yet
    posted, in its own schema (refused in any other). Posting again posts nothing."""
    actor_check(actor)
    if tenant_connection().schema_name != org.schema_name:
        raise RuntimeError("fixed amounts per month post in the org's own schema")
    org_id = org.pk
    first = monthly_amounts_first_start(org_id=org_id)
    if first is None:
        return Posted()
    with connection.cursor() as cursor:  # one run at a time per org: the audit below is exact
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('ledger-retainers'), %s)", [org_id % 2**31])
    owed = [
        (retainer_key(amount, month), amount, month)
        for month in complete_months(first, now or timezone.now())
        for amount in monthly_amounts_at(org_id=org_id, at=month)
    ]
    done = set(
        OrgLedgerTransaction.objects.filter(key__in=[key for key, _a, _m in owed]).values_list(
            "key", flat=True
        )
    )
    batch = _Batch.empty()
    for key, amount, month in owed:
        if key in done:
            continue
        batch.add(
            key,
            line_id=None,
            sold_at=None,
            occurred_at=month,
            currency=amount.currency,
            entries=[
                (Account.ORG_EXPENSE, None, -amount.amount),
                (Account.CREATOR_PAYABLE, amount.profile_id, amount.amount),
            ],
        )
    posted = batch.insert(OrgLedgerTransaction.Kind.RETAINER)
    if posted.transactions:
        _audit(actor, {key: (amount, month) for key, amount, month in owed if key not in done})
    return posted


def _audit(actor: Actor, posted: dict[str, tuple[MonthlyAmount, datetime]]) -> None:
    rows = OrgLedgerTransaction.objects.filter(key__in=list(posted)).order_by("pk")
    records = []
    for row in rows:
        amount, month = posted[row.key]
        after = {
            "profile": amount.profile_id,
            "affiliation": amount.affiliation_id,
            "month": f"{month:%Y-%m}",
            "amount": str(amount.amount),
            "currency": amount.currency,
        }
        records.append((row, after, f"{amount.amount} {amount.currency} · {month:%Y-%m}"))
    audit_record_many(actor=actor, verb=OrgAuditEntry.Verb.CREATE, records=records)
