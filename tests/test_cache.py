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


def test_replies_are_parsed_by_hiredis():
    """Every page reads the cache; redis-py parses its replies in C when hiredis is installed."""
    from redis._parsers import _HiredisParser

    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"test-cache-{os.getpid()}"})
    cache.set("parsed", [1, 2], 30)
    client = cache._cache.get_client(write=True)
    connection = client.connection_pool.get_connection()
    try:
        assert isinstance(connection._parser, _HiredisParser)
    finally:
        client.connection_pool.release(connection)
    assert cache.get("parsed") == [1, 2]
