"""allauth hooks: profiles on sign-up, and email links built from configured domains."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.org.selectors import org_primary_domain, org_url, platform_url
from apps.user.services import user_profile_ensure


class AccountAdapter(DefaultAccountAdapter):
    # The failed sign-in limit is five per account per five minutes (ACCOUNT_RATE_LIMITS), on all hosts.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _("Too many failed sign-in attempts. Try again in 5 minutes."),
    }

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """allauth keys failed sign-ins by the request's host and the login; ours by the login
        alone, so an account has one budget whichever host the attempts come through."""
        return credentials.get("email", credentials.get("username", "")).lower()

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user_profile_ensure(actor=user, user=user)  # storefront membership: apps.member.signals
        return user

    # Links in emails: never from the request's Host header or port. -----------------------------------

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return email_url(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return email_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def send_account_already_exists_mail(self, email: str) -> None:
        context = {
            "signup_url": email_url(reverse("account_signup")),
            "password_reset_url": email_url(reverse("account_reset_password")),
        }
        self.send_mail("account/email/account_already_exists", email, context)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Every allauth email: the site it names and links is the org's verified domain, not the Host."""
        context = {**context, "current_site": EmailSite(email_host())}
        if "signup_url" in context:  # allauth's "unknown account" email builds it from the request
            context["signup_url"] = email_url(reverse("account_signup"))
        super().send_mail(template_prefix, email, context)


class EmailSite:
    """What allauth's email templates read as ``current_site``."""

    def __init__(self, domain: str) -> None:
        self.domain = self.name = domain


def _email_org() -> Any:
    request = allauth_context.request
    return getattr(request, "tenant", None) if request is not None else None


def email_host() -> str:
    """The host emails name: the org's primary verified domain, else the platform domain."""
    org = _email_org()
    return (org_primary_domain(org) if org is not None else None) or settings.PLATFORM_DOMAIN


def email_url(path: str) -> str:
    """An absolute link for an email: the org's primary verified domain, the configured scheme and port."""
    org = _email_org()
    return org_url(org, path) if org is not None else platform_url(path)
