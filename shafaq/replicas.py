"""Public reads from a read replica; everything else from the primary.

Active only when DATABASE_REPLICA_URL is set (settings.py then adds the "replica"
database, ReplicaRouter and ReplicaReadsMiddleware). A request reads the replica only
when every one of these holds:

- its method is safe (GET, HEAD, OPTIONS) and its path is not the admin's;
- it carries no credentials: no session cookie, no `Authorization` or `X-API-Key`
  header. Editors, previews, the admin and partners with keys read the primary, so
  whoever writes reads their own writes;
- no coverage was written in the last DATABASE_REPLICA_LAG_SECONDS (a mark in the
  shared cache, seen by every app server). A replica replays the primary's changes a
  moment later; until then readers, and the page cache filled from what they got,
  read the primary, so nobody sees a story come back after it was unpublished.

A request that writes reads the primary from then on. Migrations, management commands
and the task worker never read the replica (no request marks them).
"""

import contextvars

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.urls import reverse

# The apps whose rows readers see, as the page cache counts them: a write to them
# starts the lag window. Sessions, accounts and API keys do not.
from articles.clients import carries_credentials
from readers.cache import CONTENT_APPS

REPLICA = "replica"
RECENT_WRITE_KEY = "db:recent-content-write"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

_may_read_replica = contextvars.ContextVar("may_read_replica", default=False)


def note_content_write() -> None:
    """Keep public reads on the primary for DATABASE_REPLICA_LAG_SECONDS from now."""
    lag = settings.DATABASE_REPLICA_LAG_SECONDS
    if lag > 0:
        cache.set(RECENT_WRITE_KEY, True, timeout=lag)


def content_written_recently() -> bool:
    return cache.get(RECENT_WRITE_KEY) is not None


def _mark_write() -> None:
    # Now, and again at commit: the replica can only replay what was committed. Once
    # per transaction, however many rows it writes; Django keeps pending callbacks as
    # (savepoints, function, robust) and drops them on a rollback.
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        entry[1] is note_content_write for entry in connection.run_on_commit
    ):
        return
    note_content_write()
    transaction.on_commit(note_content_write)


class ReplicaRouter:
    """Reads go to the replica inside a request that may use it, all else to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if _may_read_replica.get() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        # Whatever this request reads from now on must include what it wrote.
        _may_read_replica.set(False)
        if model._meta.app_label in CONTENT_APPS:
            _mark_write()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, **hints):
        # The replica receives the schema by replication, never by migrate.
        return db == DEFAULT_DB_ALIAS


def may_read_replica(request) -> bool:
    """Whether `request` is an anonymous public read allowed to use the replica."""
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not carries_credentials(request)
        and not request.path.startswith(reverse("admin:index"))
        and not content_written_recently()
    )


class ReplicaReadsMiddleware:
    """Lets the view of an anonymous public read use the replica (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _may_read_replica.set(may_read_replica(request))
        try:
            return self.get_response(request)
        finally:
            _may_read_replica.reset(token)
