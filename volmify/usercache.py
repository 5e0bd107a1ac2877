"""The signed-in user's row in the platform cache: its key, its read-ahead, and dropping it.

Every signed-in request loads its user; reading the row from Redis instead of PostgreSQL saves
the ORM's query building, which costs more than the round trip. The authentication backends
(``apps.user.backends``) read through ``user_cached``; the session store (``volmify.sessions``)
names the key to read ahead with the session, and ``users_primed`` hands what it read to the
backends. An entry is dropped whenever the user is saved or deleted (``apps.user.signals``), so a
password change, deactivation or staff change takes effect on the next request; the time-out only
bounds what a write that bypasses ``save()`` (a queryset ``update()``) could leave behind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import caches

from volmify.cache import ReadAhead

USER_CACHE_ALIAS = "platform"
USER_CACHE_SECONDS = 300

# what a request read with its session (see volmify.sessions)
_read_ahead = ReadAhead("user_cache_read_ahead")
users_primed = _read_ahead.primed


def user_cache_key(user_id: Any) -> str:
    return f"auth-user:{user_id}"


def user_cache_forget(user_id: Any) -> None:
    key = user_cache_key(user_id)
    caches[USER_CACHE_ALIAS].delete(key)
    _read_ahead.forget(key)


def user_cached(user_id: Any, load: Callable[[Any], Any]) -> Any:
    """The user row with this id: as read ahead, else from the cache, else ``load(user_id)`` (then
    cached); None when ``load`` finds none."""
    cache = caches[USER_CACHE_ALIAS]
    key = user_cache_key(user_id)
    primed = _read_ahead.entries()
    user = primed[key] if key in primed else cache.get(key)
    if user is None:
        user = load(user_id)
        if user is not None:
            cache.set(key, user, USER_CACHE_SECONDS)
    return user
