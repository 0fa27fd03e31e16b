"""Telling a CDN in front of the site to drop its copies when coverage changes.

The page cache (readers/cache.py) calls `purge_after_commit()` wherever it decides that
public pages are out of date, so the CDN forgets exactly when the page cache does:
once per committed transaction, after the commit (a CDN that refetched before the
commit would keep the old page again).

With CDN_PURGE_URL set, the purge is one request:

    POST CDN_PURGE_URL
    Content-Type: application/json
    Authorization: CDN_PURGE_AUTHORIZATION      (only when set, e.g. "Bearer <token>")

    CDN_PURGE_BODY                              (default {"purge_everything": true})

which is Cloudflare's "purge everything" call (POST .../zones/<zone>/purge_cache);
other CDNs take the same shape with their own URL, header and body. It times out
after CDN_PURGE_TIMEOUT seconds. A failed purge is logged and never fails the
editor's save: the CDN's copies still expire after CDN_S_MAXAGE seconds.
"""

import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def purge_cdn() -> bool:
    """Send the purge request now; True when the CDN answered 2xx."""
    request = urllib.request.Request(
        settings.CDN_PURGE_URL,
        data=settings.CDN_PURGE_BODY.encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    if settings.CDN_PURGE_AUTHORIZATION:
        request.add_header("Authorization", settings.CDN_PURGE_AUTHORIZATION)
    try:
        with urllib.request.urlopen(
            request, timeout=settings.CDN_PURGE_TIMEOUT
        ) as answer:
            return 200 <= answer.status < 300
    except (urllib.error.URLError, OSError) as error:
        logger.warning("CDN purge failed: %s", error)
        return False


def purge_after_commit() -> None:
    """Purge the CDN when the current transaction commits (at once outside one)."""
    if not settings.CDN_PURGE_URL:
        return
    connection = transaction.get_connection()
    # One purge per transaction, however many rows it saves. Django keeps pending
    # callbacks as (savepoints, function, robust) and drops them on a rollback.
    if connection.in_atomic_block and any(
        entry[1] is purge_cdn for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(purge_cdn, robust=True)
