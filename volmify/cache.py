"""Django's Redis cache, reusing one client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` object on
every cache call (tens of microseconds each); a page that reads the cache a
few times pays that on every request. redis-py clients are thread-safe, so one
per pool is enough.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django_tenants.cache import make_key as tenant_make_key


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        base: Any = self  # the pool helpers are private to Django and absent from its stubs
        index = base._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = base._client(connection_pool=base._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


def get_many_shared(keys_by_alias: Mapping[str, Sequence[str]]) -> dict[str, dict[str, Any]]:
    """``get_many(keys)`` of several cache aliases, in one round trip when they are on the same
    Redis server (as the tenant and platform caches are): one MGET of every alias's full keys.
    Returns the entries found, per alias, under the keys asked for."""
    wanted = {alias: list(keys) for alias, keys in keys_by_alias.items() if keys}
    backends: dict[str, Any] = {alias: caches[alias] for alias in wanted}
    if len(wanted) < 2 or not _one_redis_server(backends.values()):
        return {alias: backends[alias].get_many(keys) for alias, keys in wanted.items()}
    asked = [(alias, key) for alias, keys in wanted.items() for key in keys]
    # make_key, not make_and_validate_key: the check only warns of keys memcached would refuse
    full_keys = [backends[alias].make_key(key) for alias, key in asked]
    client = next(iter(backends.values()))._cache  # Django's RedisCacheClient: its pool and serializer
    found: dict[str, dict[str, Any]] = {alias: {} for alias in wanted}
    for (alias, key), value in zip(asked, client.get_client().mget(full_keys), strict=True):
        if value is not None:
            found[alias][key] = client._serializer.loads(value)
    return found


def _one_redis_server(backends: Any) -> bool:
    """True when every backend is this module's Redis cache on the same server(s)."""
    servers = set()
    for backend in backends:
        if not isinstance(backend, RedisCache):
            return False
        located: Any = backend  # Django keeps the server list on the backend, absent from its stubs
        servers.add(tuple(located._servers))
    return len(servers) == 1


# allauth's rate limiter (allauth.core.internal.ratelimit) counts in the default cache, whose keys
# carry the active schema; its keys (and their ":lock" companions) start with this.
RATE_LIMIT_KEY_START = "allauth:rl:"
# In place of the schema for rate-limit keys. A hyphen cannot occur in a schema name, so this
# never collides with an org's keys.
RATE_LIMIT_SCOPE = "platform-ratelimit"


def make_key(key: str, key_prefix: str, version: int) -> str:
    """The default alias's key function: django-tenants' (keys prefixed with the active schema),
    except for allauth's rate-limit keys, which get one platform-wide prefix so that sign-in,
    password reset, sign-up and org creation share one budget on every host."""
    if key.startswith(RATE_LIMIT_KEY_START):
        return f"{RATE_LIMIT_SCOPE}:{key_prefix}:{version}:{key}"
    return tenant_make_key(key, key_prefix, version)


class ReadAhead:
    """Cache entries a request already read (in the round trip ``StorefrontMarketMiddleware``
    makes), handed to the code that would otherwise read them again. An entry read and found
    missing is held as None; a key not read ahead is simply absent."""

    def __init__(self, name: str) -> None:
        self._entries: ContextVar[dict[str, Any] | None] = ContextVar(name, default=None)

    @contextmanager
    def primed(self, entries: Mapping[str, Any]) -> Iterator[None]:
        """Within the block, ``entries`` count as read."""
        token = self._entries.set(dict(entries))
        try:
            yield
        finally:
            self._entries.reset(token)

    def entries(self) -> Mapping[str, Any]:
        return self._entries.get() or {}

    def read(self, keys: Sequence[str], backend: Any) -> dict[str, Any]:
        """The entries found under ``keys``: as read ahead when every one of them was, else from
        ``backend`` in one ``get_many``."""
        primed = self.entries()
        if all(key in primed for key in keys):
            return {key: primed[key] for key in keys if primed[key] is not None}
        return backend.get_many(keys)

    def forget(self, *keys: str) -> None:
        """A later read in this request must not see what was read ahead under ``keys``."""
        entries = self._entries.get()
        if entries is not None:
            for key in keys:
                entries.pop(key, None)
