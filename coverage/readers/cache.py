"""Whole-page caching for readers, invalidated the moment coverage changes.

Every cached page is stored under the current *content generation*. Saving or deleting
any row of the content apps (a story, a correction, a quote, an event, a place, ...)
bumps the generation, so the next reader gets a freshly rendered page at once. A
scheduled story changes no row when it goes public, so no page is kept beyond the
next scheduled publication time. Staff, non-GET requests and anything but a 200 are
never cached.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers

from articles.models import Article
from readers.cdn import purge_after_commit

GENERATION_KEY = "pages:generation"
CONTENT_APPS = {"articles", "sources", "events"}


def content_generation() -> int:
    """The current generation; starts from the clock so an evicted key never goes back."""
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(GENERATION_KEY) or 0


def bump_content_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def _content_changed(sender, **kwargs) -> None:
    if sender._meta.app_label in CONTENT_APPS:
        bump_content_generation()
        # Again after commit: a reader may have cached the old page in between.
        transaction.on_commit(bump_content_generation)
        # A CDN in front drops its copies on the same events (readers/cdn.py).
        purge_after_commit()


def connect_signals() -> None:
    """Called from ReadersConfig.ready()."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"page-cache-{signal}")


def seconds_until_next_publication() -> float | None:
    """How long until the next scheduled story goes public (None: nothing scheduled)."""
    upcoming = Article.objects.scheduled().aggregate(next=Min("publish_at"))["next"]
    return None if upcoming is None else (upcoming - timezone.now()).total_seconds()


def page_timeout() -> int:
    timeout = settings.PAGE_CACHE_SECONDS
    upcoming = seconds_until_next_publication()
    if upcoming is not None:
        timeout = min(timeout, int(upcoming))
    return timeout


def _key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    language = translation.get_language()
    return f"pages:{content_generation()}:{language}:{request.get_host()}:{path}"


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
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content, headers, expires_at = stored
            response = HttpResponse(content, headers=headers)
            response.fresh_for = expires_at - time.time()
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
        timeout = page_timeout()
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
                    "ETag",
                    "Cache-Control",
                )
                if response.has_header(name)
            }
            cache.set(key, (content, headers, time.time() + timeout), timeout)
            response["X-Page-Cache"] = "miss"
        # How long this answer stays true, for the Cache-Control a CDN is given.
        response.fresh_for = timeout
        return response

    return wrapper
