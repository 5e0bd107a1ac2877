"""Writes to payment plans, their type extensions and their regional prices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.general.tiers import tier_validate
from apps.locale_region.models import OrgLocale, OrgRegion
from apps.locale_region.selectors import storefront_content_changed
from apps.payment.models import (
    OrgProductVariantPaymentPlan as Plan,
)
from apps.payment.models import (
    OrgProductVariantPaymentPlanMarketRegion as PlanPrice,
)
from apps.payment.models import (
    OrgProductVariantPaymentPlanOneTimeType,
    OrgProductVariantPaymentPlanSubscriptionType,
    OrgProductVariantPaymentPlanUsageBasedType,
)
from apps.payment.money import money_validate
from apps.product.models import OrgProductVariant

TYPE_MODELS: dict[str, Any] = {
    Plan.PlanType.ONE_TIME: OrgProductVariantPaymentPlanOneTimeType,
    Plan.PlanType.SUBSCRIPTION: OrgProductVariantPaymentPlanSubscriptionType,
    Plan.PlanType.USAGE_BASED: OrgProductVariantPaymentPlanUsageBasedType,
}
TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    Plan.PlanType.ONE_TIME: ("access_days",),
    Plan.PlanType.SUBSCRIPTION: ("interval", "interval_count", "trial_days"),
    Plan.PlanType.USAGE_BASED: ("unit_name",),
}


def _type_save(plan: Plan, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(TYPE_FIELDS[plan.plan_type])
    if unknown:
        raise TypeError(f"not fields of a {plan.plan_type} plan: {sorted(unknown)}")
    model = TYPE_MODELS[plan.plan_type]
    row = model.objects.filter(plan=plan).first() or model(plan=plan)
    for name, value in fields.items():
        setattr(row, name, value)
    if plan.plan_type == Plan.PlanType.USAGE_BASED and not (row.unit_name or "").strip():
        raise ValidationError({"unit_name": _("Name the unit that is billed, e.g. session.")})
    row.full_clean(exclude=["plan"], validate_constraints=False)
    row.save()
    storefront_content_changed()


def _tier_check(access_tier: int) -> None:
    try:
        tier_validate(int(access_tier))
    except ValidationError as error:
        raise ValidationError({"access_tier": error.messages}) from None


@transaction.atomic
def payment_plan_create(
    *,
    variant: OrgProductVariant,
    plan_type: str,
    access_tier: int,
    language_code: str,
    name: str,
    features: str = "",
    position: int = 0,
    details: dict[str, Any] | None = None,
) -> Plan:
    """A plan on ``variant`` with its type row (``details``: interval, trial days, unit name...)."""
    if plan_type not in Plan.PlanType.values:
        raise ValidationError({"plan_type": _("Choose a plan type.")})
    _tier_check(access_tier)
    plan = Plan.objects.create(
        variant=variant, plan_type=plan_type, access_tier=access_tier, position=position
    )
    payment_plan_translation_save(plan=plan, language_code=language_code, name=name, features=features)
    _type_save(plan, details or {})
    return plan


@transaction.atomic
def payment_plan_update(
    *, plan: Plan, access_tier: int, position: int, is_active: bool, details: dict[str, Any] | None = None
) -> Plan:
    _tier_check(access_tier)
    plan.access_tier, plan.position, plan.is_active = access_tier, position, is_active
    plan.save(update_fields=["access_tier", "position", "is_active"])
    _type_save(plan, details or {})
    storefront_content_changed()
    return plan


@transaction.atomic
def payment_plan_translation_save(*, plan: Plan, language_code: str, name: str, features: str = "") -> Plan:
    if not OrgLocale.objects.filter(locale__locale_key=language_code).exists():
        raise ValidationError(
            _("The organization does not author in %(locale)s.") % {"locale": language_code}
        )
    if not name.strip():
        raise ValidationError({"name": _("Enter a name.")})
    plan.set_current_language(language_code)
    plan.name = name.strip()
    plan.features = "\n".join(line.strip() for line in features.splitlines() if line.strip())
    plan.save_translations()
    storefront_content_changed()
    return plan


@dataclass(frozen=True)
class PriceInput:
    region: OrgRegion
    amount: Decimal | None
    currency_code: str
    is_visible: bool = True
    compare_at_amount: Decimal | None = None


def _price_check(price: PriceInput) -> tuple[Decimal, Decimal | None]:
    region_currency = price.region.currency.code
    if price.currency_code != region_currency:
        raise ValidationError(
            {
                "currency": _("%(region)s sells in %(currency)s; enter the price in that currency.")
                % {"region": price.region.name, "currency": region_currency}
            }
        )
    amount = money_validate(price.amount, region_currency)
    compare_at = None
    if price.compare_at_amount is not None:
        compare_at = money_validate(price.compare_at_amount, region_currency, field="compare_at_amount")
        if compare_at <= amount:
            raise ValidationError({"compare_at_amount": _("A compare-at price is higher than the price.")})
    return amount, compare_at


@transaction.atomic
def payment_plan_price_set(
    *,
    plan: Plan,
    region: OrgRegion,
    amount: Decimal | None,
    currency_code: str,
    is_visible: bool = True,
    compare_at_amount: Decimal | None = None,
) -> PlanPrice:
    """Price ``plan`` in ``region``: in the region's currency, non-negative, at the currency's precision."""
    amount_checked, compare_at = _price_check(
        PriceInput(region, amount, currency_code, is_visible, compare_at_amount)
    )
    price, _created = PlanPrice.objects.update_or_create(
        plan=plan,
        region=region,
        defaults={
            "currency": region.currency,
            "amount": amount_checked,
            "compare_at_amount": compare_at,
            "is_visible": is_visible,
        },
    )
    storefront_content_changed()
    return price


@transaction.atomic
def payment_plan_prices_set(*, plan: Plan, prices: Sequence[PriceInput]) -> list[PlanPrice]:
    """Save several regional prices at once: all of them, or (on any error) none."""
    errors: dict[str, list[str]] = {}
    for price in prices:
        try:
            _price_check(price)
        except ValidationError as error:
            for message in error.messages:
                errors.setdefault(price.region.slug, []).append(message)
    if errors:
        raise ValidationError(errors)
    return [
        payment_plan_price_set(
            plan=plan,
            region=price.region,
            amount=price.amount,
            currency_code=price.currency_code,
            is_visible=price.is_visible,
            compare_at_amount=price.compare_at_amount,
        )
        for price in prices
    ]


def payment_plan_price_remove(*, plan: Plan, region: OrgRegion) -> None:
    """Stop offering the plan in the region (a region with no price does not offer it)."""
    PlanPrice.objects.filter(plan=plan, region=region).delete()
    storefront_content_changed()
