"""The Redis cache backend the site runs on: Django's own, keeping its clients.

Django's RedisCacheClient makes a new `redis.Redis` for every command it sends
(`get_client()`), and redis-py's constructor fills a table of some 170 reply
handlers each time: 64 µs on this project's machine, a tenth of serving a cached
page, spent again on every read. A `redis.Redis` holds no connection of its own
(its pool does) and is safe to share between threads, so one per pool serves every
command; the pools are Django's, made as before. A forked worker (gunicorn's
preload) inherits the client and its pool, and redis-py's pool opens connections of
its own in a new process (`ConnectionPool._checkpid`).

django-redis keeps its clients too, but would replace the whole backend (its key
format, serializer and OPTIONS, which readers.versions reads) to change this one
call; everything else of Django's backend is what the site wants.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class KeptClient(RedisCacheClient):
    """RedisCacheClient with one `redis.Redis` per connection pool."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # pools live as long as this object
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """django.core.cache.backends.redis.RedisCache, with KeptClient; configured the
    same way (CACHE_URL=redis://host:port/db, shafaq.settings.parse_cache_url)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClient
