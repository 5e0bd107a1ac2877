"""Demo payment plans from ``demo/<org>.json``: tiers 1-3 (Basic, Premium, VIP) on each variant of the
demo catalogs, priced in USD and in every other region by the PPP price suggestion with charm rounding.

Idempotent. A plan is identified by its variant, access tier and plan type; one an earlier demo made
that the file no longer sells is deactivated (plans are not deleted: orders may point at them).
"""

from __future__ import annotations

from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import Any

from apps.locale_region.models import OrgRegion
from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.payment.selectors.plans import price_suggestions
from apps.payment.services.plans import (
    PriceInput,
    payment_plan_create,
    payment_plan_prices_set,
    payment_plan_translation_save,
    payment_plan_update,
)
from apps.product.demo import org_locale_keys, product_find, products_publish
from apps.product.models import OrgProduct, OrgProductVariant
from volmify.actors import DEMO_SEED
from volmify.demo import DemoFile, demo_load

DATA = Path(__file__).parent / "demo"


def seed(org: Any, *, catalog: str | None = None) -> None:
    data = demo_load(DATA, catalog or org.slug)
    regions = list(OrgRegion.objects.select_related("currency").filter(is_active=True))
    source = next((region for region in regions if region.currency.code == "USD"), None)
    if source is None:
        return
    locales = org_locale_keys()
    for slug, specs in groupby(data["plans"], key=lambda spec: spec["product"]):
        key = f"plans[{slug}]"
        product = product_find(slug)
        if product is None:
            raise data.error(key, f"unknown product {slug!r}")
        variants = _variants_by_name(product)
        kept: list[int] = []
        for spec in specs:
            variant = data.ref(variants, spec["variant"], key=f"{key}.variant", kind="variant")
            plan = _plan(
                data, variant, spec, key=f"{key}[{spec['variant']}, tier {spec['tier']}]", locales=locales
            )
            _prices(plan, Decimal(spec["usd"]), source=source, regions=regions)
            kept.append(plan.pk)
        # plans an earlier demo made that this file no longer sells (also on variants it no longer sells)
        for stale in Plan.objects.filter(variant__product=product, is_active=True).exclude(pk__in=kept):
            payment_plan_update(
                actor=DEMO_SEED,
                plan=stale,
                access_tier=stale.access_tier,
                position=stale.position,
                is_active=False,
            )
    products_publish(org, catalog=catalog)


def _variants_by_name(product: OrgProduct) -> dict[str, OrgProductVariant]:
    """The product's active variants by en-US name."""
    rows = OrgProductVariant._parler_meta.root_model.objects.filter(
        master__product=product, master__is_active=True, language_code="en-us"
    ).select_related("master")
    return {row.name: row.master for row in rows}


def _plan(data: DemoFile, variant: OrgProductVariant, spec: dict, *, key: str, locales: list[str]) -> Plan:
    def texts(locale: str) -> tuple[str, str]:
        features = data.text(spec["features"], locale, key=f"{key}.features")
        return data.text(spec["name"], locale, key=f"{key}.name"), "\n".join(features)

    tier, plan_type, details = spec["tier"], spec["type"], spec.get("details", {})
    plan = Plan.objects.filter(variant=variant, access_tier=tier, plan_type=plan_type).first()
    if plan is None:
        name, features = texts("en-US")
        plan = payment_plan_create(actor=DEMO_SEED,
            variant=variant, plan_type=plan_type, access_tier=tier, language_code="en-US",
            name=name, features=features, position=tier, details=details,
        )  # fmt: skip
    elif not plan.is_active or plan.position != tier:
        plan = payment_plan_update(
            actor=DEMO_SEED, plan=plan, access_tier=tier, position=tier, is_active=True, details=details
        )
    stored = {row.language_code: (row.name, row.features) for row in plan.translations.all()}
    for locale in locales:
        wanted = texts(locale)
        if stored.get(locale.lower()) != wanted:
            payment_plan_translation_save(
                actor=DEMO_SEED, plan=plan, language_code=locale, name=wanted[0], features=wanted[1]
            )
    return plan


def _prices(plan: Plan, usd: Decimal, *, source: OrgRegion, regions: list[OrgRegion]) -> None:
    """USD in the source region; elsewhere the charm-rounded PPP suggestion (none: the region is skipped)."""
    suggested = {
        suggestion.region_id: suggestion.amount
        for suggestion in price_suggestions(source_region=source, amount=usd)
    }
    wanted = {source.pk: usd} | {
        region.pk: suggested[region.pk] for region in regions if suggested.get(region.pk)
    }
    stored = {
        price.region_id: (price.amount, price.currency_id, price.is_visible) for price in plan.prices.all()
    }
    by_pk = {region.pk: region for region in regions}
    if all(stored.get(pk) == (amount, by_pk[pk].currency_id, True) for pk, amount in wanted.items()):
        return
    payment_plan_prices_set(
        actor=DEMO_SEED,
        plan=plan,
        prices=[PriceInput(by_pk[pk], amount, by_pk[pk].currency.code) for pk, amount in wanted.items()],
    )
