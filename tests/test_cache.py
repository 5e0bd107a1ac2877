"""The Redis cache backend reuses its client and works against real Redis."""

import os

from volmify.cache import RedisCache


def test_one_client_serves_every_call_and_values_round_trip():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"test-cache-{os.getpid()}"})
    cache.set("answer", {"value": 42}, 30)
    assert cache.get("answer") == {"value": 42}
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=True)
    cache.delete("answer")
    assert cache.get("answer") is None
