"""Django's cached-database sessions, whose cache entries can be read with a request's others.

Every storefront request reads its market's content version from the cache, and a signed-in
visitor's request their session and their user: ``StorefrontMarketMiddleware`` reads all three in
one round trip (``volmify.cache.get_many_shared``). The user's id is in the session, so it is known
before the read only for a session this process has served before: each process remembers the user
id of the sessions it loaded. That memory only chooses what to read ahead; authentication still
takes the user id from the session itself, and an entry read for another id is never used.
A session whose entry is not in the cache loads as usual, from the database.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import cached_db

from volmify.usercache import user_cache_keys

_UNSET = object()
# session key -> the user id its data held when this process last loaded it
_USER_IDS: dict[str, Any] = {}
_USER_IDS_MAX = 10_000  # bounded: cleared when full


class SessionStore(cached_db.SessionStore):
    _primed: Any = _UNSET
    _user_keys: tuple[str, ...] = ()  # the user cache keys ``prefetch_keys`` chose to read ahead

    def prefetch_keys(self) -> list[str]:
        """Platform cache keys to read ahead: this session's entry (when the request named a session)
        and, for a session this process has seen signed in, its user's row and its generation."""
        if not self.session_key:
            return []
        user_id = _USER_IDS.get(self.session_key)
        self._user_keys = user_cache_keys(user_id) if user_id is not None else ()
        return [self.cache_key, *self._user_keys]

    def prefetch_user_id(self) -> Any:
        """The user id this process last saw in this session (None if unknown), to read ahead what
        belongs to the user; never to authenticate."""
        return _USER_IDS.get(self.session_key) if self.session_key else None

    def prime(self, found: dict[str, Any]) -> dict[str, Any]:
        """Take this session's entry from ``found`` (read under ``prefetch_keys``); returns the user
        cache entries read (None for one found missing), for ``volmify.usercache.users_primed``."""
        self._primed = found.get(self.cache_key)
        return {key: found.get(key) for key in self._user_keys}

    def load(self) -> dict[str, Any]:
        primed, self._primed = self._primed, _UNSET
        data = primed if isinstance(primed, dict) else super().load()
        if self.session_key and SESSION_KEY in data:
            if len(_USER_IDS) >= _USER_IDS_MAX:
                _USER_IDS.clear()
            _USER_IDS[self.session_key] = data[SESSION_KEY]
        return data
