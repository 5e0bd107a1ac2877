"""Host routing: platform, org storefronts, unknown and malformed hosts, admin only on the platform."""

import pytest
from django.core.cache import caches
from django.db import connection

from apps.org.models import Org, OrgDomain
from volmify.tenancy import tenant_for_hostname


def test_platform_domain_serves_the_platform_home(platform_client):
    response = platform_client.get("/")
    assert response.status_code == 200
    assert b"Create your organization" in response.content


def test_org_domain_serves_its_storefront_with_its_name(host_client, org_a, org_b):
    response = host_client(org_a).get("/")
    assert response.status_code == 200
    assert response.context["current_org"].pk == org_a.pk
    assert b"<title>Alpha</title>" in response.content
    assert b"Beta" not in response.content


def test_unknown_host_gets_the_designed_404(client, db):
    response = client.get("/", HTTP_HOST="nobody.localhost")
    assert response.status_code == 404
    assert b"There is no store at this address" in response.content


@pytest.mark.parametrize("host", ["bad_host!", "exa mple.com", "shop.localhost:port", "a/b.localhost"])
def test_malformed_host_header_gets_400(client, db, host):
    assert client.get("/", HTTP_HOST=host).status_code == 400


def test_admin_is_routed_on_the_platform_only(platform_client, host_client, org_a):
    assert platform_client.get("/admin/").status_code == 302  # to the login page
    assert host_client(org_a).get("/admin/").status_code == 404


def test_host_lookup_is_cached_and_costs_no_query_the_second_time(org_a, django_assert_num_queries):
    domain = OrgDomain.objects.get(tenant=org_a).domain
    assert tenant_for_hostname(domain).pk == org_a.pk
    with django_assert_num_queries(0):
        assert tenant_for_hostname(domain).pk == org_a.pk


def test_changing_a_domain_invalidates_the_cached_lookup(host_client, org_a):
    domain = OrgDomain.objects.get(tenant=org_a)
    old_host = domain.domain
    assert host_client(org_a).get("/").status_code == 200  # now cached
    domain.domain = "alpha-renamed.localhost"
    domain.save()
    assert host_client().get("/", HTTP_HOST=old_host).status_code == 404
    assert host_client().get("/", HTTP_HOST="alpha-renamed.localhost").status_code == 200


def test_deleting_a_domain_invalidates_the_cached_lookup(host_client, org_a):
    assert host_client(org_a).get("/").status_code == 200
    domain = OrgDomain.objects.get(tenant=org_a)
    host = domain.domain
    domain.delete()
    assert host_client().get("/", HTTP_HOST=host).status_code == 404


def test_org_status_change_invalidates_the_cached_lookup(host_client, org_a):
    assert host_client(org_a).get("/").status_code == 200
    org_a.status = Org.Status.FAILED
    org_a.save()
    response = host_client(org_a).get("/")
    assert response.status_code == 404
    assert b"This store is not available" in response.content


def test_provisioning_org_answers_503_with_retry_after(host_client, org_a):
    org_a.status = Org.Status.PROVISIONING
    org_a.save()
    response = host_client(org_a).get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_requests_leave_the_connection_in_the_org_schema_they_served(host_client, org_a):
    host_client(org_a).get("/")
    assert connection.schema_name == org_a.schema_name


def test_a_process_remembers_lookups_without_asking_the_shared_cache(org_a, django_assert_num_queries):
    domain = OrgDomain.objects.get(tenant=org_a).domain
    tenant_for_hostname(domain)
    caches["platform"].clear()  # another process could have dropped it; this one still knows
    with django_assert_num_queries(0):
        assert tenant_for_hostname(domain).pk == org_a.pk


def test_each_request_gets_its_own_org_instance(org_a):
    domain = OrgDomain.objects.get(tenant=org_a).domain
    first, second = tenant_for_hostname(domain), tenant_for_hostname(domain)
    assert first is not second and first._state is not second._state
    first.domain_url = "annotated.example"
    assert getattr(second, "domain_url", None) != "annotated.example"
    assert (second.pk, second.schema_name, second._state.adding, second._state.db) == (
        org_a.pk,
        org_a.schema_name,
        False,
        "default",
    )
