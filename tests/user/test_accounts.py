"""allauth on the platform and on org domains: sign-up, mandatory verification, login, reset, 2FA."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from apps.member.models import OrgMember
from apps.org.selectors import host_url
from apps.user.models import User, UserProfile
from tests.user.factories import PASSWORD, UserFactory

SIGNUP = {"email": "new@example.com", "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9"}


def _confirmation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_signup_on_the_platform_requires_email_verification(platform_client):
    response = platform_client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="new@example.com")
    assert UserProfile.objects.filter(user=user).exists()
    assert EmailAddress.objects.get(user=user).verified is False
    assert len(mail.outbox) == 1
    assert host_url("localhost", "/accounts/confirm-email/") in mail.outbox[0].body

    login = platform_client.post(
        "/accounts/login/", {"login": "new@example.com", "password": SIGNUP["password1"]}
    )
    assert login["Location"] == "/accounts/confirm-email/"  # not signed in until verified
    assert "_auth_user_id" not in platform_client.session

    platform_client.post(_confirmation_path(mail.outbox[-1]))
    assert EmailAddress.objects.get(user=user).verified is True
    assert platform_client.session["_auth_user_id"] == str(user.pk)


def test_signup_on_an_org_domain_links_back_to_that_domain_and_joins_as_learner(host_client, in_org, org_a):
    client = host_client(org_a)
    client.post("/accounts/signup/", SIGNUP)
    assert host_url("alpha.localhost", "/accounts/confirm-email/") in mail.outbox[0].body
    user = User.objects.get(email="new@example.com")
    in_org(org_a)
    assert OrgMember.objects.get(user=user).role == OrgMember.Role.LEARNER


def test_signup_with_a_taken_email_creates_nothing_and_tells_only_the_owner(platform_client):
    """allauth prevents account enumeration: the page looks the same, the owner gets an email."""
    UserFactory(email="new@example.com")
    response = platform_client.post("/accounts/signup/", SIGNUP)
    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.filter(email="new@example.com").count() == 1
    assert mail.outbox[0].to == ["new@example.com"]
    assert "already" in mail.outbox[0].body


def test_signing_in_is_per_domain(host_client, org_a, org_b):
    user = UserFactory()
    client_a = host_client(org_a)
    response = client_a.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client_a.session["_auth_user_id"] == str(user.pk)
    assert "_auth_user_id" not in host_client(org_b).session


def test_wrong_password_is_refused(platform_client):
    user = UserFactory()
    response = platform_client.post("/accounts/login/", {"login": user.email, "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"] == [
        "The email address and/or password you specified are not correct."
    ]


@pytest.mark.parametrize("org_key", [None, "a"])
def test_password_reset_sends_a_link_on_the_same_domain(host_client, org_a, org_key):
    user = UserFactory()
    client = host_client(org_a if org_key else None)
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    host = "alpha.localhost" if org_key else "localhost"
    assert host_url(host, "/accounts/password/reset/key/") in mail.outbox[0].body


def test_two_factor_totp_setup_is_available_to_signed_in_users(platform_client):
    user = UserFactory()
    platform_client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = platform_client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")  # a sensitive step: password again
    platform_client.post(response["Location"], {"password": PASSWORD})
    response = platform_client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert response.context["form"].fields["code"].required is True
    assert response.context["totp_url"].startswith(f"otpauth://totp/{user.email.replace('@', '%40')}?secret=")
    assert response.context["totp_url"].endswith("&issuer=Volmify")  # what the QR code encodes


def test_staff_reach_the_admin_and_others_do_not(host_client, staff_client):
    assert staff_client.get("/admin/").status_code == 200
    response = host_client(user=UserFactory()).get("/admin/")
    assert response.status_code == 302
