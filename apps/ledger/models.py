"""The revenue attribution ledger: one transaction per source event, each a set of entries that
balance per currency.

Amounts are ``Decimal`` quantized to their currency (JPY 0 places, USD 2, KWD 3), signed with
credits positive: an entry of +10.00 on a creator's payable account means the org owes that
creator 10.00 more; the clearing account (the money held by the payment provider or the org's
bank for the sale) takes the opposite sign, so the entries of a transaction sum to zero per
currency. The database enforces it (migration 0002): the rows cannot be updated or deleted, and
at commit every transaction touched must balance per currency with amounts at their currency's
precision. A mistake is corrected by a new transaction, never by an edit.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

AMOUNT: dict[str, Any] = {"max_digits": 16, "decimal_places": 3}


class Account(models.TextChoices):
    CLEARING = "clearing", _("Clearing (money collected or paid out)")
    ORG_REVENUE = "org_revenue", _("Org revenue")
    PLATFORM_FEE = "platform_fee", _("Platform fee")
    TAX = "tax", _("Tax")
    PROVIDER_FEE = "provider_fee", _("Payment provider fee")
    CREATOR_PAYABLE = "creator_payable", _("Owed to a creator")
    ORG_EXPENSE = "org_expense", _("Org expense (fixed amounts per month)")


class OrgLedgerTransaction(models.Model):
    class Kind(models.TextChoices):
        SALE = "sale", _("Sale")
        REFUND = "refund", _("Refund")
        DISPUTE_LOST = "dispute_lost", _("Dispute lost")
        PAYOUT = "payout", _("Payout")
        RETAINER = "retainer", _("Fixed amount per month")

    # One per source event ("paid:<line id>", "refund:<event id>", "dispute_lost:<event id>",
    # "payout:<payout id>", "retainer:<affiliation id>:<YYYY-MM>:<currency>"): posting the same
    # event again inserts nothing.
    key = models.CharField(_("source"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    line = models.ForeignKey(
        "payment.OrgOrderLine", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When the line was sold (its order paid): the refund window of a creator's earning runs from it.
    sold_at = models.DateTimeField(_("sold"), null=True, blank=True)
    occurred_at = models.DateTimeField(_("when"))

    class Meta:
        db_table = "org_ledger_transaction"
        ordering = ["id"]
        constraints = [
            # one sale per line (as its key says): the index the posting's "not yet posted" probes
            models.UniqueConstraint(
                fields=["line"], condition=models.Q(kind="sale"), name="org_ledger_transaction_one_sale"
            ),
        ]
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")

    def __str__(self) -> str:
        return self.key


class OrgLedgerEntry(models.Model):
    # No per-row foreign key checks (200,000 of them at the commit of a batch): the balance check
    # at commit (migration 0002) refuses an entry whose transaction does not exist, and neither
    # can be deleted afterwards.
    transaction = models.ForeignKey(
        OrgLedgerTransaction, on_delete=models.DO_NOTHING, related_name="entries", db_constraint=False
    )
    account = models.CharField(_("account"), max_length=16, choices=Account.choices)
    # The creator's public instructor profile (``creator_payable`` only); a plain id, as the profile
    # lives in the public schema and an entry must outlive it.
    profile_id = models.BigIntegerField(_("creator profile"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(_("amount"), **AMOUNT)

    class Meta:
        db_table = "org_ledger_entry"
        ordering = ["id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [
            models.Index(
                fields=["profile_id", "currency"],
                condition=models.Q(account="creator_payable"),
                name="org_ledger_entry_payable",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(account="creator_payable", profile_id__isnull=False)
                | (~models.Q(account="creator_payable") & models.Q(profile_id__isnull=True)),
                name="org_ledger_entry_profile_iff_payable",
            ),
            models.CheckConstraint(condition=~models.Q(amount=0), name="org_ledger_entry_amount_not_0"),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.amount} {self.currency}"


class OrgLedgerPayout(models.Model):
    """Money the org paid a creator outside Volmify (a bank transfer), recorded by an admin; its
    ledger transaction ("payout:<id>") takes it off the creator's payable balance."""

    profile_id = models.BigIntegerField(_("creator profile"))
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=120)
    recorded_by_label = models.CharField(_("recorded by"), max_length=254)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        db_table = "org_ledger_payout"
        ordering = ["-paid_on", "-id"]
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="org_ledger_payout_amount_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} to profile {self.profile_id}"


class OrgLedgerSettings(models.Model):
    """The org's ledger settings (one row)."""

    refund_window_days = models.PositiveSmallIntegerField(
        _("refund window (days)"),
        default=30,
        validators=[MinValueValidator(0), MaxValueValidator(365)],
        help_text=_("A creator's earning from a sale stays pending for this many days after the sale."),
    )

    class Meta:
        db_table = "org_ledger_settings"
        verbose_name = _("ledger settings")
        verbose_name_plural = _("ledger settings")

    def __str__(self) -> str:
        return f"refund window {self.refund_window_days} days"
