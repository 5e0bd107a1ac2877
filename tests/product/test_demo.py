"""The catalog demo data of ``seed_demo`` (apps/*/demo.py) is complete, translated, priced and idempotent."""

from decimal import Decimal

import pytest

from apps.locale_region import demo as markets_demo
from apps.locale_region.models import OrgBrand, OrgLocale, OrgRegion
from apps.payment import demo as payment_demo
from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.payment.models import OrgProductVariantPaymentPlanMarketRegion as PlanPrice
from apps.payment.services.plans import payment_plan_create
from apps.product import demo as product_demo
from apps.product.models import (
    OrgProduct,
    OrgProductCollection,
    OrgProductFaq,
    OrgProductImage,
    OrgProductSkill,
    OrgProductVariant,
)
from apps.product.services import product_create, product_variant_create
from tests.actors import TEST_ACTOR

COURSE_DEMO_SLUGS = {"django-for-teams", "practical-sql"}  # apps/course/demo.py finds its products by these


def seed(org, catalog=None) -> None:
    for module in (markets_demo, product_demo, payment_demo):  # INSTALLED_APPS order, as seed_demo runs them
        module.seed(org, catalog=catalog)


def counts() -> dict[str, object]:
    return {
        "locales": sorted(OrgLocale.objects.values_list("locale__locale_key", flat=True)),
        "default_locale": OrgLocale.objects.get(is_default=True).locale_key,
        "brands": OrgBrand.objects.count(),
        "regions": sorted(OrgRegion.objects.values_list("slug", "currency__code")),
        "products": sorted(OrgProduct.objects.values_list("product_type", "status")),
        "translations": OrgProduct._parler_meta.root_model.objects.count(),
        "variants": OrgProductVariant.objects.count(),
        "plans": sorted(Plan.objects.values_list("access_tier", "plan_type")),
        "prices": PlanPrice.objects.count(),
        "collections": sorted(OrgProductCollection.objects.values_list("kind", flat=True)),
        "entries": OrgProductCollection.products.through.objects.count(),
        "skills": OrgProductSkill.objects.count(),
        "images": OrgProductImage.objects.count(),
        "faqs": OrgProductFaq.objects.count(),
    }


def plan_rows(tier_counts: dict[tuple[int, str], int]) -> list[tuple[int, str]]:
    return sorted(key for key, count in tier_counts.items() for _ in range(count))


def test_acme_catalog_demo_is_complete_and_idempotent(org_a, in_org):
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
            ("digital", "published"),
            ("physical", "published"),
            ("service", "published"),
        ],
        "translations": 18,  # six products in three locales
        "variants": 9,
        "plans": plan_rows(
            {
                (1, "one_time"): 6,
                (2, "one_time"): 7,
                (2, "subscription"): 1,
                (2, "usage_based"): 1,
                (3, "one_time"): 7,
                (3, "subscription"): 2,
            }
        ),
        "prices": 96,  # 24 plans in four regions
        "collections": ["featured", "topic"],
        "entries": 8,
        "skills": 16,
        "images": 12,  # a cover and an illustration per product
        "faqs": 4,
    }
    seed(org_a)
    assert counts() == first


def test_globex_catalog_demo_has_an_arabic_region_and_is_idempotent(org_a, in_org):
    in_org(org_a)
    seed(org_a, "globex")
    first = counts()
    assert first == {
        "locales": ["ar-AE", "de-DE", "en-US", "es-MX"],
        "default_locale": "en-US",
        "brands": 1,
        "regions": [("eu", "EUR"), ("in", "INR"), ("latam", "MXN"), ("mena", "AED"), ("us", "USD")],
        "products": [
            ("course", "published"),
            ("course", "published"),
            ("course", "published"),
            ("digital", "published"),
            ("physical", "published"),
            ("service", "published"),
        ],
        "translations": 24,  # six products in four locales
        "variants": 9,
        "plans": plan_rows(
            {
                (1, "one_time"): 6,
                (2, "one_time"): 5,
                (2, "subscription"): 3,
                (3, "one_time"): 7,
                (3, "subscription"): 2,
            }
        ),
        "prices": 115,  # 23 plans in five regions
        "collections": ["featured", "topic"],
        "entries": 8,
        "skills": 17,
        "images": 12,
        "faqs": 4,
    }
    mena = OrgRegion.objects.get(slug="mena")
    assert (mena.region_type, mena.default_locale.locale_key, mena.path_prefix) == (
        "economic",
        "ar-AE",
        "mena",
    )
    assert sorted(mena.locales.values_list("locale__locale_key", flat=True)) == ["ar-AE", "en-US"]
    seed(org_a, "globex")
    assert counts() == first


