"""Custom domains: normalization, refusals, verification by DNS (fake resolver) or by staff, routing."""

from datetime import timedelta
from importlib import import_module

import dns.exception
import dns.resolver
import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.org.domains import (
    DnsPythonResolver,
    DomainLookupError,
    FakeResolver,
    domain_normalize,
    fake_txt_record_plant,
    org_domain_check,
    org_domain_claim,
    verification_record_name,
)
from apps.org.models import Org, OrgDomain
from apps.org.services import org_create
from apps.org.tasks import MISSING_RECORD_RETRIES, domain_verification_sweep, org_domain_verify_task
from tests.actors import TEST_ACTOR
from tests.org.factories import OrgDomainFactory
from tests.user.factories import UserFactory
from volmify.tenancy import tenant_for_hostname


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
        org_domain_claim(actor=TEST_ACTOR, org=org_a, host=host)
    assert error.value.code == code
    assert sorted(OrgDomain.objects.values_list("domain", "tenant_id", "is_verified")) == before


@pytest.mark.parametrize("host", ["alpha.localhost", "eu.alpha.localhost", "EU.Shop.Alpha.Localhost."])
def test_names_in_the_orgs_own_subdomain_are_verified_at_once(org_a, host):
    domain = org_domain_claim(actor=TEST_ACTOR, org=org_a, host=host)
    assert (domain.domain, domain.tenant_id, domain.is_verified, domain.verification_token) == (
        host.lower().rstrip("."), org_a.pk, True, "",
    )  # fmt: skip


def test_an_outside_domain_is_pending_with_a_token_and_claiming_again_changes_nothing(org_a):
    domain = org_domain_claim(actor=TEST_ACTOR, org=org_a, host="Shop.Alpha.Example")
    assert (domain.domain, domain.is_verified, domain.verified_at, len(domain.verification_token)) == (
        "shop.alpha.example", False, None, 32,
    )  # fmt: skip
    assert org_domain_claim(actor=TEST_ACTOR, org=org_a, host="shop.alpha.example.").verification_token == (
        domain.verification_token
    )
    assert OrgDomain.objects.filter(domain="shop.alpha.example").count() == 1


def test_pending_domain_does_not_route_until_its_dns_record_is_found(
    org_a, client, django_capture_on_commit_callbacks
):
    domain = org_domain_claim(actor=TEST_ACTOR, org=org_a, host="shop.alpha.example")
    assert client.get("/", HTTP_HOST="shop.alpha.example").status_code == 404

    assert org_domain_verify_task.delay(domain_id=domain.pk).get() is False  # no record yet
    domain.refresh_from_db()
    assert (domain.is_verified, domain.last_checked_at is not None) == (False, True)
    fake_txt_record_plant(verification_record_name("shop.alpha.example"), "someone-elses-token")
    assert org_domain_verify_task.delay(domain_id=domain.pk).get() is False
    assert client.get("/", HTTP_HOST="shop.alpha.example").status_code == 404

    fake_txt_record_plant("_volmify.shop.alpha.example", domain.verification_token)
    with django_capture_on_commit_callbacks(execute=True):
        assert domain_verification_sweep.delay().get() == 1
    domain.refresh_from_db()
    assert (domain.is_verified, domain.verified_at is not None) == (True, True)
    response = client.get("/", HTTP_HOST="shop.alpha.example")
    assert response.status_code == 200
    assert response.context["current_org"].pk == org_a.pk


def test_staff_verify_a_pending_domain_with_the_admin_action(org_a, client, staff_client):
    domain = org_domain_claim(actor=TEST_ACTOR, org=org_a, host="shop.alpha.example")
    assert client.get("/", HTTP_HOST="shop.alpha.example").status_code == 404
    admin = staff_client
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


def test_status_goes_from_pending_to_failed_to_verified_with_what_each_check_found(org_a):
    domain = org_domain_claim(actor=TEST_ACTOR, org=org_a, host="shop.alpha.example")
    assert (domain.status, domain.last_check_result) == ("pending", "")
    org_domain_check(actor=TEST_ACTOR, domain=domain)
    domain.refresh_from_db()
    assert (domain.status, domain.last_check_result) == ("failed", "not_found")
    fake_txt_record_plant("_volmify.shop.alpha.example", "someone-elses-token")
    org_domain_check(actor=TEST_ACTOR, domain=domain)
    domain.refresh_from_db()
    assert (domain.status, domain.last_check_result, domain.is_verified) == ("failed", "wrong_value", False)
    fake_txt_record_plant("_volmify.shop.alpha.example", f" {domain.verification_token} ")
    org_domain_check(actor=TEST_ACTOR, domain=domain)
    domain.refresh_from_db()
    assert (domain.status, domain.last_check_result, domain.is_verified) == ("verified", "", True)


