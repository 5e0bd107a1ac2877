"""Demo payment plans from ``demo/<org>.json``: tiers 1-3 (Basic, Premium, VIP) on each variant of the
demo catalogs, priced in USD and in every other region by the PPP price suggestion with charm rounding.

Idempotent. A plan is identified by its variant, access tier and plan type; one an earlier demo made
that the file no longer sells is deactivated (plans are not deleted: orders may point at them).
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import Any

from django.utils import timezone

from apps.locale_region.models import OrgRegion
from apps.member.demo import demo_password
from apps.member.services import member_join
from apps.org.payment_accounts import stripe_account_connect, stripe_account_forget, stripe_account_update
from apps.org.selectors import org_url, stripe_account_for_org
from apps.payment import stripe_api
from apps.payment.models import OrgCart, OrgOrder
from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.payment.selectors.carts import cart_review
from apps.payment.selectors.plans import price_suggestions
from apps.payment.services.carts import cart_create, cart_line_add
from apps.payment.services.checkout import (
    CheckoutDetails,
    ShippingAddress,
    checkout_place,
    checkout_providers,
)
from apps.payment.services.fulfilment import booking_schedule, shipment_mark_shipped
from apps.payment.services.orders import order_mark_paid
from apps.payment.services.plans import (
    PriceInput,
    payment_plan_create,
    payment_plan_prices_set,
    payment_plan_translation_save,
    payment_plan_update,
)
from apps.payment.services.refunds import dispute_open, refund_apply, refund_request
from apps.payment.services.settings import manual_payment_set, stripe_connect_start, stripe_status_refresh
from apps.product.demo import org_locale_keys, product_find, products_publish
from apps.product.models import OrgProduct, OrgProductVariant
from apps.user.services import user_create_verified
from volmify.actors import DEMO_SEED
from volmify.demo import DemoFile, demo_load
from volmify.stripe_standin import onboarding_complete

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
    commerce_seed(org, data)


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


# Commerce: a connected (stand-in) Stripe account, bank transfer in one region, past orders ----------


def commerce_seed(org: Any, data: DemoFile) -> None:
    """The org takes payments and has sold: each demo order is placed once (found again by its key)
    and taken to its outcome (paid, shipped, scheduled, refunded, disputed or still awaiting)."""
    _stripe_account(org)
    _manual_payment(data)
    buyers = [_buyer(org, email) for email in data["buyers"]]
    for spec in data["orders"]:
        _order(org, data, spec, buyers)


def _stripe_account(org: Any) -> None:
    """With the local stand-in, a connected account there, onboarded. With Stripe itself, none: the
    org's owner connects from the console. With neither (tests), a record standing for one."""
    account = stripe_account_for_org(org_id=org.pk)
    if stripe_api.is_standin() and stripe_api.is_configured():
        if account is not None and _standin_knows(account.account_id):
            return
        if account is not None:  # the stand-in's state was cleared: its new account replaces this one
            stripe_account_forget(actor=DEMO_SEED, org=org)
        manage = org_url(org, "/manage/payments/")
        onboarding_complete(
            stripe_connect_start(
                actor=DEMO_SEED, org=org, country="US", email=f"owner@{org.slug}.example",
                return_url=manage, refresh_url=manage,
            )
        )  # fmt: skip
        stripe_status_refresh(actor=DEMO_SEED, org=org)
    elif account is None and not stripe_api.is_configured():
        account = stripe_account_connect(actor=DEMO_SEED, org=org, account_id=f"acct_demo_{org.slug}")
        stripe_account_update(
            account_id=account.account_id,
            charges_enabled=True,
            details_submitted=True,
            payouts_enabled=True,
            requirements_due=[],
        )


def _standin_knows(account_id: str) -> bool:
    try:
        return stripe_api.account_status(account_id=account_id).charges_enabled
    except stripe_api.PaymentProviderError:
        return False


def _manual_payment(data: DemoFile) -> None:
    spec = data["manual_payment"]
    region = OrgRegion.objects.get(slug=spec["region"])
    texts = {
        locale: data.text(spec["instructions"], locale, key="manual_payment.instructions")
        for locale in org_locale_keys()
    }
    manual_payment_set(actor=DEMO_SEED, region=region, is_enabled=True, instructions=texts)


