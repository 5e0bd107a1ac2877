"""Links in emails come from the org's primary verified domain and the configured scheme and port,
never from the request's Host header (password-reset poisoning)."""

import re

import pytest
from django.core import mail
from django.test import Client

from apps.org.domains import org_domain_claim
from apps.org.models import OrgDomain
from tests.actors import TEST_ACTOR
from tests.user.factories import UserFactory

SIGNUP = {"email": "new@example.com", "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9"}


@pytest.fixture(autouse=True)
def _production_like_links(settings):
    settings.PLATFORM_SCHEME = "https"
    settings.PLATFORM_PORT = ""


def _links(message) -> list[str]:
    return re.findall(r"https?://[^\s]+", message.body)


def _reset(host: str, email: str):
    return Client(HTTP_HOST=host).post("/accounts/password/reset/", {"email": email})


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("alpha.localhost:9999", "https://alpha.localhost/accounts/password/reset/key/"),
        ("ALPHA.LOCALHOST.", "https://alpha.localhost/accounts/password/reset/key/"),
        ("localhost:9999", "https://localhost/accounts/password/reset/key/"),
    ],
)
def test_reset_link_uses_the_verified_domain_and_configured_port_whatever_the_host_header(
    org_a, host, expected
):
    user = UserFactory()
    assert _reset(host, user.email).status_code == 302
    assert len(mail.outbox) == 1
    links = _links(mail.outbox[0])
    assert next(link for link in links if "/password/reset/key/" in link).startswith(expected)
    assert all(":9999" not in link and "ALPHA" not in link for link in links)
    assert ":9999" not in mail.outbox[0].body


def test_reset_requested_on_a_pending_domain_is_answered_404_and_sends_nothing(org_a):
    org_domain_claim(actor=TEST_ACTOR, org=org_a, host="evil.example")
    user = UserFactory()
    response = _reset("evil.example", user.email)
    assert response.status_code == 404
    assert b"There is no store at this address" in response.content
    assert mail.outbox == []


def test_reset_requested_on_a_verified_secondary_domain_links_to_the_primary_domain(org_a):
    domain = org_domain_claim(actor=TEST_ACTOR, org=org_a, host="shop.alpha.example")
    OrgDomain.objects.filter(pk=domain.pk).update(is_verified=True)
    user = UserFactory()
    assert _reset("shop.alpha.example:8443", user.email).status_code == 302
    body = mail.outbox[0].body
    assert "https://alpha.localhost/accounts/password/reset/key/" in body
    assert "shop.alpha.example" not in body


def test_signup_confirmation_email_uses_the_verified_domain(org_a):
    Client(HTTP_HOST="alpha.localhost:9999").post("/accounts/signup/", SIGNUP)
    assert "https://alpha.localhost/accounts/confirm-email/" in mail.outbox[0].body
    assert ":9999" not in mail.outbox[0].body


def test_account_already_exists_email_uses_the_verified_domain(org_a):
    UserFactory(email=SIGNUP["email"])
    Client(HTTP_HOST="Alpha.Localhost:9999").post("/accounts/signup/", SIGNUP)
    assert "already" in mail.outbox[0].body
    assert {link.split("/accounts/")[0] for link in _links(mail.outbox[0])} == {"https://alpha.localhost"}
    assert ":9999" not in mail.outbox[0].body


def test_unknown_account_email_uses_the_verified_domain(org_a):
    assert _reset("Alpha.Localhost:9999", "nobody@example.com").status_code == 302
    links = _links(mail.outbox[0])
    assert links and {link.split("/accounts/")[0] for link in links} == {"https://alpha.localhost"}
    assert ":9999" not in mail.outbox[0].body