@pytest.mark.parametrize("catalog", ["acme", "globex"])
def test_every_product_is_translated_into_every_org_locale(org_a, in_org, catalog):
    in_org(org_a)
    seed(org_a, catalog)
    locales = {key.lower() for key in OrgLocale.objects.values_list("locale__locale_key", flat=True)}
    for product in OrgProduct.objects.prefetch_related("translations"):
        rows = {row.language_code: row for row in product.translations.all()}
        assert set(rows) == locales, product.pk
        assert len({row.title for row in rows.values()}) == len(locales)  # translated, not copied
        for row in rows.values():
            assert row.summary and row.seo_title and row.seo_description
            assert row.description.count("<p>") >= 2
    for model in (OrgProductVariant, Plan, OrgProductCollection):
        for row in model.objects.prefetch_related("translations"):
            assert {t.language_code for t in row.translations.all()} == locales, row


@pytest.mark.parametrize("catalog", ["acme", "globex"])
def test_the_course_demo_finds_its_course_products(org_a, in_org, catalog):
    in_org(org_a)
    seed(org_a, catalog)
    courses = OrgProduct.objects.filter(
        translations__slug__in=COURSE_DEMO_SLUGS, translations__language_code="en-us"
    )
    assert set(courses.values_list("product_type", flat=True)) == {"course"}
    assert courses.count() == 2


def test_regional_prices_follow_the_ppp_suggestion(org_a, in_org):
    in_org(org_a)
    seed(org_a, "globex")
    product = product_demo.product_find("business-english")
    basic = Plan.objects.get(variant__product=product, variant__position=0, access_tier=1)
    prices = {
        price.region.slug: (price.amount, price.currency.code)
        for price in basic.prices.select_related("region", "currency")
    }
    assert prices == {
        "us": (Decimal("49.00"), "USD"),
        "eu": (Decimal("33.99"), "EUR"),
        "latam": (Decimal("489.00"), "MXN"),
        "in": (Decimal("999.00"), "INR"),
        "mena": (Decimal("109.00"), "AED"),
    }


def test_every_active_variant_has_plans_priced_in_every_region_in_its_currency(org_a, in_org):
    in_org(org_a)
    seed(org_a, "globex")
    regions = {region.pk: region.currency_id for region in OrgRegion.objects.all()}
    for variant in OrgProductVariant.objects.prefetch_related("payment_plans__prices"):
        plans = list(variant.payment_plans.all())
        assert len(plans) >= 2
        for plan in plans:
            prices = {price.region_id: price for price in plan.prices.all()}
            assert set(prices) == set(regions), plan
            assert all(price.currency_id == regions[region_id] for region_id, price in prices.items())
            assert all(price.amount > 0 and price.is_visible for price in prices.values())
    tiers = set(Plan.objects.values_list("access_tier", flat=True))
    assert tiers == {1, 2, 3}


def test_products_of_the_earlier_demo_are_updated_in_place(org_a, in_org):
    in_org(org_a)
    markets_demo.seed(org_a)
    old = product_create(actor=TEST_ACTOR,
        product_type="physical", language_code="en-US", title="Printed Field Guide",
        slug="printed-field-guide", extension={"sku": "GUIDE-001"},
    )  # fmt: skip
    kept = product_variant_create(
        actor=TEST_ACTOR, product=old, language_code="en-US", name="Self-paced", position=0
    )
    dropped = product_variant_create(
        actor=TEST_ACTOR, product=old, language_code="en-US", name="With mentoring", position=1
    )
    legacy_plan = payment_plan_create(actor=TEST_ACTOR,
        variant=kept, plan_type="subscription", access_tier=2, language_code="en-US", name="Premium",
        details={"interval": "month", "interval_count": 1},
    )  # fmt: skip
    product_demo.seed(org_a)
    payment_demo.seed(org_a)
    assert product_demo.product_find("python-field-guide").pk == old.pk
    assert OrgProduct.objects.filter(product_type="physical").count() == 1
    old.refresh_from_db()
    assert old.physical.sku == "ACME-PFG-2E"
    kept.refresh_from_db()
    dropped.refresh_from_db()
    legacy_plan.refresh_from_db()
    assert (kept.is_active, dropped.is_active, legacy_plan.is_active) == (True, False, False)
    assert Plan.objects.filter(variant=kept, is_active=True).count() == 3


def test_every_demo_product_has_described_pictures_on_its_page(org_a, in_org):
    in_org(org_a)
    seed(org_a, "globex")
    for product in OrgProduct.objects.all():
        assert [len(entry["renditions"]) for entry in product.gallery] == [3, 3]  # 320, 640, 1280 wide
        for entry in product.gallery:
            assert sorted(entry["alt"]) == ["ar-ae", "de-de", "en-us", "es-mx"]
    english = product_demo.product_find("business-english")
    assert english.gallery[0]["alt"]["ar-ae"].startswith("غلاف «")
    assert english.gallery[0]["alt"]["en-us"].startswith("Cover of “Business English")
