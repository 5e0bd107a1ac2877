"""Custom domains: normalization, refusals, verification by DNS (fake resolver) or by staff, routing."""

import pytest
from django.core.exceptions import ValidationError

from apps.org.domains import (
    domain_normalize,
    fake_txt_record_plant,
    org_domain_claim,
    verification_record_name,
)
from apps.org.models import OrgDomain
from apps.org.tasks import domain_verification_sweep, org_domain_verify_task
from tests.org.factories import OrgDomainFactory
from tests.user.factories import UserFactory


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("Shop.Example.COM", "shop.example.com"),
        ("shop.example.com.", "shop.example.com"),
        ("  shop.example.com:8443 ", "shop.example.com"),
        ("Bücher.Example", "xn--bcher-kva.example"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
    ],
)
def test_hosts_are_normalized(raw, normalized):
    assert domain_normalize(raw) == normalized


@pytest.mark.parametrize(
    ("host", "code"),
    [
        ("initech.localhost", "platform"),  # another org's future subdomain
        ("beta.localhost", "platform"),  # another org's subdomain
        ("eu.beta.localhost", "platform"),
        ("localhost", "invalid"),
        ("admin.localhost", "reserved"),
        ("shop.www.localhost", "reserved"),
        ("a b<script>", "invalid"),
        ("-shop.example.com", "invalid"),
        ("shop..example.com", "invalid"),
        ("10.0.0.1", "invalid"),
        ("x" * 64 + ".example.com", "invalid"),
        ("shop.beta.example", "taken"),  # another org holds it, even unverified
    ],
)
def test_claims_outside_the_orgs_reach_are_refused(org_a, org_b, host, code):
    OrgDomainFactory(tenant=org_b, domain="shop.beta.example", is_primary=False, is_verified=False)
    before = sorted(OrgDomain.objects.values_list("domain", "tenant_id", "is_verified"))
    with pytest.raises(ValidationError) as error:
        org_domain_claim(org=org_a, host=host)
    assert error.value.code == code
    assert sorted(OrgDomain.objects.values_list("domain", "tenant_id", "is_verified")) == before


@pytest.mark.parametrize("host", ["alpha.localhost", "eu.alpha.localhost", "EU.Shop.Alpha.Localhost."])
def test_names_in_the_orgs_own_subdomain_are_verified_at_once(org_a, host):
    domain = org_domain_claim(org=org_a, host=host)
    assert (domain.domain, domain.tenant_id, domain.is_verified, domain.verification_token) == (
        host.lower().rstrip("."), org_a.pk, True, "",
    )  # fmt: skip


def test_an_outside_domain_is_pending_with_a_token_and_claiming_again_changes_nothing(org_a):
    domain = org_domain_claim(org=org_a, host="Shop.Alpha.Example")
    assert (domain.domain, domain.is_verified, domain.verified_at, len(domain.verification_token)) == (
        "shop.alpha.example", False, None, 32,
    )  # fmt: skip
    assert org_domain_claim(org=org_a, host="shop.alpha.example.").verification_token == (
        domain.verification_token
    )
    assert OrgDomain.objects.filter(domain="shop.alpha.example").count() == 1


def test_pending_domain_does_not_route_until_its_dns_record_is_found(org_a, client):
    domain = org_domain_claim(org=org_a, host="shop.alpha.example")
    assert client.get("/", HTTP_HOST="shop.alpha.example").status_code == 404

    assert org_domain_verify_task.delay(domain_id=domain.pk).get() is False  # no record yet
    domain.refresh_from_db()
    assert (domain.is_verified, domain.last_checked_at is not None) == (False, True)
    fake_txt_record_plant(verification_record_name("shop.alpha.example"), "someone-elses-token")
    assert org_domain_verify_task.delay(domain_id=domain.pk).get() is False
    assert client.get("/", HTTP_HOST="shop.alpha.example").status_code == 404

    fake_txt_record_plant("_volmify.shop.alpha.example", domain.verification_token)
    assert domain_verification_sweep.delay().get() == 1
    domain.refresh_from_db()
    assert (domain.is_verified, domain.verified_at is not None) == (True, True)
    response = client.get("/", HTTP_HOST="shop.alpha.example")
    assert response.status_code == 200
    assert response.context["current_org"].pk == org_a.pk


def test_staff_verify_a_pending_domain_with_the_admin_action(org_a, client):
    domain = org_domain_claim(org=org_a, host="shop.alpha.example")
    assert client.get("/", HTTP_HOST="shop.alpha.example").status_code == 404
    staff = UserFactory(is_staff=True, is_superuser=True)
    admin = type(client)(HTTP_HOST="localhost")
    admin.force_login(staff)
    response = admin.post(
        "/admin/org/orgdomain/", {"action": "mark_verified", "_selected_action": [domain.pk]}
    )
    assert response.status_code == 302
    domain.refresh_from_db()
    assert domain.is_verified is True
    assert client.get("/", HTTP_HOST="shop.alpha.example").status_code == 200


@pytest.mark.parametrize(
    "host", ["ALPHA.LOCALHOST", "Alpha.Localhost", "alpha.localhost.", "ALPHA.localhost:8000"]
)
def test_host_routing_is_case_insensitive_and_ignores_a_trailing_dot(org_a, client, host):
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 200
    assert response.context["current_org"].pk == org_a.pk