@pytest.fixture
def eager_retries(monkeypatch):
    """Eager tasks retry in place only when their errors are not propagated (the test settings do)."""
    from volmify.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


def test_a_failed_lookup_is_recorded_and_retried_by_the_task(org_a, monkeypatch, eager_retries):
    domain = org_domain_claim(actor=TEST_ACTOR, org=org_a, host="shop.alpha.example")
    calls = []

    def failing(self, name):
        calls.append(name)
        raise DomainLookupError(name)

    monkeypatch.setattr(FakeResolver, "txt_records", failing)
    with pytest.raises(DomainLookupError):
        org_domain_verify_task.apply(kwargs={"domain_id": domain.pk}).get()
    assert calls == ["_volmify.shop.alpha.example"] * 6  # the first try and five retries
    domain.refresh_from_db()
    assert (domain.status, domain.last_check_result, domain.is_verified) == ("failed", "lookup_failed", False)


def test_a_claim_is_checked_after_commit_and_again_while_the_record_is_missing(
    org_a, monkeypatch, django_capture_on_commit_callbacks, eager_retries
):
    looked_up = []
    real = FakeResolver.txt_records

    def counting(self, name):
        looked_up.append(name)
        if len(looked_up) == 3:  # the owner creates the record while the task is still retrying
            fake_txt_record_plant(name, OrgDomain.objects.get(domain="shop.alpha.example").verification_token)
        return real(self, name)

    monkeypatch.setattr(FakeResolver, "txt_records", counting)
    with django_capture_on_commit_callbacks(execute=True):
        org_domain_claim(actor=TEST_ACTOR, org=org_a, host="shop.alpha.example")
    assert len(looked_up) == 3
    assert OrgDomain.objects.get(domain="shop.alpha.example").is_verified is True


def test_a_claim_whose_record_never_appears_is_retried_a_bounded_number_of_times(
    org_a, monkeypatch, django_capture_on_commit_callbacks, eager_retries
):
    looked_up = []
    real = FakeResolver.txt_records
    monkeypatch.setattr(
        FakeResolver, "txt_records", lambda self, name: looked_up.append(name) or real(self, name)
    )
    with django_capture_on_commit_callbacks(execute=True):
        org_domain_claim(actor=TEST_ACTOR, org=org_a, host="shop.alpha.example")
    assert len(looked_up) == 1 + MISSING_RECORD_RETRIES
    assert OrgDomain.objects.get(domain="shop.alpha.example").status == "failed"


def test_the_sweep_skips_verified_and_long_abandoned_claims(org_a, django_capture_on_commit_callbacks):
    recent = org_domain_claim(actor=TEST_ACTOR, org=org_a, host="recent.alpha.example")
    old = org_domain_claim(actor=TEST_ACTOR, org=org_a, host="old.alpha.example")
    OrgDomain.objects.filter(pk=old.pk).update(claimed_at=timezone.now() - timedelta(days=31))
    with django_capture_on_commit_callbacks() as callbacks:
        assert domain_verification_sweep.delay().get() == 1
    assert len(callbacks) == 1
    recent.refresh_from_db()
    assert recent.last_checked_at is None  # enqueued, not run yet


def test_a_fresh_pending_claim_of_another_org_is_refused_but_a_stale_one_gives_way(org_a, org_b):
    theirs = org_domain_claim(actor=TEST_ACTOR, org=org_b, host="shop.example.com")
    with pytest.raises(ValidationError) as error:
        org_domain_claim(actor=TEST_ACTOR, org=org_a, host="shop.example.com")
    assert error.value.messages == ["This host belongs to another organization."]
    OrgDomain.objects.filter(pk=theirs.pk).update(claimed_at=timezone.now() - timedelta(days=8))
    ours = org_domain_claim(actor=TEST_ACTOR, org=org_a, host="shop.example.com")
    assert list(
        OrgDomain.objects.filter(domain="shop.example.com").values_list("tenant_id", "is_verified")
    ) == [(org_a.pk, False)]
    assert ours.verification_token != theirs.verification_token


def test_a_verified_domain_of_another_org_never_gives_way(org_a, org_b):
    theirs = org_domain_claim(actor=TEST_ACTOR, org=org_b, host="shop.example.com")
    OrgDomain.objects.filter(pk=theirs.pk).update(
        is_verified=True, claimed_at=timezone.now() - timedelta(days=90)
    )
    with pytest.raises(ValidationError):
        org_domain_claim(actor=TEST_ACTOR, org=org_a, host="shop.example.com")
    assert OrgDomain.objects.get(domain="shop.example.com").tenant_id == org_b.pk


