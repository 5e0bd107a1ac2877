from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.payment.models import OrgProductVariantPaymentPlanMarketRegion as PlanPrice
from apps.payment.selectors.plans import access_tier_name, price_suggestions
from apps.payment.services.plans import (
    PriceInput,
    payment_plan_create,
    payment_plan_price_set,
    payment_plan_prices_set,
)
from tests.actors import TEST_ACTOR
from tests.locale_region.factories import market
from tests.payment.factories import PaymentPlanFactory
from tests.product.factories import OrgProductVariantFactory


@pytest.fixture
def setup(org_a, in_org):
    in_org(org_a)
    data = market(4)
    return data["regions"], PaymentPlanFactory(variant=OrgProductVariantFactory())


def test_subscription_and_usage_plans_have_their_type_rows(setup):
    variant = OrgProductVariantFactory()
    plan = payment_plan_create(actor=TEST_ACTOR,
        variant=variant, plan_type="subscription", access_tier=2, language_code="en-US", name="Monthly",
        details={"interval": "month", "interval_count": 1, "trial_days": 14},
    )  # fmt: skip
    assert (plan.subscription.interval, plan.subscription.trial_days) == ("month", 14)
    usage = payment_plan_create(actor=TEST_ACTOR,
        variant=variant, plan_type="usage_based", access_tier=3, language_code="en-US", name="Per session",
        details={"unit_name": "session"},
    )  # fmt: skip
    assert usage.usage_based.unit_name == "session"


@pytest.mark.parametrize(("tier", "name"), [(1, "Basic"), (2, "Premium"), (3, "VIP"), (4, "Tier 4")])
def test_tier_names(tier, name):
    assert access_tier_name(tier) == name


def test_tier_zero_and_usage_without_unit_are_refused(setup):
    variant = OrgProductVariantFactory()
    with pytest.raises(ValidationError):
        payment_plan_create(
            actor=TEST_ACTOR,
            variant=variant,
            plan_type="one_time",
            access_tier=0,
            language_code="en-US",
            name="X",
        )
    with pytest.raises(ValidationError):
        payment_plan_create(
            actor=TEST_ACTOR,
            variant=variant,
            plan_type="usage_based",
            access_tier=1,
            language_code="en-US",
            name="X",
        )
    assert Plan.objects.filter(variant=variant).count() == 0


def test_price_is_stored_in_the_regions_currency(setup):
    regions, plan = setup
    price = payment_plan_price_set(
        actor=TEST_ACTOR, plan=plan, region=regions[1], amount=Decimal("19.9"), currency_code="EUR"
    )
    assert (price.amount, price.currency.code) == (Decimal("19.90"), "EUR")


@pytest.mark.parametrize(
    ("amount", "currency", "field"),
    [("-5.00", "EUR", "amount"), ("19.999", "EUR", "amount"), ("19.99", "USD", "currency")],
)
def test_bad_prices_save_nothing(setup, amount, currency, field):
    regions, plan = setup
    with pytest.raises(ValidationError) as error:
        payment_plan_price_set(
            actor=TEST_ACTOR, plan=plan, region=regions[1], amount=Decimal(amount), currency_code=currency
        )
    assert field in error.value.message_dict
    assert PlanPrice.objects.count() == 0


def test_batch_of_prices_is_all_or_nothing(setup):
    regions, plan = setup
    with pytest.raises(ValidationError) as error:
        payment_plan_prices_set(
            actor=TEST_ACTOR,
            plan=plan,
            prices=[
                PriceInput(regions[0], Decimal("19.99"), "USD"),
                PriceInput(regions[1], Decimal("-1"), "EUR"),
            ],
        )
    assert "eu" in error.value.message_dict
    assert PlanPrice.objects.count() == 0


def test_price_suggestions_for_other_regions(setup):
    regions, _plan = setup
    suggestions = {
        s.region_id: s for s in price_suggestions(source_region=regions[0], amount=Decimal("49.00"))
    }
    assert set(suggestions) == {regions[1].pk, regions[2].pk, regions[3].pk}
    assert suggestions[regions[3].pk].amount == Decimal("999.00")
    assert suggestions[regions[2].pk].amount == Decimal("489.00")
    assert suggestions[regions[1].pk].currency_code == "EUR"
