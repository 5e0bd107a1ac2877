"""Commerce events, as rows: what happened to an order line's money, for the revenue-attribution
ledger to consume (append-only; a consumer keeps its own position), and the per-org markers of
provider events already applied."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.payment.models.orders import AMOUNT


class OrgCommerceEvent(models.Model):
    class Kind(models.TextChoices):
        LINE_PAID = "line_paid", _("Line paid")
        LINE_REFUNDED = "line_refunded", _("Line refunded")
        LINE_DISPUTED = "line_disputed", _("Line disputed")
        LINE_DISPUTE_WON = "line_dispute_won", _("Dispute won")
        LINE_DISPUTE_LOST = "line_dispute_lost", _("Dispute lost")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    order = models.ForeignKey("payment.OrgOrder", on_delete=models.PROTECT, related_name="+")
    line = models.ForeignKey("payment.OrgOrderLine", on_delete=models.PROTECT, related_name="events")
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3)
    revokes_access = models.BooleanField(_("revokes access"), default=False)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        db_table = "org_commerce_event"
        ordering = ["id"]
        verbose_name = _("commerce event")
        verbose_name_plural = _("commerce events")

    def __str__(self) -> str:
        return f"{self.kind} line {self.line_id}"


class OrgPaymentEventProcessed(models.Model):
    """A provider event whose effects this org's schema holds; written in the same transaction as
    those effects, so an event applied once is never applied again."""

    event_id = models.CharField(_("event"), max_length=255, primary_key=True)
    event_type = models.CharField(_("type"), max_length=80)
    processed_at = models.DateTimeField(_("processed"), auto_now_add=True)

    class Meta:
        db_table = "org_payment_event_processed"
        verbose_name = _("processed payment event")
        verbose_name_plural = _("processed payment events")

    def __str__(self) -> str:
        return self.event_id
