"""Authentication backends whose per-request user read comes from the platform cache.

Every signed-in request loads its user; reading the row from Redis instead of PostgreSQL saves
the ORM's query building, which costs more than the round trip. An entry is dropped whenever
the user is saved or deleted (``apps.user.signals``), so a password change, deactivation or
staff change takes effect on the next request; the time-out only bounds what a write that
bypasses ``save()`` (a queryset ``update()``) could leave behind.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.cache import caches

USER_CACHE_ALIAS = "platform"
USER_CACHE_SECONDS = 300


def user_cache_key(user_id: Any) -> str:
    return f"auth-user:{user_id}"


def user_cache_forget(user_id: Any) -> None:
    caches[USER_CACHE_ALIAS].delete(user_cache_key(user_id))


class CachedUserMixin:
    def get_user(self, user_id: Any) -> Any:
        cache = caches[USER_CACHE_ALIAS]
        key = user_cache_key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)  # type: ignore[misc]
            if user is None:
                return None
            cache.set(key, user, USER_CACHE_SECONDS)
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(CachedUserMixin, DjangoModelBackend):
    """Django's email-and-password backend (the email is the username field)."""


class AuthenticationBackend(CachedUserMixin, AllauthBackend):
    """allauth's backend (used by its login, sign-up and verification flows)."""
