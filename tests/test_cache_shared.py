"""``get_many_shared`` reads several cache aliases in one Redis MGET when they share a server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from volmify.cache import get_many_shared


def redis_caches_settings(tenant_prefix: str, platform_prefix: str) -> dict:
    """The production cache layout (a tenant-prefixed "default" and a "platform" alias, both on
    one Redis server), under key prefixes of this test's own."""
    location = os.environ["REDIS_URL"]
    return {
        "default": {
            "BACKEND": "volmify.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": tenant_prefix,
            "KEY_FUNCTION": "django_tenants.cache.make_key",
            "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        },
        "platform": {
            "BACKEND": "volmify.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": platform_prefix,
        },
    }


@pytest.fixture
def redis_caches() -> Iterator[dict]:
    """Both cache aliases on the real Redis server. The server is shared with concurrent test runs,
    so the keys are prefixed with a token of this test's own and deleted one by one afterwards
    (never ``clear()``, which flushes the whole database)."""
    token = uuid.uuid4().hex[:12]
    tenant_prefix, platform_prefix = f"test-tenant-{token}", f"test-platform-{token}"
    layout = redis_caches_settings(tenant_prefix, platform_prefix)
    with override_settings(CACHES=layout):
        yield layout
    raw = redis.Redis.from_url(os.environ["REDIS_URL"])
    try:
        for pattern in (f"*:{tenant_prefix}:*", f"{platform_prefix}:*"):
            keys = list(raw.scan_iter(match=pattern, count=1000))
            if keys:
                raw.delete(*keys)
    finally:
        raw.close()


@pytest.fixture
def redis_commands(monkeypatch) -> list[tuple]:
    """Every command sent to Redis through a redis-py client from now on: its name and arguments."""
    sent: list[tuple] = []
    original = redis.client.Redis.execute_command

    def counting(self, *args, **options):
        sent.append(args)
        return original(self, *args, **options)

    monkeypatch.setattr(redis.client.Redis, "execute_command", counting)
    return sent


def names(sent: list[tuple]) -> list[str]:
    return [str(args[0]).upper() for args in sent]


def _set_values() -> None:
    caches["default"].set("version", "v1")
    caches["default"].set("page", {"html": "<p>hi</p>"})
    caches["platform"].set("session", {"_auth_user_id": "7"})
    caches["platform"].set("user", ["a", "row"])


ASKED = {"default": ["version", "page", "absent-tenant"], "platform": ["session", "absent-platform", "user"]}
EXPECTED = {
    "default": {"version": "v1", "page": {"html": "<p>hi</p>"}},
    "platform": {"session": {"_auth_user_id": "7"}, "user": ["a", "row"]},
}


def test_two_aliases_on_one_server_are_read_in_one_mget(redis_caches, redis_commands, in_org, org_a):
    in_org(org_a)  # the tenant key function prefixes the default alias's keys with the schema
    _set_values()
    redis_commands.clear()
    assert get_many_shared(ASKED) == EXPECTED
    assert names(redis_commands) == ["MGET"]


def test_tenant_keys_stay_per_schema(redis_caches, in_org, org_a, org_b):
    in_org(org_a)
    caches["default"].set("version", "a-version")
    in_org(org_b)
    caches["default"].set("version", "b-version")
    caches["platform"].set("session", "shared")
    asked = {"default": ["version"], "platform": ["session"]}
    assert get_many_shared(asked) == {"default": {"version": "b-version"}, "platform": {"session": "shared"}}
    in_org(org_a)
    assert get_many_shared(asked) == {"default": {"version": "a-version"}, "platform": {"session": "shared"}}


def test_an_alias_asked_for_no_keys_is_left_out(redis_caches, redis_commands, in_org, org_a):
    in_org(org_a)
    _set_values()
    redis_commands.clear()
    assert get_many_shared({"default": ["version"], "platform": []}) == {"default": {"version": "v1"}}
    assert names(redis_commands) == ["MGET"]


def test_aliases_on_different_servers_are_read_one_by_one(redis_caches, redis_commands, in_org, org_a):
    """A platform alias elsewhere (here an in-process cache) is read with its own get_many."""
    in_org(org_a)
    layout = {**redis_caches, "platform": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=layout):
        caches["platform"].clear()
        _set_values()
        redis_commands.clear()
        assert get_many_shared(ASKED) == EXPECTED
        assert names(redis_commands) == ["MGET"]  # the default alias's get_many; the platform's is in memory
        caches["platform"].clear()


def test_two_redis_servers_are_read_one_by_one(redis_caches, redis_commands, monkeypatch, in_org, org_a):
    """Two Redis aliases whose server lists differ are never read in one MGET, which would send
    the second alias's keys to the first one's server."""
    in_org(org_a)
    _set_values()  # the platform alias's client is built now, on the real server
    platform = caches["platform"]
    monkeypatch.setattr(platform, "_servers", ["redis://elsewhere.invalid:6379/0"])
    redis_commands.clear()
    assert get_many_shared(ASKED) == EXPECTED
    assert names(redis_commands) == ["MGET", "MGET"]


def test_in_process_caches_are_read_with_get_many(in_org, org_a):
    """The test settings' locmem caches: the same answer, with no Redis involved."""
    in_org(org_a)
    _set_values()
    assert get_many_shared(ASKED) == EXPECTED
