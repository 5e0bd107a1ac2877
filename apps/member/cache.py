"""The signed-in user's membership row in the org's cache, so that a page's navigation (and a role
check) costs no query.

Entries live in the tenant cache (keys carry the org's schema), per user id, beside a generation
token. Every save or delete of the member row sets a new token (``apps.member.signals``), at once
and again on commit, and an entry counts only under the token it was read under: a request that
read the old row before a concurrent change committed and cached it afterwards leaves an entry
that no reader takes. A role change therefore takes effect on the next request. The time-out only
bounds memory and what a write bypassing ``save()`` could leave behind.

The storefront reads a visitor's two keys with their session in one round trip and primes them
here (``members_primed``); elsewhere they are read in one ``get_many``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import cache

from volmify.cache import ReadAhead

MEMBER_CACHE_SECONDS = 300
NOT_A_MEMBER = "not-a-member"

_read_ahead = ReadAhead("member_cache_read_ahead")
members_primed = _read_ahead.primed


def member_cache_keys(user_id: Any) -> tuple[str, str]:
    """The keys of a user's member entry and of its generation token."""
    return f"org-member:{user_id}", f"org-member-generation:{user_id}"


def member_cache_get(user_id: Any) -> tuple[Any, Any]:
    """``(entry, generation)``: the cached member row (or ``NOT_A_MEMBER``), None when nothing valid
    is cached; and the generation to store a fresh read under."""
    keys = member_cache_keys(user_id)
    found = _read_ahead.read(keys, cache)
    entry, generation = found.get(keys[0]), found.get(keys[1])
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == generation:
        return entry[1], generation
    return None, generation


def member_cache_set(user_id: Any, member: Any, generation: Any) -> None:
    """Cache ``member`` (None: not a member), read under ``generation``."""
    value = (generation, NOT_A_MEMBER if member is None else member)
    cache.set(member_cache_keys(user_id)[0], value, MEMBER_CACHE_SECONDS)


def member_cache_forget(user_id: Any) -> None:
    """Make every cached entry of the user's membership unusable."""
    entry_key, generation_key = member_cache_keys(user_id)
    cache.set(generation_key, uuid.uuid4().hex, MEMBER_CACHE_SECONDS * 2)
    _read_ahead.forget(entry_key, generation_key)
