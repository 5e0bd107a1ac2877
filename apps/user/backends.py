"""Authentication backends whose per-request user read comes from the platform cache
(``volmify.usercache``: the key, the read-ahead with the session, and dropping an entry)."""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from volmify.usercache import user_cached


class CachedUserMixin:
    def get_user(self, user_id: Any) -> Any:
        user = user_cached(user_id, super().get_user)  # type: ignore[misc]
        if user is None or not self.user_can_authenticate(user):  # type: ignore[attr-defined]
            return None
        return user


class ModelBackend(CachedUserMixin, DjangoModelBackend):
    """Django's email-and-password backend (the email is the username field)."""


class AuthenticationBackend(CachedUserMixin, AllauthBackend):
    """allauth's backend (used by its login, sign-up and verification flows)."""