def test_www_and_uppercase_hosts_route_to_the_org(org_a, client):
    response = client.get("/", HTTP_HOST="WWW.ALPHA.LOCALHOST")
    assert response.status_code == 200
    assert response.context["current_org"].pk == org_a.pk


def test_a_failed_check_keeps_cached_host_lookups(org_a, django_assert_num_queries):
    domain = org_domain_claim(actor=TEST_ACTOR, org=org_a, host="shop.alpha.example")
    with pytest.raises(OrgDomain.DoesNotExist):
        tenant_for_hostname("shop.alpha.example")  # now remembered as unknown
    org_domain_check(
        actor=TEST_ACTOR, domain=domain
    )  # a check that finds nothing changes no routing: no forgetting
    with django_assert_num_queries(0), pytest.raises(OrgDomain.DoesNotExist):
        tenant_for_hostname("shop.alpha.example")


def test_the_migration_reverifies_domains_outside_the_platform_and_frees_squatted_platform_names(
    org_a, org_b
):
    migration = import_module("apps.org.migrations.0004_orgdomain_check_result")
    squatted = [
        OrgDomainFactory(tenant=org_a, domain=host, is_primary=False, is_verified=True)
        for host in ("initech.localhost", "admin.localhost", "eu.beta.localhost")
    ]
    evil = OrgDomainFactory(tenant=org_a, domain="evil.example", is_primary=False, is_verified=True)
    own = OrgDomainFactory(tenant=org_a, domain="eu.alpha.localhost", is_primary=False, is_verified=True)
    migration.prove_domains_outside_the_platform(django_apps, None)
    assert not OrgDomain.objects.filter(pk__in=[row.pk for row in squatted]).exists()
    evil.refresh_from_db()
    assert (evil.is_verified, len(evil.verification_token)) == (False, 32)
    assert OrgDomain.objects.get(pk=own.pk).is_verified is True
    assert set(OrgDomain.objects.filter(is_verified=True).values_list("domain", flat=True)) == {
        "localhost", "alpha.localhost", "beta.localhost", "eu.alpha.localhost",
    }  # fmt: skip


def test_a_domain_staff_add_in_admin_is_normalized_and_gets_a_token(org_a, client, staff_client):
    admin = staff_client
    data = {"domain": "Shop.Alpha.Example.", "tenant": org_a.pk}
    assert admin.post("/admin/org/orgdomain/add/", data).status_code == 302
    domain = OrgDomain.objects.get(domain="shop.alpha.example")
    assert (domain.tenant_id, domain.is_primary, domain.is_verified) == (org_a.pk, False, False)
    assert len(domain.verification_token) == 32
    assert client.get("/", HTTP_HOST="shop.alpha.example").status_code == 404


def test_signup_of_a_subdomain_a_region_holds_is_refused_and_the_constraint_decides_a_race(
    org_a, host_client, django_capture_on_commit_callbacks
):
    OrgDomainFactory(tenant=org_a, domain="initech.localhost", is_primary=False, is_verified=False)
    client = host_client(user=UserFactory())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/orgs/new/", {"name": "Initech", "slug": "initech"})
    assert response.context["form"].errors["slug"] == ["This subdomain is already taken."]
    assert (Org.objects.filter(slug="initech").exists(), callbacks) == (False, [])
    with pytest.raises(IntegrityError), transaction.atomic():  # the form passed, a claim came first
        org_create(actor=UserFactory(), name="Initech", slug="initech")
    assert not Org.objects.filter(slug="initech").exists()


class _Rdata:
    def __init__(self, *strings: bytes) -> None:
        self.strings = strings


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ([_Rdata(b"volmify-", b"token"), _Rdata(b"other")], ["volmify-token", "other"]),
        (dns.resolver.NXDOMAIN(), []),
        (dns.resolver.NoAnswer(), []),
        (dns.exception.Timeout(), DomainLookupError),
        (dns.resolver.NoNameservers(), DomainLookupError),
    ],
)
def test_the_dnspython_resolver_answers_records_nothing_or_a_lookup_error(monkeypatch, answer, expected):
    asked = []

    def resolve(name, rdtype, lifetime):
        asked.append((name, rdtype, lifetime))
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(dns.resolver, "resolve", resolve)
    if expected is DomainLookupError:
        with pytest.raises(DomainLookupError):
            DnsPythonResolver().txt_records("_volmify.shop.example.com")
    else:
        assert DnsPythonResolver().txt_records("_volmify.shop.example.com") == expected
    assert asked == [("_volmify.shop.example.com", "TXT", 5.0)]
