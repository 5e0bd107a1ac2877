"""The catalog demo data of ``seed_demo`` (apps/*/demo.py) is complete and idempotent."""

from apps.locale_region import demo as markets_demo
from apps.locale_region.models import OrgBrand, OrgLocale, OrgRegion
from apps.payment import demo as payment_demo
from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.payment.models import OrgProductVariantPaymentPlanMarketRegion as PlanPrice
from apps.product import demo as product_demo
from apps.product.models import OrgProduct, OrgProductCollection, OrgProductVariant


def seed(org) -> None:
    for module in (markets_demo, product_demo, payment_demo):  # INSTALLED_APPS order, as seed_demo runs them
        module.seed(org)


def counts() -> dict[str, object]:
    return {
        "locales": sorted(OrgLocale.objects.values_list("locale__locale_key", flat=True)),
        "default_locale": OrgLocale.objects.get(is_default=True).locale_key,
        "brands": OrgBrand.objects.count(),
        "regions": sorted(OrgRegion.objects.values_list("slug", "currency__code")),
        "products": sorted(OrgProduct.objects.values_list("product_type", "status")),
        "translations": OrgProduct._parler_meta.root_model.objects.count(),
        "variants": OrgProductVariant.objects.count(),
        "plans": Plan.objects.count(),
        "prices": PlanPrice.objects.count(),
        "collections": OrgProductCollection.objects.count(),
    }


def test_catalog_demo_is_complete_and_idempotent(org_a, in_org):
    in_org(org_a)
    seed(org_a)
    first = counts()
    assert first == {
        "locales": ["de-DE", "en-US", "es-MX"],
        "default_locale": "en-US",
        "brands": 1,
        "regions": [("eu", "EUR"), ("in", "INR"), ("latam", "MXN"), ("us", "USD")],
        "products": [
            ("course", "published"),
            ("course", "published"),
            ("digital", "published"),
            ("physical", "published"),
            ("service", "published"),
        ],
        "translations": 15,  # five products in three locales
        "variants": 10,
        "plans": 30,  # three tiers on each variant
        "prices": 120,  # every plan priced in all four regions
        "collections": 1,
    }
    seed(org_a)
    assert counts() == first


def test_every_variant_has_three_tiers_priced_in_every_region_in_its_currency(org_a, in_org):
    in_org(org_a)
    seed(org_a)
    regions = {region.pk: region.currency_id for region in OrgRegion.objects.all()}
    for variant in OrgProductVariant.objects.prefetch_related("payment_plans__prices"):
        plans = list(variant.payment_plans.all())
        assert sorted(plan.access_tier for plan in plans) == [1, 2, 3]
        for plan in plans:
            prices = {price.region_id: price for price in plan.prices.all()}
            assert set(prices) == set(regions), plan
            assert all(price.currency_id == regions[region_id] for region_id, price in prices.items())
            assert all(price.amount > 0 and price.is_visible for price in prices.values())
    assert OrgProductCollection.objects.get().entries.count() == 5
