"""Where the page cache keeps the coverage version and its tags' versions.

The page cache (readers.cache) asks two things on every hit: the version a page was
rendered at, and whether any tag it shows ("story:12", "stories:en", "any", ...) was
stamped with a newer one. Both answers must be the same for every server process,
so they live in a store all of them share:

- With the page cache in Redis (production), in one Redis hash beside the pages
  (field "" holds the version, one field per tag): a hit costs one more command
  to the server it already asked for the page, and never waits on the database.
- With any other cache (files, the embedded default; local memory in tests), in the
  database (articles.CacheTag), in the change's own transaction.

Either store follows the same rule, stated in `changed_since()`: a page is stale
when one of its tags (or "any") is newer than it, or when the version went back
below it (a database restored from a backup, or emptied and filled again). A Redis
hash that is evicted or lost, or restored from an older copy (a snapshot a crashed
Redis restarts from, a replica promoted), starts again above every version it ever
gave, with "any" stamped: every page it vouched for is a miss, never a stale hit.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction

from articles.models import CacheTag

# Django's Redis backend, and the site's (shafaq/cache.py: the same, keeping its clients).
REDIS_BACKENDS = {
    "django.core.cache.backends.redis.RedisCache",
    "shafaq.cache.RedisCache",
}


class DatabaseVersions:
    """The versions as rows of articles.CacheTag (see its docstring)."""

    errors = (DatabaseError,)

    def current(self) -> int:
        return CacheTag.current_version()

    def touch(self, names) -> None:
        CacheTag.touch(names)

    def changed_since(self, names, version: int) -> bool:
        return CacheTag.changed_since(names, version)


# A hash that is not there (never made, evicted, or lost with a restarted Redis), or
# that this server did not write (a Redis restarted from its last snapshot, which a
# crash leaves behind the writes since; a replica promoted before it received them)
# starts again at the time in microseconds, which no count of changes since the last
# start can have reached, and stamps "any" with it: every page stored before is
# stale, every page rendered from now on is not. The server is known by its run id
# (INFO server), new at every start; the hash keeps the one that wrote it. A server
# that refuses INFO to this client (an ACL) is known by none: the hash then starts
# again only when it is lost, as before, rather than every page failing.
_SERVER = """
local info = redis.pcall('INFO', 'server')
local run = type(info) == 'string' and string.match(info, 'run_id:(%x+)') or ''
"""
_START = (
    _SERVER
    + """
if redis.call('HGET', KEYS[1], '#run') ~= run then
    local start = ARGV[1]
    local counter = tonumber(redis.call('HGET', KEYS[1], '') or '0')
    if counter >= tonumber(start) then
        start = string.format('%d', counter + 1)
    end
    redis.call('HSET', KEYS[1], '', start, 'any', start, '#run', run)
end
"""
)
_CURRENT = _START + "return redis.call('HGET', KEYS[1], '')"
# Count one change and stamp every tag named with it, as one atomic step: two
# editors' changes at once can never leave a tag at the older of their versions.
_STAMP = (
    _START
    + """
local version = redis.call('HINCRBY', KEYS[1], '', 1)
for i = 2, #ARGV do
    redis.call('HSET', KEYS[1], ARGV[i], version)
end
return version
"""
)
# 1 when a page rendered at version ARGV[1] showing tags ARGV[2..] is stale (see
# RedisVersions.changed_since), else 0. Changes nothing: the miss that follows asks
# for the version, which starts the hash again if it must.
_CHANGED = (
    _SERVER
    + """
if redis.call('HGET', KEYS[1], '#run') ~= run then
    return 1
end
local version = tonumber(ARGV[1])
local counter = tonumber(redis.call('HGET', KEYS[1], '') or '0')
if counter < version then
    return 1
end
if counter == version then
    return 0
end
local stamps = redis.call('HMGET', KEYS[1], unpack(ARGV, 2))
for i = 1, #stamps do
    if stamps[i] and tonumber(stamps[i]) > version then
        return 1
    end
end
return 0
"""
)


class RedisVersions:
    """The versions as one Redis hash, `key`, on the server at `location` (the page
    cache's own: the same URL, database number and key prefix).

    A change is stamped at once, so that a page rendered inside the change's own
    transaction (or a test's) is not taken for current, and again once the
    transaction commits: a page another process rendered from the rows as they were
    before the commit, between the two, carries the first stamp's version and so
    is stale by the second. A change rolled back leaves only a needless re-render.
    """

    def __init__(self, location: str, options: dict, key: str):
        import redis  # installed with the Redis cache backend it serves

        self.client = redis.Redis.from_url(location, **options)
        self.key = key
        self.errors = (redis.RedisError,)
        self._current = self.client.register_script(_CURRENT)
        self._stamp = self.client.register_script(_STAMP)
        self._changed = self.client.register_script(_CHANGED)

    def current(self) -> int:
        return int(self._current(keys=[self.key], args=[time.time_ns() // 1000]))

    def touch(self, names) -> None:
        names = sorted(set(names) - {""})

        def stamp():
            self._stamp(keys=[self.key], args=[time.time_ns() // 1000, *names])

        stamp()
        transaction.on_commit(stamp, robust=True)

    def changed_since(self, names, version: int) -> bool:
        """Whether a page rendered at `version` showing `names` is stale: a tag (or
        "any") is newer, the count went back below it, or the hash was lost or
        restored from an older copy since (one command)."""
        # "" (a page that names no part: it depends on every change) is the count
        # itself, newer than `version` after any change.
        return bool(self._changed(keys=[self.key], args=[version, *names, "any"]))


_stores: dict[tuple, object] = {}
_lock = threading.Lock()


def store():
    """The store for the page cache as configured now (settings.CACHES["default"])."""
    config = settings.CACHES["default"]
    if config["BACKEND"] not in REDIS_BACKENDS:
        return _DATABASE
    key = cache.make_key("page-tag-versions")
    options = config.get("OPTIONS", {})
    identity = (config["LOCATION"], key, tuple(sorted(options.items())))
    found = _stores.get(identity)
    if found is None:
        with _lock:
            found = _stores.setdefault(
                identity, RedisVersions(config["LOCATION"], options, key)
            )
    return found


_DATABASE = DatabaseVersions()
