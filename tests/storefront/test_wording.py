"""Durations and billing periods read as phrases of the page's language, never "300 s" or "per Month"."""

import pytest
from django.utils import translation

from apps.payment.models import OrgProductVariantPaymentPlanSubscriptionType as Subscription
from apps.storefront.templatetags.storefront import billing_period, duration


@pytest.mark.parametrize(
    ("language", "seconds", "expected"),
    [
        ("en", 300, "5 minutes"),
        ("en", 5400, "1 hour and 30 minutes"),
        ("en", 45, "45 seconds"),
        ("es", 300, "5 minutos"),
        ("ar", 5400, "ساعة و30 دقيقة"),
        ("en", 0, ""),
        ("en", None, ""),
    ],
)
def test_durations_in_words(language, seconds, expected):
    with translation.override(language):
        assert duration(seconds) == expected


@pytest.mark.parametrize(
    ("interval", "count", "expected"),
    [
        ("month", 1, "per month"),
        ("month", 3, "every 3 months"),
        ("year", 1, "per year"),
        ("week", 2, "every 2 weeks"),
    ],
)
def test_billing_periods_are_whole_lowercase_phrases(interval, count, expected):
    with translation.override("en"):
        assert billing_period(Subscription(interval=interval, interval_count=count)) == expected


def test_region_skill_and_unit_names_read_in_the_pages_language(shop, host_client, org_a):
    from apps.payment.services.plans import payment_plan_create
    from apps.product.services import product_skill_set
    from apps.skill.models import Skill
    from tests.actors import TEST_ACTOR
    from tests.payment.factories import PlanPriceFactory

    regions = shop["regions"]
    for region in regions:
        region.name_translations = {"ar": f"منطقة {region.slug}", "es": f"Región {region.slug}"}
        region.save()
    product = shop["product"]
    product_skill_set(
        actor=TEST_ACTOR, product=product, skill=Skill.objects.get(slug="data-science"), weight=50
    )
    plan = payment_plan_create(
        actor=TEST_ACTOR,
        variant=product.variants.first(),
        plan_type="usage_based",
        access_tier=1,
        language_code="en-US",
        name="Coaching",
        details={"unit_name": "session", "unit_name_translations": {"ar": "جلسة", "es": "sesión"}},
    )
    PlanPriceFactory(plan=plan, region=regions[4])
    html = host_client(org_a).get("/eg/p/django-for-teams/?lang=ar-EG").content.decode()
    assert "منطقة eu (EUR)" in html and "EU (EUR)" not in html
    assert "علم البيانات" in html and "Data Science" not in html
    assert "جلسة" in html and "session" not in html
