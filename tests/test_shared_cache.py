"""The shared cache the app servers use, exercised for real when CI provides Redis."""

import os
import uuid

import pytest
from django.core.cache import caches

from shafaq.settings import parse_cache_url

CACHE_URL = os.environ.get("CACHE_URL", "")


@pytest.mark.skipif(
    not CACHE_URL.startswith("redis"),
    reason="CACHE_URL is not a Redis URL (the PostgreSQL run in .ci/run sets one)",
)
def test_a_value_written_through_one_connection_is_read_through_another(settings):
    settings.CACHES = {
        **settings.CACHES,
        "a": parse_cache_url(CACHE_URL),
        "b": parse_cache_url(CACHE_URL),
    }
    key = f"shared-{uuid.uuid4()}"
    try:
        caches["a"].set(key, {"headline": "Ain al-Asad"}, timeout=30)
        assert caches["b"].get(key) == {"headline": "Ain al-Asad"}
    finally:
        caches["a"].delete(key)


def test_the_cache_url_chooses_the_backend():
    assert parse_cache_url("redis://127.0.0.1:6379/1")["BACKEND"].endswith("RedisCache")
    assert parse_cache_url("locmem://x")["BACKEND"].endswith("LocMemCache")
    with pytest.raises(Exception, match="CACHE_URL"):
        parse_cache_url("memcache://nope")


def test_the_redis_backend_keeps_one_client_per_server(settings):
    """Django's RedisCacheClient builds a redis.Redis for every command (64 µs, a
    tenth of a cached page); the site's backend (shafaq/cache.py) keeps one per
    connection pool. Building one opens no connection: no Redis needed here."""
    settings.CACHES = {
        **settings.CACHES,
        "kept": parse_cache_url("redis://127.0.0.1:6399/3?prefix=kept-test"),
    }
    client = caches["kept"]._cache

    assert client.get_client() is client.get_client()
    assert client.get_client(write=True) is client.get_client()
    assert client.get_client().connection_pool.connection_kwargs["db"] == 3
