"""Signing in on an org's domain from the platform with a one-time token."""

from urllib.parse import parse_qs, urlparse

from apps.org.models import Org
from apps.user.handoff import handoff_token_issue, handoff_token_redeem
from tests.user.factories import UserFactory


def test_enter_redirects_the_creator_to_the_org_domain_and_signs_them_in(host_client, org_a):
    owner = org_a.created_by
    response = host_client(user=owner).get(f"/orgs/{org_a.slug}/enter/?next=/manage/")
    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert (target.scheme, target.netloc, target.path) == (
        "http",
        "alpha.localhost:8000",
        "/accounts/handoff/",
    )
    org_client = host_client(org_a)
    landed = org_client.get(target.path + "?" + target.query)
    assert landed["Location"] == "/manage/"
    assert org_client.session["_auth_user_id"] == str(owner.pk)
    assert org_client.get("/manage/").status_code == 200


def test_a_token_works_once(org_a):
    user = UserFactory()
    token = handoff_token_issue(user=user, org=org_a)
    assert handoff_token_redeem(token=token, org=org_a) == user
    assert handoff_token_redeem(token=token, org=org_a) is None


def test_a_token_for_one_org_does_not_work_on_another(org_a, org_b):
    token = handoff_token_issue(user=UserFactory(), org=org_a)
    assert handoff_token_redeem(token=token, org=org_b) is None


def test_a_forged_token_is_refused_and_signs_nobody_in(host_client, org_a):
    client = host_client(org_a)
    response = client.get("/accounts/handoff/?token=forged&next=/manage/")
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_handoff_never_redirects_off_site(host_client, org_a):
    user = UserFactory()
    token = handoff_token_issue(user=user, org=org_a)
    response = host_client(org_a).get("/accounts/handoff/", {"token": token, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_only_the_creator_may_enter(host_client, org_a):
    assert host_client(user=UserFactory()).get(f"/orgs/{org_a.slug}/enter/").status_code == 404


def test_enter_waits_for_an_org_still_provisioning(host_client, org_a):
    org_a.status = Org.Status.PROVISIONING
    org_a.save()
    response = host_client(user=org_a.created_by).get(f"/orgs/{org_a.slug}/enter/")
    assert response["Location"] == f"/orgs/{org_a.slug}/"
    assert parse_qs(urlparse(response["Location"]).query) == {}
