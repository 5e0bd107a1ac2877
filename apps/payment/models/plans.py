"""Payment plans on product variants (tenant schema).

A plan is both a billing strategy (CTI: one-time, subscription, usage-based)
and the access tier it grants (1 basic, 2 premium, 3 VIP, open-ended). Its
price lives per region, in the region's currency (the seed's integrated
market pricing): a region without a visible price row does not offer the plan.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from apps.general.tiers import TIER_VALIDATORS, tier_range_q
from volmify.names import name_in_language, name_translations_clean


class OrgProductVariantPaymentPlan(TranslatableModel):
    class PlanType(models.TextChoices):
        ONE_TIME = "one_time", _("One-time payment")
        SUBSCRIPTION = "subscription", _("Subscription")
        USAGE_BASED = "usage_based", _("Usage-based")

    variant = models.ForeignKey(
        "product.OrgProductVariant", on_delete=models.CASCADE, related_name="payment_plans"
    )
    plan_type = models.CharField(_("type"), max_length=16, choices=PlanType.choices)
    access_tier = models.PositiveSmallIntegerField(
        _("access tier"),
        default=1,
        validators=TIER_VALIDATORS,
        help_text=_("1 basic, 2 premium, 3 VIP; higher tiers unlock more content."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    translations = TranslatedFields(
        name=models.CharField(_("name"), max_length=120),
        features=models.TextField(_("features"), blank=True, help_text=_("One feature per line.")),
        meta={"db_table": "org_product_variant_payment_plan_translation"},
    )

    class Meta:
        db_table = "org_product_variant_payment_plan"
        ordering = ["access_tier", "position", "id"]
        verbose_name = _("payment plan")
        verbose_name_plural = _("payment plans")
        constraints = [
            models.CheckConstraint(
                condition=tier_range_q("access_tier"), name="org_product_variant_payment_plan_tier_range"
            )
        ]

    def __str__(self) -> str:
        return self.safe_translation_getter("name", any_language=True) or f"#{self.pk}"


class OrgProductVariantPaymentPlanOneTimeType(models.Model):
    plan = models.OneToOneField(
        OrgProductVariantPaymentPlan, primary_key=True, on_delete=models.CASCADE, related_name="one_time"
    )
    access_days = models.PositiveIntegerField(
        _("access days"), null=True, blank=True, help_text=_("Empty for lifetime access.")
    )

    class Meta:
        db_table = "org_product_variant_payment_plan_one_time_type"
        verbose_name = _("one-time plan")

    def __str__(self) -> str:
        return f"one-time {self.plan_id}"


class OrgProductVariantPaymentPlanSubscriptionType(models.Model):
    class Interval(models.TextChoices):
        DAY = "day", _("Day")
        WEEK = "week", _("Week")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    plan = models.OneToOneField(
        OrgProductVariantPaymentPlan, primary_key=True, on_delete=models.CASCADE, related_name="subscription"
    )
    interval = models.CharField(_("interval"), max_length=8, choices=Interval.choices, default=Interval.MONTH)
    interval_count = models.PositiveSmallIntegerField(
        _("interval count"), default=1, validators=[MinValueValidator(1)]
    )
    trial_days = models.PositiveSmallIntegerField(_("trial days"), default=0)

    class Meta:
        db_table = "org_product_variant_payment_plan_subscription_type"
        verbose_name = _("subscription plan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval_count__gte=1),
                name="org_plan_subscription_interval_count_positive",
            )
        ]

    def __str__(self) -> str:
        return f"every {self.interval_count} {self.interval}"


class OrgProductVariantPaymentPlanUsageBasedType(models.Model):
    """Billed per unit used; the regional price of such a plan is the price of one unit."""

    plan = models.OneToOneField(
        OrgProductVariantPaymentPlan, primary_key=True, on_delete=models.CASCADE, related_name="usage_based"
    )
    unit_name = models.CharField(_("unit name"), max_length=60, help_text=_("e.g. session, seat, hour"))
    unit_name_translations = models.JSONField(
        _("unit name in other languages"), default=dict, blank=True, help_text=_("By interface language.")
    )

    class Meta:
        db_table = "org_product_variant_payment_plan_usage_based_type"
        verbose_name = _("usage-based plan")

    def __str__(self) -> str:
        return self.unit_display_name

    @property
    def unit_display_name(self) -> str:
        """The unit's name in the active language."""
        return name_in_language(self.unit_name, self.unit_name_translations)

    def clean(self) -> None:
        self.unit_name_translations = name_translations_clean(self.unit_name_translations, max_length=60)


class OrgProductVariantPaymentPlanMarketRegion(models.Model):
    """The price of a plan in one region, in that region's currency."""

    plan = models.ForeignKey(OrgProductVariantPaymentPlan, on_delete=models.CASCADE, related_name="prices")
    region = models.ForeignKey(
        "locale_region.OrgRegion", on_delete=models.CASCADE, related_name="plan_prices"
    )
    currency = models.ForeignKey("general.Currency", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("price"), max_digits=14, decimal_places=3)
    compare_at_amount = models.DecimalField(
        _("compare-at price"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    is_visible = models.BooleanField(_("offered in this region"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "org_product_variant_payment_plan_market_region"
        ordering = ["region__position", "region_id"]
        verbose_name = _("regional price")
        verbose_name_plural = _("regional prices")
        constraints = [
            models.UniqueConstraint(fields=["plan", "region"], name="org_plan_market_region_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="org_plan_market_region_amount_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency_id}"

    def clean(self) -> None:
        if self.amount is not None and self.amount < Decimal(0):
            raise ValidationError({"amount": _("A price cannot be negative.")})
        if self.region_id and self.currency_id and self.region.currency_id != self.currency_id:
            raise ValidationError({"currency": _("The price must be in the region's currency.")})
