"""Writes to payment plans, their type extensions and their regional prices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audit_fields, audit_record, audit_translation, audit_value
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
from volmify.actors import Actor, actor_check

Verb = OrgAuditEntry.Verb
PLAN_FIELDS = ("variant", "plan_type", "access_tier", "position", "is_active")
PLAN_TRANSLATION_FIELDS = ("name", "features")

TYPE_MODELS: dict[str, Any] = {
    Plan.PlanType.ONE_TIME: OrgProductVariantPaymentPlanOneTimeType,
    Plan.PlanType.SUBSCRIPTION: OrgProductVariantPaymentPlanSubscriptionType,
    Plan.PlanType.USAGE_BASED: OrgProductVariantPaymentPlanUsageBasedType,
}
TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    Plan.PlanType.ONE_TIME: ("access_days",),
    Plan.PlanType.SUBSCRIPTION: ("interval", "interval_count", "trial_days"),
    Plan.PlanType.USAGE_BASED: ("unit_name", "unit_name_translations"),
}


def _type_values(plan: Plan) -> dict[str, Any]:
    row = TYPE_MODELS[plan.plan_type].objects.filter(plan=plan).first()
    return {} if row is None else audit_fields(row, TYPE_FIELDS[plan.plan_type])


def _plan_audit(plan: Plan) -> dict[str, Any]:
    return audit_fields(plan, PLAN_FIELDS) | _type_values(plan)


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
    actor: Actor,
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
    actor_check(actor)
    if plan_type not in Plan.PlanType.values:
        raise ValidationError({"plan_type": _("Choose a plan type.")})
    _tier_check(access_tier)
    plan = Plan.objects.create(
        variant=variant, plan_type=plan_type, access_tier=access_tier, position=position
    )
    _translation_write(plan=plan, language_code=language_code, name=name, features=features)
    _type_save(plan, details or {})
    after = _plan_audit(plan) | audit_translation(plan, language_code, ("name",))
    audit_record(actor=actor, verb=Verb.CREATE, target=plan, after=after)
    return plan


@transaction.atomic
def payment_plan_update(
    *,
    actor: Actor,
    plan: Plan,
    access_tier: int,
    position: int,
    is_active: bool,
    details: dict[str, Any] | None = None,
) -> Plan:
    actor_check(actor)
    _tier_check(access_tier)
    before = _plan_audit(plan)
    plan.access_tier, plan.position, plan.is_active = access_tier, position, is_active
    plan.save(update_fields=["access_tier", "position", "is_active"])
    _type_save(plan, details or {})
    audit_record(actor=actor, verb=Verb.UPDATE, target=plan, before=before, after=_plan_audit(plan))
    storefront_content_changed()
    return plan


@transaction.atomic
def payment_plan_translation_save(
    *, actor: Actor, plan: Plan, language_code: str, name: str, features: str = ""
) -> Plan:
    actor_check(actor)
    before = audit_translation(plan, language_code, PLAN_TRANSLATION_FIELDS)
    _translation_write(plan=plan, language_code=language_code, name=name, features=features)
    after = audit_translation(plan, language_code, PLAN_TRANSLATION_FIELDS)
    if before != after:
        audit_record(actor=actor, verb=Verb.TRANSLATE, target=plan, before=before, after=after)
    return plan


def _translation_write(*, plan: Plan, language_code: str, name: str, features: str) -> None:
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
                % {"region": price.region.display_name, "currency": region_currency}
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
    actor: Actor,
    plan: Plan,
    region: OrgRegion,
    amount: Decimal | None,
    currency_code: str,
    is_visible: bool = True,
    compare_at_amount: Decimal | None = None,
) -> PlanPrice:
    """Price ``plan`` in ``region``: in the region's currency, non-negative, at the currency's precision."""
    actor_check(actor)
    amount_checked, compare_at = _price_check(
        PriceInput(region, amount, currency_code, is_visible, compare_at_amount)
    )
    before = _price_audit(plan, region)
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
    _price_record(actor, plan, region, before)
    storefront_content_changed()
    return price


def _price_audit(plan: Plan, region: OrgRegion) -> dict[str, Any]:
    """The plan's price in the region keyed by the region's id: ``{"amount:3": "49.000", "currency:3":
    "EUR", ...}`` (all ``None`` when the region has no price)."""
    row = PlanPrice.objects.select_related("currency").filter(plan=plan, region=region).first()
    values = dict.fromkeys(("amount", "compare_at_amount", "currency", "is_visible"))
    if row is not None:
        values |= {
            "amount": audit_value(row.amount),
            "compare_at_amount": audit_value(row.compare_at_amount),
            "currency": row.currency.code,
            "is_visible": row.is_visible,
        }
    return {f"{name}:{region.pk}": value for name, value in values.items()}


def _price_record(actor: Actor, plan: Plan, region: OrgRegion, before: dict[str, Any]) -> None:
    audit_record(actor=actor, verb=Verb.UPDATE, target=plan, before=before, after=_price_audit(plan, region))


@transaction.atomic
def payment_plan_prices_set(*, actor: Actor, plan: Plan, prices: Sequence[PriceInput]) -> list[PlanPrice]:
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
            actor=actor,
            plan=plan,
            region=price.region,
            amount=price.amount,
            currency_code=price.currency_code,
            is_visible=price.is_visible,
            compare_at_amount=price.compare_at_amount,
        )
        for price in prices
    ]


@transaction.atomic
def payment_plan_price_remove(*, actor: Actor, plan: Plan, region: OrgRegion) -> None:
    """Stop offering the plan in the region (a region with no price does not offer it)."""
    actor_check(actor)
    before = _price_audit(plan, region)
    PlanPrice.objects.filter(plan=plan, region=region).delete()
    _price_record(actor, plan, region, before)
    storefront_content_changed()
