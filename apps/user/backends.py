"""Authentication backends whose per-request user read comes from the platform cache.

Every signed-in request loads its user; reading the row from Redis instead of PostgreSQL saves
the ORM's query building, which costs more than the round trip. An entry is dropped whenever
the user is saved or deleted (``apps.user.signals``), so a password change, deactivation or
staff change takes effect on the next request; the time-out only bounds what a write that
bypasses ``save()`` (a queryset ``update()``) could leave behind.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.cache import caches

USER_CACHE_ALIAS = "platform"
USER_CACHE_SECONDS = 300


def user_cache_key(user_id: Any) -> str:
    return f"auth-user:{user_id}"


def user_cache_forget(user_id: Any) -> None:
    key = user_cache_key(user_id)
    caches[USER_CACHE_ALIAS].delete(key)
    (_primed.get() or {}).pop(key, None)  # a later read in this request must not see the old row


# Cache entries a request already read (with its session, see volmify.sessions), by key; an entry
# read and found missing is None.
_primed: ContextVar[dict[str, Any] | None] = ContextVar("user_cache_primed", default=None)


@contextmanager
def users_primed(entries: Mapping[str, Any]) -> Iterator[None]:
    """Within the block, ``get_user`` takes the user cache entries in ``entries`` as read."""
    token = _primed.set(dict(entries))
    try:
        yield
    finally:
        _primed.reset(token)


class CachedUserMixin:
    def get_user(self, user_id: Any) -> Any:
        cache = caches[USER_CACHE_ALIAS]
        key = user_cache_key(user_id)
        primed = _primed.get() or {}
        user = primed[key] if key in primed else cache.get(key)
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
