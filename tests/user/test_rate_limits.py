"""Sign-in, password reset, sign-up and verification limits are platform-wide: one budget per
account and per client address, shared by the platform host and every org host."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client

from apps.user.adapters import AccountAdapter
from tests.user.factories import PASSWORD, UserFactory

SIGN_IN_REFUSED = "Too many failed sign-in attempts. Try again in 5 minutes."


@pytest.fixture
def clients(host_client, org_a, org_b) -> list[Client]:
    """A client on org A's host, one on org B's and one on the platform host."""
    return [host_client(org_a), host_client(org_b), host_client()]


def _form_errors(response) -> list[str]:
    return response.context["form"].errors["__all__"]


def test_rate_limit_keys_are_platform_wide_and_other_keys_stay_per_schema(org_a, in_org):
    in_public = (
        cache.make_key("allauth:rl:allauth.account:login_failed:5/300.0/key:x"),
        cache.make_key("page"),
    )
    in_org(org_a)
    in_tenant = (
        cache.make_key("allauth:rl:allauth.account:login_failed:5/300.0/key:x"),
        cache.make_key("page"),
    )
    assert (
        in_public[0]
        == in_tenant[0]
        == "platform-ratelimit::1:allauth:rl:allauth.account:login_failed:5/300.0/key:x"
    )
    assert in_public[1] == "public::1:page"
    assert in_tenant[1] == f"{org_a.schema_name}::1:page"


def test_five_failed_sign_ins_on_any_hosts_lock_the_account_on_every_host(clients):
    user = UserFactory()
    for client in (*clients, clients[0], clients[1]):  # five failures, spread over three hosts
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
        assert _form_errors(response) == ["The email address and/or password you specified are not correct."]
    for client in clients:
        response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        assert response.status_code == 200
        assert _form_errors(response) == [SIGN_IN_REFUSED]
        assert "_auth_user_id" not in client.session


def test_the_lock_is_per_account(clients):
    locked, other = UserFactory(), UserFactory()
    for _ in range(5):
        clients[0].post("/accounts/login/", {"login": locked.email, "password": "wrong"})
    response = clients[1].post("/accounts/login/", {"login": other.email, "password": PASSWORD})
    assert response.status_code == 302
    assert clients[1].session["_auth_user_id"] == str(other.pk)


def test_failed_sign_ins_from_one_address_are_limited_across_accounts_and_hosts(clients):
    users = UserFactory.create_batch(10)
    for index, user in enumerate(users):  # ten accounts, one failure each, on rotating hosts
        clients[index % 3].post("/accounts/login/", {"login": user.email, "password": "wrong"})
    fresh = UserFactory()
    for client in clients:
        response = client.post("/accounts/login/", {"login": fresh.email, "password": PASSWORD})
        assert _form_errors(response) == [SIGN_IN_REFUSED]


def test_the_sign_in_message_promises_the_configured_window():
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"
    assert AccountAdapter.error_messages["too_many_login_attempts"] == SIGN_IN_REFUSED


def test_password_reset_requests_for_one_account_are_limited_on_every_host(clients):
    user = UserFactory()
    for client in (*clients, clients[0], clients[1]):
        assert client.post("/accounts/password/reset/", {"email": user.email}).status_code == 302
    assert len(mail.outbox) == 5
    for client in clients:
        response = client.post("/accounts/password/reset/", {"email": user.email})
        assert response.status_code == 429
        assert "Try again in a minute." in response.content.decode()
    assert len(mail.outbox) == 5


def test_password_reset_from_a_link_is_limited_per_address_on_every_host(clients):
    for index in range(20):
        response = clients[index % 3].post("/accounts/password/reset/key/1-bad/", {})
        assert response.status_code != 429
    for client in clients:
        assert client.post("/accounts/password/reset/key/1-bad/", {}).status_code == 429


def test_sign_ups_from_one_address_are_limited_on_every_host(clients):
    for index in range(10):
        email = f"new{index}@example.com"
        data = {"email": email, "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9"}
        assert clients[index % 3].post("/accounts/signup/", data).status_code == 302
    for client in clients:
        data = {
            "email": "one-more@example.com",
            "password1": "a-long-passphrase-9",
            "password2": "a-long-passphrase-9",
        }
        response = client.post("/accounts/signup/", data)
        assert response.status_code == 429
        assert "Too many attempts" in response.content.decode()
    assert not EmailAddress.objects.filter(email="one-more@example.com").exists()


def test_a_verification_email_is_not_sent_again_from_another_host_within_the_cooldown(clients):
    user = UserFactory(verified=False)
    for client in clients:
        client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert len(mail.outbox) == 1  # one email for the account, whichever host asked


def test_the_429_page_is_translated(host_client):
    user = UserFactory()
    client = host_client()
    for _ in range(5):
        client.post("/accounts/password/reset/", {"email": user.email})
    response = client.post("/accounts/password/reset/", {"email": user.email}, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 429
    assert response.templates[0].name == "429.html"
    assert connection.schema_name == "public"


def test_org_creation_is_limited_per_user_with_a_message_and_nothing_created(host_client):
    from apps.org.models import Org

    user = UserFactory()
    client = host_client(user=user)
    for index in range(3):
        response = client.post("/orgs/new/", {"name": f"School {index}", "slug": f"school-{index}"})
        assert response.status_code == 302
    response = client.post("/orgs/new/", {"name": "One more", "slug": "one-more"})
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"] == [
        "You have created several organizations recently. Try again in an hour."
    ]
    assert not Org.objects.filter(slug="one-more").exists()
    assert Org.objects.filter(created_by=user).count() == 3
