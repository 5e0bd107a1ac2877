"""Two-factor authentication (allauth MFA, TOTP) where it is required.

- Django admin (``TwoFactorAdminSite``): platform staff reach it only from a session that passed a
  TOTP check (signed in with a code, confirmed one since, or just set up an authenticator).
- An org's console and studio: owners and admins, when the org requires it
  (``Org.require_two_factor``; the check is in ``apps.web.permissions``).

A session that does not qualify is sent to the "two-factor required" page
(``TwoFactorRequiredView``, on the platform host and on every org domain), which offers to set up
an authenticator or to confirm a code, and then comes back.
"""

from __future__ import annotations

import time
from functools import wraps
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.admin import AdminSite
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.generic import TemplateView

REQUIRED_URL_NAME = "two_factor_required"


def session_passed_two_factor(request: HttpRequest) -> bool:
    """Whether this session has checked a second factor (read from the session, no query)."""
    user = request.user
    if not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)  # [] unless recorded for this very user
    return any(record.get("method") == "mfa" for record in records)


def user_has_two_factor(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_authenticated and is_mfa_enabled(user, [Authenticator.Type.TOTP])


def totp_code_now(secret: str) -> str:
    """The code an authenticator app shows now for ``secret`` (demo staff, tests, browser tests)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def two_factor_required_redirect(request: HttpRequest, *, reason: str) -> HttpResponseRedirect:
    query = urlencode({"next": request.get_full_path(), "reason": reason})
    return HttpResponseRedirect(f"{reverse(REQUIRED_URL_NAME)}?{query}")


def safe_next(request: HttpRequest, default: str = "/") -> str:
    """The ``next`` parameter when it stays on this host, else ``default``."""
    candidate = request.GET.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


class TwoFactorAdminSite(AdminSite):
    """Django admin whose every view (the model admins' too: they go through ``admin_view``)
    answers only staff sessions that passed two-factor authentication. Checked here rather than
    in a middleware, so no other page pays for it."""

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        checked = super().admin_view(view, cacheable)

        @wraps(checked)
        def two_factor_checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            match = request.resolver_match
            is_logout = match is not None and match.url_name == "logout"
            if user.is_active and user.is_staff and not is_logout and not session_passed_two_factor(request):
                return two_factor_required_redirect(request, reason="staff")
            return checked(request, *args, **kwargs)  # signed out or not staff: the admin's own answer

        return two_factor_checked


class TwoFactorRequiredView(LoginRequiredMixin, TemplateView):
    """Where a session without a second factor is sent (Django admin, an org that requires it):
    set up an authenticator, or confirm a code, then go back to ``next``."""

    template_name = "account/two_factor_required.html"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if session_passed_two_factor(request):
            return HttpResponseRedirect(safe_next(request))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        confirm_query = urlencode({"next": safe_next(self.request)})
        context["has_totp"] = user_has_two_factor(self.request.user)
        context["confirm_url"] = f"{reverse('mfa_reauthenticate')}?{confirm_query}"
        context["reason"] = "staff" if self.request.GET.get("reason") == "staff" else "org"
        return context