def _buyer(org: Any, email: str) -> Any:
    user = user_create_verified(
        actor=DEMO_SEED, email=email, password=demo_password(), display_name=email.split("@")[0]
    )
    return member_join(actor=user, user=user)


def _order(org: Any, data: DemoFile, spec: dict, buyers: list) -> None:
    token = uuid.uuid5(uuid.NAMESPACE_URL, f"volmify-demo:{org.slug}:{spec['key']}")
    if OrgOrder.objects.filter(cart_token=token).exists():
        return
    key = f"orders[{spec['key']}]"
    buyer = buyers[spec["buyer"]]
    region = OrgRegion.objects.select_related("currency").get(slug=spec["region"])
    if spec["provider"] not in checkout_providers(region_id=region.pk):
        return  # cards with a real Stripe key before the owner connected the org
    cart = cart_create(actor=buyer.user, region=region, member=buyer)
    OrgCart.objects.filter(pk=cart.pk).update(token=token)
    cart.refresh_from_db()
    for item in spec["items"]:
        plan = _plan_find(data, item, key=key)
        cart_line_add(
            actor=buyer.user,
            cart=cart,
            plan_id=plan.pk,
            quantity=item.get("quantity", 1),
            chain=[region.default_locale.locale.locale_key],
        )
    review = cart_review(cart=cart, chain=[region.default_locale.locale.locale_key])
    order = checkout_place(
        actor=buyer.user,
        cart=cart,
        member=buyer,
        details=CheckoutDetails(
            email=buyer.user.email,
            billing_country=region.countries.order_by("alpha2").values_list("alpha2", flat=True)[0],
            provider=spec["provider"],
            locale=region.default_locale.locale.locale_key,
            expected_total=review.subtotal,
            expected_currency=review.currency,
            shipping=_demo_address(region) if review.requires_shipping else None,
        ),
        chain=[region.default_locale.locale.locale_key],
    )
    _outcome(order, spec["outcome"])


def _plan_find(data: DemoFile, item: dict, *, key: str) -> Plan:
    product = product_find(item["product"])
    if product is None:
        raise data.error(key, f"unknown product {item['product']!r}")
    variant = data.ref(_variants_by_name(product), item["variant"], key=f"{key}.variant", kind="variant")
    plan = Plan.objects.filter(
        variant=variant, access_tier=item["tier"], plan_type=Plan.PlanType.ONE_TIME
    ).first()
    if plan is None:
        raise data.error(key, f"no one-time plan at tier {item['tier']} on {item['variant']!r}")
    return plan


def _demo_address(region: OrgRegion) -> ShippingAddress:
    country = region.countries.order_by("alpha2").values_list("alpha2", flat=True)[0]
    return ShippingAddress(
        name="Demo Buyer", line1="1 Example Street", city="Springfield", postal_code="12345", country=country
    )


def _outcome(order: OrgOrder, outcome: str) -> None:
    if outcome == "awaiting_payment":
        return
    reference = f"cs_demo_{order.number}" if order.provider == "stripe" else ""
    order_mark_paid(
        actor=DEMO_SEED,
        order=order,
        amount=order.total,
        reference=reference,
        payment_intent=f"pi_demo_{order.number}",
    )
    line = order.lines.get()  # each demo order has one line
    if outcome == "shipped":
        shipment_mark_shipped(
            actor=DEMO_SEED, shipment=line.shipment, carrier="DHL", tracking_number=f"JD0146{order.number}"
        )
    elif outcome == "scheduled":
        booking_schedule(
            actor=DEMO_SEED,
            booking=line.booking,
            scheduled_at=timezone.now() + timedelta(days=7),
            location="https://meet.example.com/review",
            note="Bring the repository you want reviewed.",
        )
    elif outcome == "refunded":
        refund = refund_request(
            actor=DEMO_SEED, order=order, amount=order.total, reason="Asked within the 14-day window."
        )
        refund_apply(
            actor=DEMO_SEED, refund=refund, reference=f"re_demo_{order.number}"
        )  # as Stripe confirms it
    elif outcome == "disputed":
        dispute_open(
            actor=DEMO_SEED,
            order=order,
            reference=f"dp_demo_{order.number}",
            amount=order.total,
            reason="fraudulent",
        )
