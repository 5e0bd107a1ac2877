"""The onboarding checklist on /manage/: each step ticked when its page has done its work."""

import re

import pytest

from apps.member.models import OrgMember
from apps.org.models import OrgStripeAccount
from apps.payment.selectors.onboarding import STEP_KEYS, onboarding_status
from apps.product.models import OrgProduct
from tests.locale_region.factories import OrgBrandFactory, market, org_locale
from tests.member.factories import OrgMemberFactory
from tests.payment.factories import ManualPaymentMethodFactory, PaymentPlanFactory, PlanPriceFactory, sellable


@pytest.fixture
def console(org_a, in_org, host_client):
    in_org(org_a)
    return host_client(org_a, OrgMemberFactory(role=OrgMember.Role.ADMIN).user)


def _ticks(html: str) -> dict[str, bool]:
    return {key: done == "true" for key, done in re.findall(r'data-step="(\w+)" data-done="(\w+)"', html)}


def test_a_new_org_sees_every_step_to_do_each_linking_to_its_page(console):
    html = console.get("/manage/").content.decode()
    assert _ticks(html) == dict.fromkeys(STEP_KEYS, False)
    assert "0 of 6 steps done" in html
    for href in (
        "/manage/markets/locales/",
        "/manage/markets/regions/new/",
        "/manage/markets/brands/",
        "/manage/catalog/products/",
        "/manage/payments/",
    ):
        assert f'href="{href}"' in html
    # the first step not done is the one the checklist points at
    assert re.search(r'data-step="languages"[^>]*>.*?aria-current="step"', html, re.S)
    assert '<details class="card checklist" id="onboarding" open>' in html


def test_steps_tick_as_the_org_sets_itself_up(console, org_a):
    org_locale("en-US", is_default=True)
    assert _ticks(console.get("/manage/").content.decode())["languages"] is True
    regions = market(1)["regions"]
    OrgBrandFactory()
    plan = PaymentPlanFactory()
    ticks = _ticks(console.get("/manage/").content.decode())
    assert (ticks["market"], ticks["brand"], ticks["product"]) == (True, True, False)  # a plan, no price yet
    PlanPriceFactory(plan=plan, region=regions[0])
    ManualPaymentMethodFactory(region=regions[0])
    html = console.get("/manage/").content.decode()
    assert _ticks(html) == dict.fromkeys(STEP_KEYS, True) | {"publish": False}
    assert re.search(r'data-step="publish"[^>]*>.*?aria-current="step"', html, re.S)
    OrgProduct.objects.filter(pk=plan.variant.product_id).update(status=OrgProduct.Status.PUBLISHED)
    html = console.get("/manage/").content.decode()
    assert _ticks(html) == dict.fromkeys(STEP_KEYS, True)
    assert "Your shop is set up" in html
    assert '<details class="card checklist" id="onboarding">' in html  # folded once done


def test_payments_count_a_stripe_account_only_once_it_takes_charges(console, org_a):
    account = OrgStripeAccount.objects.create(org=org_a, account_id="acct_onboarding1")
    assert onboarding_status(org_id=org_a.pk).steps[STEP_KEYS.index("payments")].is_done is False
    account.charges_enabled = True
    account.save()
    assert onboarding_status(org_id=org_a.pk).steps[STEP_KEYS.index("payments")].is_done is True


def test_a_disabled_bank_transfer_or_a_price_in_another_currency_does_not_count(console, org_a):
    regions = market(2)["regions"]
    ManualPaymentMethodFactory(region=regions[0], is_enabled=False)
    plan = PaymentPlanFactory()
    PlanPriceFactory(plan=plan, region=regions[0], currency=regions[1].currency)  # EUR in the USD market
    status = {step.key: step.is_done for step in onboarding_status(org_id=org_a.pk).steps}
    assert (status["payments"], status["product"]) == (False, False)


def test_the_checklist_costs_the_same_queries_for_a_big_org(console, org_a, django_assert_num_queries):
    regions = market(4)["regions"]
    for region in regions:
        for _ in range(3):
            sellable(region=region)
    with django_assert_num_queries(7):
        onboarding_status(org_id=org_a.pk)


def test_another_orgs_setup_does_not_tick_this_orgs_steps(in_org, org_a, org_b, host_client):
    in_org(org_b)
    regions = market(1)["regions"]
    OrgBrandFactory()
    sellable(region=regions[0])
    in_org(org_a)
    owner = OrgMemberFactory(role=OrgMember.Role.OWNER).user
    html = host_client(org_a, owner).get("/manage/").content.decode()
    assert _ticks(html) == dict.fromkeys(STEP_KEYS, False)


def test_instructors_do_not_get_the_console_home(org_a, in_org, host_client):
    in_org(org_a)
    instructor = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR).user
    assert host_client(org_a, instructor).get("/manage/").status_code == 403
