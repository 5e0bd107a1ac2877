"""/manage/payments/: connecting Stripe (one account per org, onboarding links on the org's own
domain, its status re-read from Stripe) and bank transfer per region with instructions per locale."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from apps.audit.models import OrgAuditEntry
from apps.locale_region.selectors import org_region_list
from apps.member.models import OrgMember
from apps.org.models import OrgStripeAccount
from apps.org.payment_accounts import stripe_account_connect
from apps.payment import stripe_api
from apps.payment.models import OrgManualPaymentMethod
from apps.payment.services.checkout import checkout_providers
from tests.actors import TEST_ACTOR
from tests.conftest import domain_of
from tests.locale_region.factories import market
from tests.member.factories import OrgMemberFactory
from tests.org.factories import OrgDomainFactory
from tests.payment.stripe_fake import FakeStripe


@pytest.fixture
def fake():
    fake = FakeStripe()
    with stripe_api.use_http_client(fake):
        yield fake


@pytest.fixture
def regions(org_a, in_org):
    in_org(org_a)
    return market(2)["regions"]  # US (default, en-US), EU (de-DE default, en-US)


@pytest.fixture
def admin(regions, host_client, org_a):
    return host_client(org_a, user=OrgMemberFactory(role=OrgMember.Role.ADMIN).user)


def _requests(fake, path):
    return [request for request in fake.requests if request.path == path]


def test_connecting_creates_one_account_and_sends_the_admin_to_stripe(admin, fake, org_a):
    page = admin.get(reverse("manage_payments"))
    assert page.status_code == 200
    assert 'value="US" selected' in page.content.decode()  # the default region's country
    OrgDomainFactory(tenant=org_a, domain="learn.alpha-shop.test", is_primary=False)
    # asked on another of the org's hosts: Stripe still sends the admin back to the primary domain
    response = admin.post(
        reverse("manage_payments_stripe_connect"), {"country": "US"}, HTTP_HOST="learn.alpha-shop.test"
    )
    assert response.status_code == 302
    account = OrgStripeAccount.objects.get(org=org_a)
    assert response["Location"] == f"https://connect.stripe.test/setup/{account.account_id}"
    create = _requests(fake, "/v1/accounts")[0]
    assert (create.params["country"], create.params["business_profile"]["name"]) == ("US", org_a.name)
    assert create.idempotency_key == f"account-create-{org_a.schema_name}"
    link = _requests(fake, "/v1/account_links")[0].params
    host = domain_of(org_a)
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
    base = f"{settings.PLATFORM_SCHEME}://{host}{port}"
    assert link["return_url"] == base + reverse("manage_payments_stripe_return")
    assert link["refresh_url"] == base + reverse("manage_payments_stripe_refresh")
    assert OrgAuditEntry.objects.filter(object_type="org.orgstripeaccount", verb="add").count() == 1

    again = admin.post(reverse("manage_payments_stripe_connect"), {})  # "Continue onboarding"
    assert again.status_code == 302
    assert len(_requests(fake, "/v1/accounts")) == 1
    assert len(_requests(fake, "/v1/account_links")) == 2
    assert OrgStripeAccount.objects.filter(org=org_a).count() == 1


@pytest.mark.parametrize("country", ["", "ZZ", "\x00"])
def test_a_bad_country_is_refused_and_nothing_is_created(admin, fake, org_a, country):
    response = admin.post(reverse("manage_payments_stripe_connect"), {"country": country})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not OrgStripeAccount.objects.filter(org=org_a).exists()
    assert fake.requests == []


def test_stripe_refusing_the_account_shows_its_message_and_records_nothing(admin, fake, org_a):
    fake.fail_next(
        "POST", "/v1/accounts", status=400, type="invalid_request_error", code="country_unsupported"
    )
    response = admin.post(reverse("manage_payments_stripe_connect"), {"country": "US"}, follow=True)
    assert (
        "Stripe could not be reached: The payment provider refused the request." in response.content.decode()
    )
    assert not OrgStripeAccount.objects.filter(org=org_a).exists()


def test_the_return_url_reads_the_status_from_stripe(admin, fake, org_a, regions):
    account_id = fake.account_add(
        charges_enabled=False,
        details_submitted=True,
        payouts_enabled=False,
        requirements={"currently_due": ["external_account"], "past_due": ["tos_acceptance.date"]},
    )
    stripe_account_connect(actor=TEST_ACTOR, org=org_a, account_id=account_id)
    response = admin.get(reverse("manage_payments_stripe_return"), follow=True)
    body = response.content.decode()
    assert "Stripe still needs some details" in body
    assert "external_account" in body and "tos_acceptance.date" in body
    account = OrgStripeAccount.objects.get(org=org_a)
    assert (account.charges_enabled, account.details_submitted, account.requirements_due) == (
        False,
        True,
        ["external_account", "tos_acceptance.date"],
    )
    assert "5.00% of each payment" in body  # the platform's fee, shown read-only
    assert 'name="application_fee_percent"' not in body
    fake.objects[account_id].update(charges_enabled=True, requirements={"currently_due": [], "past_due": []})
    response = admin.post(reverse("manage_payments_stripe_status"), follow=True)
    assert "Your Stripe account is ready" in response.content.decode()
    assert checkout_providers(region_id=regions[0].pk) == ["stripe"]


def test_the_refresh_url_makes_a_new_link_or_goes_back_without_an_account(admin, fake, org_a):
    response = admin.get(reverse("manage_payments_stripe_refresh"))
    assert response["Location"] == reverse("manage_payments")
    assert fake.requests == []
    account_id = fake.account_add()
    stripe_account_connect(actor=TEST_ACTOR, org=org_a, account_id=account_id)
    response = admin.get(reverse("manage_payments_stripe_refresh"))
    assert response["Location"] == f"https://connect.stripe.test/setup/{account_id}"


def test_bank_transfer_is_switched_on_per_region_with_instructions_per_locale(admin, regions):
    us, eu = regions
    url = reverse("manage_payments_manual", args=[eu.pk])
    form = admin.get(url)
    assert form.status_code == 200
    assert 'name="instructions_de-DE"' in form.content.decode()
    data = {
        "is_enabled": "on",
        "instructions_de-DE": "Überweisung an IBAN DE00 1234",
        "instructions_en-US": "Pay to IBAN DE00 1234",
    }
    assert admin.post(url, data).status_code == 302
    method = OrgManualPaymentMethod.objects.get(region=eu)
    assert method.is_enabled
    texts = dict(method.translations.values_list("language_code", "instructions"))
    assert texts == {"de-de": "Überweisung an IBAN DE00 1234", "en-us": "Pay to IBAN DE00 1234"}
    assert checkout_providers(region_id=eu.pk) == ["manual"]
    assert checkout_providers(region_id=us.pk) == []
    entry = OrgAuditEntry.objects.get(object_type="payment.orgmanualpaymentmethod")
    assert entry.changes["is_enabled"] == [None, True]
    assert entry.changes["instructions:de-DE"] == [None, "Überweisung an IBAN DE00 1234"]

    data = {"instructions_de-DE": "Überweisung an IBAN DE00 1234", "instructions_en-US": ""}
    assert admin.post(url, data).status_code == 302  # off again, English removed
    method.refresh_from_db()
    assert not method.is_enabled
    assert list(method.translations.values_list("language_code", flat=True)) == ["de-de"]
    assert checkout_providers(region_id=eu.pk) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"is_enabled": "on", "instructions_en-US": "Pay us"}, "Write the instructions in de-DE"),
        ({"is_enabled": "on", "instructions_de-DE": "x" * 5001}, "at most 5000 characters"),
        ({"is_enabled": "on", "instructions_de-DE": "a\x00b"}, "Null characters are not allowed."),
    ],
)
def test_bad_bank_transfer_settings_are_refused_and_change_nothing(admin, regions, data, message):
    eu = regions[1]
    response = admin.post(reverse("manage_payments_manual", args=[eu.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OrgManualPaymentMethod.objects.filter(region=eu).exists()


@pytest.mark.parametrize("role", [OrgMember.Role.LEARNER, OrgMember.Role.INSTRUCTOR])
def test_learners_and_instructors_cannot_change_payment_settings(regions, host_client, org_a, fake, role):
    client = host_client(org_a, user=OrgMemberFactory(role=role).user)
    eu = regions[1]
    assert client.get(reverse("manage_payments")).status_code == 403
    assert client.post(reverse("manage_payments_stripe_connect"), {"country": "US"}).status_code == 403
    assert client.get(reverse("manage_payments_stripe_return")).status_code == 403
    data = {"is_enabled": "on", "instructions_de-DE": "IBAN"}
    assert client.post(reverse("manage_payments_manual", args=[eu.pk]), data).status_code == 403
    assert not OrgStripeAccount.objects.filter(org=org_a).exists()
    assert not OrgManualPaymentMethod.objects.exists()
    assert fake.requests == []


def test_another_orgs_region_is_404_and_changes_nothing(admin, in_org, org_a, org_b):
    in_org(org_b)
    foreign_regions = market(5)["regions"]
    in_org(org_a)
    own = {region.pk for region in org_region_list()}
    foreign = next(region for region in foreign_regions if region.pk not in own)
    response = admin.post(
        reverse("manage_payments_manual", args=[foreign.pk]), {"is_enabled": "on", "instructions_en-US": "x"}
    )
    assert response.status_code == 404
    in_org(org_b)
    assert not OrgManualPaymentMethod.objects.exists()


def test_the_console_navigation_links_orders_and_payments(admin):
    body = admin.get(reverse("manage_payments")).content.decode()
    assert f'href="{reverse("manage_order_list")}"' in body
    assert f'href="{reverse("manage_payments")}" aria-current="page"' in body
