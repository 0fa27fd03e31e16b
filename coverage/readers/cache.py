"""Whole-page caching for readers, invalidated the moment coverage changes.

Every cached page is stored under the current *content generation*, which the
database holds, so every server process agrees on it whatever cache keeps the pages
(a per-process local-memory cache, files, Redis):

- the coverage version (articles.CoverageVersion), a counter that any save or
  delete in the content apps (a story, a correction, a quote, an event, a place,
  ...) bumps in the same transaction as the change;
- the publication time of the newest story that is public now (database clock), so
  the moment a scheduled story goes live, every process starts a new generation.

Reading both is one indexed query per cacheable request. A process can only see the
new generation once it can see the change, so no process stores an old page under
a new key. Staff, non-GET requests and anything but a 200 are never cached.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers

from articles.models import Article, CoverageVersion
from readers.cdn import purge_after_commit

# How long past its freshness a page may still be served while the database is away.
STALE_IF_DATABASE_AWAY = 24 * 3600
CONTENT_APPS = {"articles", "sources", "events"}
# Bookkeeping rows of those apps that no public page shows.
NOT_CONTENT = {"CoverageVersion", "StatusChange", "ArticleChange"}


def coverage_state() -> tuple[str, float | None]:
    """The current generation ("<version>:<newest public time>") and the seconds until
    the next scheduled story goes public (None: none is scheduled), in one query."""
    newest = Article.objects.published().order_by("-publish_at").values("publish_at")
    upcoming = Article.objects.scheduled().order_by("publish_at").values("publish_at")
    counter = CoverageVersion.objects.filter(pk=1).annotate(
        newest=Subquery(newest[:1]), upcoming=Subquery(upcoming[:1])
    )
    row = counter.values_list("number", "newest", "upcoming").first()
    if row is None:  # a database emptied without its migration's row
        CoverageVersion.objects.get_or_create(pk=1)
        row = counter.values_list("number", "newest", "upcoming").first()
    number, newest_time, upcoming_time = row
    generation = f"{number}:{newest_time.timestamp() if newest_time else 0}"
    return (
        generation,
        upcoming_time.timestamp() - time.time() if upcoming_time else None,
    )


def content_generation() -> str:
    """The current generation, read from the database: "<version>:<newest public time>"."""
    return coverage_state()[0]


def bump_content_generation() -> None:
    """Start a new generation (in the caller's transaction, if there is one)."""
    CoverageVersion.bump()


def _content_changed(sender, **kwargs) -> None:
    if sender._meta.app_label not in CONTENT_APPS or sender.__name__ in NOT_CONTENT:
        return
    if kwargs.get("action", "post_").startswith("post_"):
        bump_content_generation()
        # A CDN in front drops its copies on the same events (readers/cdn.py).
        purge_after_commit()


def connect_signals() -> None:
    """Called from ReadersConfig.ready()."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"page-cache-{signal}")


def _key(request, generation: str) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    language = translation.get_language()
    return f"pages:{generation}:{language}:{request.get_host()}:{path}"


def _fresh_for(seconds: float, upcoming: float | None) -> float:
    """How long an answer stays true, for the Cache-Control a CDN is given (shafaq/
    middleware.py): nothing purges a CDN when a scheduled story goes public."""
    return seconds if upcoming is None else min(seconds, upcoming)


def _is_cacheable(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
    )


def cache_page_for_readers(view):
    """Serve `view` from the page cache to anonymous readers (see the module docstring)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_cacheable(request):
            return view(request, *args, **kwargs)
        try:
            generation, upcoming = coverage_state()
        except DatabaseError:
            # The database is away: the last copy any generation stored is still
            # the best answer a reader can get (issue 10); without one, fail as usual.
            stored = cache.get(_key(request, "last"))
            if stored is None:
                raise
            generation, upcoming = None, None
        else:
            stored = cache.get(_key(request, generation))
        if stored is not None:
            content, headers, expires_at = stored
            response = HttpResponse(content, headers=headers)
            response.fresh_for = _fresh_for(expires_at - time.time(), upcoming)
            response["X-Page-Cache"] = "hit"
            patch_vary_headers(response, ["Cookie"])
            if "ETag" in headers:  # e.g. a live story's polled updates: often a 304
                response = get_conditional_response(
                    request, etag=headers["ETag"], response=response
                )
                response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        control = response.get("Cache-Control", "")
        timeout = settings.PAGE_CACHE_SECONDS
        if (
            response.status_code == 200
            and not response.streaming
            and "no-store" not in control
            and "private" not in control
            and not response.cookies
            and timeout > 0
        ):
            content = response.content
            headers = {
                name: response[name]
                for name in (
                    "Content-Type",
                    "Content-Language",
                    "Last-Modified",
                    "ETag",
                    "Cache-Control",
                )
                if response.has_header(name)
            }
            entry = (content, headers, time.time() + timeout)
            cache.set(_key(request, generation), entry, timeout)
            # Kept longer and under no generation: served only while the database is
            # away (see above), never when it answers.
            cache.set(_key(request, "last"), entry, timeout + STALE_IF_DATABASE_AWAY)
            response["X-Page-Cache"] = "miss"
        response.fresh_for = _fresh_for(timeout, upcoming)
        return response

    return wrapper
