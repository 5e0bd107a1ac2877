"""Orders, their lines, and the payments, refunds and disputes against them.

An order snapshots everything that decided its price (product, variant, plan, access tier, region,
currency, unit price, quantity, totals, the buyer's language), so later edits to the catalog never
change what was sold. Statuses change only through ``apps.payment.services``.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.general.tiers import TIER_VALIDATORS, tier_range_q

AMOUNT: dict[str, Any] = {"max_digits": 14, "decimal_places": 3}


class Provider(models.TextChoices):
    STRIPE = "stripe", _("Card (Stripe)")
    MANUAL = "manual", _("Bank transfer or invoice")


class OrgOrder(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
        PAID = "paid", _("Paid")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
        REFUNDED = "refunded", _("Refunded")
        CANCELLED = "cancelled", _("Cancelled")
        DISPUTED = "disputed", _("Disputed")

    number = models.CharField(_("number"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    provider = models.CharField(_("payment method"), max_length=16, choices=Provider.choices)
    member = models.ForeignKey("member.OrgMember", on_delete=models.PROTECT, related_name="orders")
    email = models.EmailField(_("email"))
    locale = models.CharField(_("buyer's language"), max_length=16)
    region = models.ForeignKey("locale_region.OrgRegion", on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(_("currency"), max_length=3)
    billing_country = models.CharField(_("billing country"), max_length=2)
    shipping_name = models.CharField(_("recipient"), max_length=120, blank=True)
    shipping_line1 = models.CharField(_("address"), max_length=200, blank=True)
    shipping_line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    shipping_city = models.CharField(_("city"), max_length=120, blank=True)
    shipping_postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    shipping_state = models.CharField(_("state or province"), max_length=120, blank=True)
    shipping_country = models.CharField(_("shipping country"), max_length=2, blank=True)
    subtotal = models.DecimalField(_("subtotal"), **AMOUNT)
    total = models.DecimalField(_("total"), **AMOUNT)
    amount_refunded = models.DecimalField(_("refunded"), default=0, **AMOUNT)
    application_fee = models.DecimalField(_("platform fee"), default=0, **AMOUNT)
    cart_token = models.UUIDField(
        _("cart"), null=True, blank=True, help_text=_("The cart it was placed from.")
    )
    notice = models.TextField(
        _("notice"), blank=True, help_text=_("What happened that the buyer should know.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    placed_at = models.DateTimeField(_("placed"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    expires_at = models.DateTimeField(
        _("reservation ends"), null=True, blank=True, help_text=_("An unpaid order is cancelled then.")
    )

    class Meta:
        db_table = "org_order"
        ordering = ["-created_at", "-id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [
            models.Index(fields=["status", "created_at"], name="org_order_status_created"),
            models.Index(fields=["member", "created_at"], name="org_order_member_created"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(total__gte=0), name="org_order_total_gte_0"),
            models.CheckConstraint(
                condition=models.Q(amount_refunded__gte=0, amount_refunded__lte=models.F("total")),
                name="org_order_refunded_within_total",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def requires_shipping(self) -> bool:
        return bool(self.shipping_country)


class OrgOrderLine(models.Model):
    class Access(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended during a dispute")
        REVOKED = "revoked", _("Revoked")

    class Stock(models.TextChoices):
        NONE = "none", _("Not stocked")
        RESERVED = "reserved", _("Reserved")
        TAKEN = "taken", _("Taken from stock")
        RELEASED = "released", _("Released")

    order = models.ForeignKey(OrgOrder, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("product.OrgProduct", on_delete=models.PROTECT, related_name="+")
    variant = models.ForeignKey("product.OrgProductVariant", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(
        "payment.OrgProductVariantPaymentPlan", on_delete=models.PROTECT, related_name="+"
    )
    product_type = models.CharField(_("product type"), max_length=16)
    product_name = models.CharField(_("product"), max_length=200)
    variant_name = models.CharField(_("variant"), max_length=200, blank=True)
    plan_name = models.CharField(_("plan"), max_length=200)
    access_tier = models.PositiveSmallIntegerField(_("access tier"), validators=TIER_VALIDATORS)
    access_days = models.PositiveIntegerField(_("access days"), null=True, blank=True)
    unit_amount = models.DecimalField(_("unit price"), **AMOUNT)
    quantity = models.PositiveSmallIntegerField(_("quantity"))
    total = models.DecimalField(_("total"), **AMOUNT)
    amount_refunded = models.DecimalField(_("refunded"), default=0, **AMOUNT)
    access = models.CharField(_("access"), max_length=16, choices=Access.choices, default=Access.PENDING)
    stock = models.CharField(_("stock"), max_length=16, choices=Stock.choices, default=Stock.NONE)

    class Meta:
        db_table = "org_order_line"
        ordering = ["id"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(condition=tier_range_q("access_tier"), name="org_order_line_tier_range"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="org_order_line_quantity_gte_1"),
            models.CheckConstraint(
                condition=models.Q(amount_refunded__gte=0, amount_refunded__lte=models.F("total")),
                name="org_order_line_refunded_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product_name}"


class OrgPayment(models.Model):
    """One attempt to collect an order's total through a provider (a Checkout Session, a transfer)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    order = models.ForeignKey(OrgOrder, on_delete=models.CASCADE, related_name="payments")
    provider = models.CharField(_("provider"), max_length=16, choices=Provider.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3)
    reference = models.CharField(_("provider reference"), max_length=255, blank=True)
    payment_intent = models.CharField(_("payment intent"), max_length=255, blank=True)
    checkout_url = models.URLField(_("checkout page"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "org_payment"
        ordering = ["-created_at", "-id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "reference"],
                condition=~models.Q(reference=""),
                name="org_payment_reference_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.reference or self.pk}"


class OrgRefund(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    order = models.ForeignKey(OrgOrder, on_delete=models.CASCADE, related_name="refunds")
    line = models.ForeignKey(
        OrgOrderLine, null=True, blank=True, on_delete=models.CASCADE, related_name="refunds"
    )
    payment = models.ForeignKey(
        OrgPayment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3)
    reason = models.CharField(_("reason"), max_length=500)
    revokes_access = models.BooleanField(_("revokes access"), default=False)
    reference = models.CharField(_("provider reference"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "org_refund"
        ordering = ["-created_at", "-id"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="org_refund_amount_gt_0"),
            models.UniqueConstraint(
                fields=["reference"], condition=~models.Q(reference=""), name="org_refund_reference_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


class OrgDispute(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    order = models.ForeignKey(OrgOrder, on_delete=models.CASCADE, related_name="disputes")
    payment = models.ForeignKey(OrgPayment, on_delete=models.CASCADE, related_name="disputes")
    reference = models.CharField(_("provider reference"), max_length=255, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    reason = models.CharField(_("reason"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        db_table = "org_dispute"
        ordering = ["-created_at", "-id"]
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")

    def __str__(self) -> str:
        return self.reference
