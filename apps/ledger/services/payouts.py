"""Payouts to creators made outside Volmify (a bank transfer), recorded by an org admin, and the
org's ledger settings. A payout posts one ledger transaction ("payout:<id>"): the creator's
payable account is debited, the clearing account credited (the money left the org). Payouts
through Stripe would post the same transaction from their own event."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audit_record
from apps.ledger.models import (
    Account,
    OrgLedgerEntry,
    OrgLedgerPayout,
    OrgLedgerSettings,
    OrgLedgerTransaction,
)
from apps.ledger.selectors import payable_for
from apps.payment.money import money_validate
from apps.payment.services.orders import admin_check
from volmify.actors import Actor, actor_label

REFERENCE_MAX_LENGTH = OrgLedgerPayout._meta.get_field("reference").max_length or 120


@transaction.atomic
def payout_record(
    *, actor: Actor, profile_id: int, currency: str, amount: Decimal, paid_on: date, reference: str
) -> OrgLedgerPayout:
    """Record that the org paid ``amount`` to the creator ``profile_id``; at most what is payable
    to them in ``currency`` (earnings past the refund window, less earlier payouts)."""
    admin_check(actor)
    if isinstance(amount, Decimal) and amount.is_finite() and amount <= 0:
        raise ValidationError({"amount": _("Enter an amount greater than zero.")})
    amount = money_validate(amount, currency, field="amount")
    reference = reference.strip()
    if amount <= 0:
        raise ValidationError({"amount": _("Enter an amount greater than zero.")})
    if not reference or len(reference) > REFERENCE_MAX_LENGTH:
        raise ValidationError(
            {
                "reference": _("Enter the transfer's reference (at most %(count)d characters).")
                % {"count": REFERENCE_MAX_LENGTH}
            }
        )
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("A payout cannot be dated in the future.")})
    with connection.cursor() as cursor:  # one payout at a time per creator: the check below holds
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('ledger-payout'), %s)", [profile_id % 2**31])
    owed = payable_for(profile_id=profile_id, currency=currency)
    if owed is None:
        raise ValidationError(
            _("This creator has no earnings in %(currency)s here.") % {"currency": currency}
        )
    if amount > owed.payable:
        raise ValidationError(
            {
                "amount": _("At most %(amount)s %(currency)s is payable to this creator now.")
                % {"amount": owed.payable, "currency": currency}
            }
        )
    payout = OrgLedgerPayout.objects.create(
        profile_id=profile_id,
        currency=currency,
        amount=amount,
        paid_on=paid_on,
        reference=reference,
        recorded_by_label=actor_label(actor),
    )
    posted = OrgLedgerTransaction.objects.create(
        key=f"payout:{payout.pk}",
        kind=OrgLedgerTransaction.Kind.PAYOUT,
        occurred_at=timezone.make_aware(datetime.combine(paid_on, time(12)), timezone.get_current_timezone()),
    )
    OrgLedgerEntry.objects.bulk_create(
        [
            OrgLedgerEntry(
                transaction=posted,
                account=Account.CREATOR_PAYABLE,
                profile_id=profile_id,
                currency=currency,
                amount=-amount,
            ),
            OrgLedgerEntry(transaction=posted, account=Account.CLEARING, currency=currency, amount=amount),
        ]
    )
    audit_record(
        actor=actor,
        verb=OrgAuditEntry.Verb.PAY,
        target=payout,
        after={"amount": str(amount), "currency": currency, "reference": reference, "profile": profile_id},
        label=f"{amount} {currency} · {reference}",
    )
    return payout


@transaction.atomic
def ledger_settings_update(*, actor: Actor, refund_window_days: int) -> OrgLedgerSettings:
    admin_check(actor)
    if not 0 <= refund_window_days <= 365:
        raise ValidationError({"refund_window_days": _("Choose between 0 and 365 days.")})
    settings = OrgLedgerSettings.objects.select_for_update().order_by("pk").first() or OrgLedgerSettings()
    before = settings.refund_window_days if settings.pk else None
    settings.refund_window_days = refund_window_days
    settings.save()
    audit_record(
        actor=actor,
        verb=OrgAuditEntry.Verb.UPDATE,
        target=settings,
        before={"refund_window_days": before},
        after={"refund_window_days": refund_window_days},
        label=str(settings),
    )
    return settings
