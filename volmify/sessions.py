"""Django's cached-database sessions, whose cache entry can be read together with other entries.

Every storefront request reads its market's content version from the cache and, for a visitor
with a session, the session: ``StorefrontMarketMiddleware`` reads both in one round trip
(``volmify.cache.get_many_shared``) and hands the session entry to ``prime``. A session whose
entry is not in the cache loads as usual, from the database.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import cached_db

_UNSET = object()


class SessionStore(cached_db.SessionStore):
    _primed: Any = _UNSET

    @property
    def primable_cache_key(self) -> str | None:
        """The cache key of an existing session (one the request named), else None."""
        return self.cache_key if self.session_key else None

    def prime(self, data: dict[str, Any] | None) -> None:
        """The entry read under ``primable_cache_key``, or None when the cache had none."""
        self._primed = data

    def load(self) -> dict[str, Any]:
        primed, self._primed = self._primed, _UNSET
        if isinstance(primed, dict):
            return primed
        return super().load()
