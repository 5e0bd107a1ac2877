"""The signed-in user's row in the platform cache: its key, its read-ahead, and dropping it.

Every signed-in request loads its user; reading the row from Redis instead of PostgreSQL saves
the ORM's query building, which costs more than the round trip. The authentication backends
(``apps.user.backends``) read through ``user_cached``; the session store (``volmify.sessions``)
names the key to read ahead with the session, and ``users_primed`` hands what it read to the
backends. An entry counts only under the generation token it was read under, and every save or
delete of the user sets a new token (``apps.user.signals``), at once and again on commit: a request
that read the old row before a concurrent change committed and cached it afterwards leaves an
entry no reader takes (as in ``apps.member.cache``). A password change, deactivation or staff
change therefore takes effect on the next request; the time-out only bounds memory and what a
write that bypasses ``save()`` (a queryset ``update()``) could leave behind.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import caches

from volmify.cache import ReadAhead

USER_CACHE_ALIAS = "platform"
USER_CACHE_SECONDS = 300

# what a request read with its session (see volmify.sessions)
_read_ahead = ReadAhead("user_cache_read_ahead")
users_primed = _read_ahead.primed


def user_cache_keys(user_id: Any) -> tuple[str, str]:
    """The keys of a user's row and of its generation token."""
    return user_cache_key(user_id), f"auth-user-generation:{user_id}"


def user_cache_key(user_id: Any) -> str:
    return f"auth-user:{user_id}"


def user_cache_forget(user_id: Any) -> None:
    """Make every cached entry of the user's row unusable."""
    key, generation_key = user_cache_keys(user_id)
    caches[USER_CACHE_ALIAS].set(generation_key, uuid.uuid4().hex, USER_CACHE_SECONDS * 2)
    _read_ahead.forget(key, generation_key)


def user_cache_get(user_id: Any) -> tuple[Any, Any]:
    """``(user, generation)``: the cached row, None when nothing valid is cached; and the generation
    to store a fresh read under."""
    keys = user_cache_keys(user_id)
    found = _read_ahead.read(keys, caches[USER_CACHE_ALIAS])
    entry, generation = found.get(keys[0]), found.get(keys[1])
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == generation:
        return entry[1], generation
    return None, generation


def user_cache_set(user_id: Any, user: Any, generation: Any) -> None:
    """Cache ``user``, read under ``generation``."""
    caches[USER_CACHE_ALIAS].set(user_cache_key(user_id), (generation, user), USER_CACHE_SECONDS)


def user_cached(user_id: Any, load: Callable[[Any], Any]) -> Any:
    """The user row with this id: as read ahead, else from the cache, else ``load(user_id)`` (then
    cached); None when ``load`` finds none."""
    user, generation = user_cache_get(user_id)
    if user is None:
        user = load(user_id)
        if user is not None:
            user_cache_set(user_id, user, generation)
    return user
