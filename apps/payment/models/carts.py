"""Carts: what a visitor means to buy, in one region's currency.

A cart belongs to a browser (its token is kept in a signed cookie) and, once the visitor signs in,
to their membership. Each line remembers the unit price the buyer last saw, so a price that
changed since is shown to them before checkout instead of being charged silently.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_LINE_QUANTITY = 99


class OrgCart(models.Model):
    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(
        "member.OrgMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="carts"
    )
    region = models.ForeignKey("locale_region.OrgRegion", on_delete=models.CASCADE, related_name="+")
    currency = models.CharField(_("currency"), max_length=3)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "org_cart"
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self) -> str:
        return str(self.token)


class OrgCartLine(models.Model):
    cart = models.ForeignKey(OrgCart, on_delete=models.CASCADE, related_name="lines")
    plan = models.ForeignKey(
        "payment.OrgProductVariantPaymentPlan", on_delete=models.CASCADE, related_name="+"
    )
    quantity = models.PositiveSmallIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_LINE_QUANTITY)]
    )
    seen_unit_amount = models.DecimalField(
        _("price seen"), max_digits=14, decimal_places=3, help_text=_("The unit price the buyer last saw.")
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        db_table = "org_cart_line"
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "plan"], name="org_cart_line_one_per_plan"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1, quantity__lte=MAX_LINE_QUANTITY),
                name="org_cart_line_quantity_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x plan {self.plan_id}"
