"""What a paid line delivers besides course access: downloads, shipments and bookings.

Each belongs to one order line and is created in the same transaction that marks the line paid;
a refund or a lost dispute ends it, an open dispute suspends it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgOrderDownload(models.Model):
    """The right to download a digital product's file, up to its limit (counted atomically)."""

    line = models.OneToOneField("payment.OrgOrderLine", on_delete=models.CASCADE, related_name="download")
    product = models.ForeignKey("product.OrgProduct", on_delete=models.PROTECT, related_name="+")
    download_limit = models.PositiveIntegerField(_("download limit"), null=True, blank=True)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    last_downloaded_at = models.DateTimeField(_("last download"), null=True, blank=True)

    class Meta:
        db_table = "org_order_download"
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(download_limit__isnull=True)
                | models.Q(download_count__lte=models.F("download_limit")),
                name="org_order_download_within_limit",
            )
        ]

    def __str__(self) -> str:
        return f"download {self.line_id}"

    @property
    def downloads_left(self) -> int | None:
        return None if self.download_limit is None else self.download_limit - self.download_count


class OrgOrderShipment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    line = models.OneToOneField("payment.OrgOrderLine", on_delete=models.CASCADE, related_name="shipment")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    carrier = models.CharField(_("carrier"), max_length=80, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=80, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)

    class Meta:
        db_table = "org_order_shipment"
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")

    def __str__(self) -> str:
        return f"shipment {self.line_id}"


class OrgOrderBooking(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SCHEDULED = "scheduled", _("Scheduled")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    line = models.OneToOneField("payment.OrgOrderLine", on_delete=models.CASCADE, related_name="booking")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED)
    scheduled_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    location = models.CharField(_("place or link"), max_length=500, blank=True)
    note = models.TextField(_("note to the buyer"), blank=True)

    class Meta:
        db_table = "org_order_booking"
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")

    def __str__(self) -> str:
        return f"booking {self.line_id}"
