"""Whole-page caching for readers and partners, invalidated part by part.

A cached page remembers the coverage version it was rendered at and the parts of the
coverage it shows, as tags: "story:<pk>", "stories:<lang>" (an edition's story
lists, feeds and corrections), "stories" (lists across editions: sitemaps, the API
list), "topic:<pk>", "place:<pk>", "source:<pk>", "event:<pk>", "section:<pk>",
"author:<pk>", "events" (latest events, sitemaps), "timeline". A view names its tags
with `tag_page()`; a page that names none depends on everything (tag ""). Saving
coverage stamps the tags it touches (`tags_for_change()`) with a new version; a
rename of a topic, place, source, section or author, a deletion or anything
unforeseen stamps "any", which every page depends on. So a typo fixed in one story
re-renders that story, the lists it is on, the pages of its topics, places, sources
and events (and of those events' places, which list their stories), and the stories
that show it (its other editions, those naming it as related), and leaves every
other page cached. The versions are kept where every server process reads the same
ones (readers.versions): beside the pages in Redis, else in the database.

Serving a hit costs one cache read (the page's entry and its body in the coding the
reader accepts: see Stored) and one version check (has any of these tags changed
since version N?): one Redis command, or one indexed query. While the
database is away, the stored copy is served as it is, even up to a day past its
freshness: readers keep reading. A miss reads the version before rendering, so a
change committed while the page renders makes the stored page stale at once. A
scheduled story changes no row when it goes public, so no page is kept beyond the
next scheduled publication time, and every response says how long it stays true
(`response.fresh_for`, seconds) so the CDN headers (shafaq/middleware.py) are capped
the same way. Wherever a change is decided, a CDN in front is purged after the commit
(readers/cdn.py). Staff, non-GET requests and anything but a 200 are never cached;
nor are responses that set a cookie or say private/no-store.
"""

import functools
import hashlib
import time
from secrets import randbelow, token_urlsafe
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Min
from django.db.models.functions import Now
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import (
    get_conditional_response,
    patch_vary_headers,
    set_response_etag,
)
from django_http_compression.middleware import HttpCompressionMiddleware, best_coding

from articles.clients import carries_credentials, carries_pending_messages
from articles.models import Article
from readers import versions
from readers.cdn import purge_after_commit

# How long past its freshness a page may still be served while the database is away.
STALE_IF_DATABASE_AWAY = 24 * 3600
CONTENT_APPS = {"articles", "sources", "events"}
# Rows of those apps that no public page shows (CacheTag is the cache's own; an
# autosave is an editor's unsaved typing, kept every few seconds while they write).
NOT_CONTENT = {"CacheTag", "StatusChange", "ArticleChange", "Autosave"}
# Compresses a hit once per coding (_encode_once), by the site's own middleware's rule.
_COMPRESSION = HttpCompressionMiddleware(lambda request: None)
# Headers a cached page keeps (the rest are added again by the middleware).
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Last-Modified",
    "ETag",
    "Cache-Control",
    "Vary",
    "Link",
    "Allow",
    "Access-Control-Allow-Origin",
)


def tag_page(request, *tags: str) -> None:
    """Name the parts of the coverage the page being rendered for `request` shows."""
    request.page_tags = getattr(request, "page_tags", set()) | set(tags)


def seconds_until_next_publication() -> float | None:
    """How long until the next scheduled story goes public (None: nothing scheduled)."""
    # Not a visibility rule: only how long a page may be kept before one changes it.
    upcoming = Article.objects.filter(
        status=Article.Status.PUBLISHED, publish_at__gt=Now()
    ).aggregate(next=Min("publish_at"))["next"]
    return None if upcoming is None else (upcoming - timezone.now()).total_seconds()


def page_timeout() -> int:
    timeout = settings.PAGE_CACHE_SECONDS
    upcoming = seconds_until_next_publication()
    if upcoming is not None:
        timeout = min(timeout, int(upcoming))
    return timeout


def remembered(name: str, tags, compute):
    """`compute()`'s value (anything the cache can pickle), kept under `name` and
    recomputed once any of `tags` changes, by the page cache's own rule: the version
    it was computed at, checked against the tags' versions (readers.versions), and
    never kept past the next scheduled publication. For a part many pages share and
    each would compute alike (the story list's menus, whatever its filters and
    page). Off, like the page cache, when PAGE_CACHE_SECONDS is 0."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return compute()
    key = f"parts:{name}"
    stored = cache.get(key)
    store = versions.store()
    try:
        if stored is not None and stored[2] > time.time():
            value, version, _expires_at = stored
            if not store.changed_since(tags, version):
                return value
        version = store.current()
    except store.errors:
        if stored is None:
            raise
        return stored[0]
    value = compute()
    timeout = page_timeout()
    if timeout > 0:
        cache.set(
            key,
            (value, version, time.time() + timeout),
            timeout + STALE_IF_DATABASE_AWAY,
        )
    return value


def _key(request, language: str | None = None) -> str:
    # Partners may ask the API for JSON or ninjs by Accept header as well as ?format=.
    accept = (
        request.META.get("HTTP_ACCEPT", "") if request.path.startswith("/api/") else ""
    )
    # The scheme too: a page's absolute links (canonical, og:url, feeds) name it.
    raw = f"{request.scheme}://{request.get_host()}|{request.get_full_path()}|{accept}"
    digest = hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
    # Named for the layout of its entries (see Stored): "page:" (session 6) held one
    # entry with every coding in it, "pages:" (session 5) one without.
    return f"page-entry:{language or translation.get_language()}:{digest}"


def _is_cacheable(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not carries_credentials(request)
        and not carries_pending_messages(request)
    )


# A page is kept as small entries, so that a hit reads only what it serves:
#   key                  (tags, version, expires_at, token)
#   key + ":identity"    (token, content, headers), as the view answered
#   key + ":br", ...     (token, content, headers), compressed for that coding
# The token, new at every store, ties a body to the entry it was stored with: a
# body left from an earlier render of the same address is never served with a
# newer entry. A hit reads the entry and the body in the reader's coding in one
# command (get_many); the API list of 50 reads 45 KiB of brotli, not also the
# 280 KiB it was compressed from.
class Stored(NamedTuple):
    """A page as read from the cache for one request (_load())."""

    tags: list[str]
    version: int
    expires_at: (
        float  # time.time() past which it is served only while the database is away
    )
    token: str
    content: bytes
    headers: dict[str, str]
    encode_to: str | None  # a coding the reader accepts that is not stored yet


def _load(request, key) -> Stored | None:
    """The page stored under `key`, in the coding `request` accepts best (or as the
    view answered, to be compressed once); None when any part is missing."""
    coding = best_coding(request.headers.get("accept-encoding", ""))
    found = cache.get_many([key, f"{key}:{coding}"])
    entry = found.get(key)
    if entry is None:
        return None
    body = found.get(f"{key}:{coding}")
    encode_to = None
    if (body is None or body[0] != entry[3]) and coding != "identity":
        body = cache.get(f"{key}:identity")
        encode_to = coding
    if body is None or body[0] != entry[3]:
        return None
    return Stored(*entry, body[1], body[2], encode_to)


def _store(key, content, headers, tags, version, expires_at) -> None:
    """Keep a page (see Stored) a day past its freshness: served then only while
    the database is away, never when it answers."""
    token = token_urlsafe(9)
    cache.set_many(
        {
            key: (tags, version, expires_at, token),
            f"{key}:identity": (token, content, headers),
        },
        max(0, int(expires_at - time.time())) + STALE_IF_DATABASE_AWAY,
    )


def _serve(request, key, stored: Stored, before_hit) -> HttpResponse:
    refused = before_hit(request) if before_hit else None
    if refused is not None:
        return refused
    response = HttpResponse(stored.content, headers=stored.headers)
    if stored.encode_to:
        _encode_once(request, key, stored, response)
    elif _COMPRESSION.max_random_bytes and "Content-Encoding" in response:
        # As the middleware pads each compressed answer.
        response["X-Noise"] = token_urlsafe(
            randbelow(_COMPRESSION.max_random_bytes + 1)
        )
    response["X-Page-Cache"] = "hit"
    patch_vary_headers(response, ["Cookie"])
    if "ETag" in response:  # the API's conditional GET, live updates' polls
        response = get_conditional_response(
            request, etag=response["ETag"], response=response
        )
        response["X-Page-Cache"] = "hit"
    # Stored no longer than the next scheduled publication then; a story scheduled
    # since changed the tags of every page that would show it.
    response.fresh_for = max(0.0, stored.expires_at - time.time())
    return response


def _encode_once(request, key, stored: Stored, response) -> None:
    """Compress a hit's `response` for `stored.encode_to` as
    PublicCompressionMiddleware would, and keep the result beside the page: every
    later hit in that coding is served as it is. A browser always asks for one, and
    compressing on each hit cost 0.2-0.7 ms for a page and 3 ms for the API list of
    50 (brotli), more than the rest of the hit. Cached pages are anonymous and hold
    no secret (no CSRF token), so one compressed copy serves every reader; each
    answer still gets its own random X-Noise padding."""
    # Too short, not text or not smaller: kept as it is, so that later hits need
    # not read the uncompressed copy to find out again.
    _COMPRESSION.maybe_compress(request, response)
    headers = {
        name: value for name, value in response.items() if name.lower() != "x-noise"
    }
    cache.set(
        f"{key}:{stored.encode_to}",
        (stored.token, response.content, headers),
        max(0, int(stored.expires_at - time.time())) + STALE_IF_DATABASE_AWAY,
    )


def cache_page_for_readers(view, *, before_hit=None):
    """Serve `view` from the page cache to anonymous readers (see the module docstring).

    `before_hit(request)`, if given, runs before a cached page is served (the API's
    throttle: a hit skips the view) and may answer instead by returning a response.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = _load(request, key)
        store = versions.store()
        try:
            if stored is not None and stored.expires_at > time.time():
                if not store.changed_since(stored.tags, stored.version):
                    return _serve(request, key, stored, before_hit)
            version = store.current()
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        except (DatabaseError, *store.errors):
            # The database is away: the last copy stored, even past its freshness, is
            # still the best answer a reader can get (issue 10); without one, fail.
            if stored is None:
                raise
            return _serve(request, key, stored, before_hit)
        control = response.get("Cache-Control", "")
        timeout = page_timeout()
        response.fresh_for = max(0, timeout)
        if (
            response.status_code == 200
            and not response.streaming
            and "no-store" not in control
            and "private" not in control
            and not response.cookies
        ):
            if timeout > 0:
                # Hashed once, stored with the page: ConditionalGetMiddleware would
                # hash the whole body again on every hit.
                if not response.has_header("ETag"):
                    set_response_etag(response)
                headers = {
                    name: response[name]
                    for name in KEPT_HEADERS
                    if response.has_header(name)
                }
                tags = sorted(getattr(request, "page_tags", None) or {""})
                entry = (key, tags, version, time.time() + timeout)
                if getattr(request, "page_cache_whole", False):
                    # PageCacheMiddleware stores it once the layers below it have
                    # added their headers (store_whole()).
                    request.page_cache_entry = entry
                else:
                    _store(key, response.content, headers, *entry[1:])
                response["X-Page-Cache"] = "miss"
        return response

    return wrapper


def serve_stored(request, language: str, before_hit=None) -> HttpResponse | None:
    """The stored page for an anonymous `request` in `language` while nothing it
    shows has changed, else None (the view renders it and it is stored).

    For shafaq.middleware.PageCacheMiddleware, which asks before the session,
    locale, CSRF, authentication and CSP layers run: a hit costs a cache read and
    one version check, less than a minimal view. While the database is away the
    stored copy is served as it is, as cache_page_for_readers() does.

    When `before_hit(request)` refuses the hit (an API read over its rate), None:
    the request goes down to the view, whose own check answers the refusal with
    every header the layers below add (CSP, Vary, X-Frame-Options)."""
    key = _key(request, language)
    stored = _load(request, key)
    if stored is None:
        return None
    store = versions.store()
    try:
        if stored.expires_at <= time.time() or store.changed_since(
            stored.tags, stored.version
        ):
            return None
    except store.errors:
        pass
    if before_hit is not None and before_hit(request) is not None:
        return None
    return _serve(request, key, stored, None)


def store_whole(request, response) -> None:
    """Store the page cache_page_for_readers() decided to keep for `request`, with
    every header the layers below PageCacheMiddleware added (Content-Language,
    Vary, X-Frame-Options, the CSP), so that a hit served above them answers the
    same. A response those layers made private or gave a cookie is not kept."""
    entry = getattr(request, "page_cache_entry", None)
    control = response.get("Cache-Control", "")
    if (
        entry is None
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or "no-store" in control
        or "private" in control
    ):
        return
    headers = {
        name: value for name, value in response.items() if name != "X-Page-Cache"
    }
    _store(entry[0], response.content, headers, *entry[1:])


# What a change touches --------------------------------------------------------------


def _story_tags(article) -> set[str]:
    """A story and, when readers can or could see it, every page that lists it."""
    tags = {f"story:{article.pk}"}
    if article.status not in (Article.Status.PUBLISHED, Article.Status.UNPUBLISHED):
        return tags  # drafts and stories in review are on no public page
    tags |= {"stories", f"stories:{article.language}", f"section:{article.section_id}"}
    if article.dateline_id:
        tags.add(f"place:{article.dateline_id}")
    if article.translation_of_id:
        tags.add(f"story:{article.translation_of_id}")
    # The stories whose pages show this one: its translations ("Also in") and those
    # that name it among their related stories.
    # One query, each half by its own index (an OR across the join would scan).
    relating = Article.related_articles.through.objects.filter(to_article=article.pk)
    showing = (
        article.translations.order_by()
        .values_list("pk", flat=True)
        .union(relating.order_by().values_list("from_article", flat=True))
    )
    tags |= {f"story:{pk}" for pk in showing}
    tags |= {f"topic:{pk}" for pk in article.topics.values_list("pk", flat=True)}
    tags |= {f"place:{pk}" for pk in article.places.values_list("pk", flat=True)}
    tags |= {f"author:{pk}" for pk in article.authors.values_list("pk", flat=True)}
    tags |= {
        f"source:{pk}" for pk in article.quotes.values_list("source_id", flat=True)
    }
    # An event lists its stories on its own page, on the timeline and on its place's
    # page (the place's events, each with its newest stories).
    events = list(article.events.values_list("pk", "place_id"))
    if events:
        tags |= {f"event:{pk}" for pk, _place in events} | {"timeline"}
        tags |= {f"place:{place}" for _pk, place in events if place}
    return tags


def _event_tags(event) -> set[str]:
    tags = {f"event:{event.pk}", "events", "timeline"}
    if event.place_id:
        tags.add(f"place:{event.place_id}")
    tags |= {f"source:{pk}" for pk in event.actors.values_list("pk", flat=True)}
    tags |= {f"topic:{pk}" for pk in event.topics.values_list("pk", flat=True)}
    tags |= {f"story:{pk}" for pk in event.articles.values_list("pk", flat=True)}
    return tags


def tags_for_change(instance, *, deleted: bool = False) -> set[str]:
    """The tags a save (or deletion) of `instance` makes stale."""
    name = type(instance).__name__
    if deleted and name in ("Article", "Event"):
        return {"any"}  # its relations are gone already: refresh everything
    if name == "Article":
        return _story_tags(instance)
    if name == "Event":
        return _event_tags(instance)
    story = getattr(instance, "article", None) if name != "Figure" else None
    if story and name in (
        "Correction",
        "SlugHistory",
        "Withdrawal",
        "LiveCoverage",
        "LiveUpdate",
    ):
        return _story_tags(story)
    if name == "Quote" and story:
        tags = {f"story:{story.pk}", f"source:{instance.source_id}"}
        if story.status in (Article.Status.PUBLISHED, Article.Status.UNPUBLISHED):
            # The story list's "Source quoted" menu counts the edition's quotes.
            tags.add(f"stories:{story.language}")
        return tags
    if name == "Byline" and story:  # the reporter's page lists the story (or did)
        return _story_tags(story) | {f"author:{instance.author_id}"}
    if name == "Figure":
        tags = set()
        for field, prefix in (
            ("article_id", "story"),
            ("event_id", "event"),
            ("place_id", "place"),
            ("source_id", "source"),
        ):
            if getattr(instance, field):
                tags.add(f"{prefix}:{getattr(instance, field)}")
        return tags or {"any"}
    return {"any"}  # topics, places, sources, sections, authors, the unforeseen


# Rows whose save can move them AWAY from a page (a story to another section, edition,
# dateline or back to the desk; a quote to another source; a byline to another
# reporter; an event to another place): the page they leave must refresh as well.
MOVABLE = {"Article", "Event", "Quote", "Byline", "Figure"}


def _tags_before(instance) -> set[str]:
    """The tags of the row as stored before this save (one query; none when new)."""
    name = type(instance).__name__
    if instance.pk is None or name not in MOVABLE:
        return set()
    old = type(instance)._base_manager.filter(pk=instance.pk).first()
    if old is None:
        return set()
    if name == "Article":
        public = (Article.Status.PUBLISHED, Article.Status.UNPUBLISHED)
        if old.status not in public:
            return set()
        if instance.status not in public:  # back to the desk: off every list it was on
            return _story_tags(old)
        tags = {"stories", f"stories:{old.language}", f"section:{old.section_id}"}
        if old.dateline_id:
            tags.add(f"place:{old.dateline_id}")
        if old.translation_of_id:
            tags.add(f"story:{old.translation_of_id}")
        return tags
    if name == "Event":
        return {f"place:{old.place_id}"} if old.place_id else set()
    if name == "Byline":
        return {f"author:{old.author_id}", f"story:{old.article_id}"}
    return tags_for_change(old)  # Quote, Figure: their own fields name their pages


def _remember_before_save(sender, instance=None, raw=False, **kwargs) -> None:
    if raw or sender.__module__ == "__fake__":
        return
    if sender._meta.app_label in CONTENT_APPS and sender.__name__ in MOVABLE:
        instance._page_tags_before = _tags_before(instance)


def _content_changed(sender, instance=None, **kwargs) -> None:
    if sender._meta.app_label not in CONTENT_APPS or sender.__name__ in NOT_CONTENT:
        return
    if sender.__module__ == "__fake__":
        # A migration's historical model (main's 0011 saves a row before CacheTag's
        # table exists); a cached page still expires after PAGE_CACHE_SECONDS.
        return
    action = kwargs.get("action")
    if sender.__name__ in ("BodyImage", "Author") and kwargs.get("created"):
        # A picture just uploaded, or a byline profile just made (the desk makes one
        # on an editor's first visit), is on no page until a story shows it.
        return
    if action is None:  # post_save or post_delete
        deleted = kwargs.get("signal") is post_delete
        before = vars(instance).pop("_page_tags_before", set()) if instance else set()
        _touch(tags_for_change(instance, deleted=deleted) | before)
    elif action.startswith("post_"):  # a story's topics, an event's stories, ...
        if not kwargs.get("pk_set"):  # cleared: which ones is no longer known
            _touch({"any"})
            return
        tags = _tags_of(instance)
        for other in kwargs["model"].objects.filter(pk__in=kwargs["pk_set"]):
            tags |= _tags_of(other)
        _touch(tags)


def _touch(tags: set[str]) -> None:
    """The one place a change is decided: stamp its tags, then purge a CDN in front
    (whole-zone: a CDN purge by tag is not portable across providers)."""
    versions.store().touch(tags)
    purge_after_commit()


def _tags_of(instance) -> set[str]:
    """Tags for one end of a changed many-to-many relation."""
    name = type(instance).__name__
    if name == "Article":
        return _story_tags(instance)
    if name == "Event":
        return _event_tags(instance)
    return {f"{name.lower()}:{instance.pk}"}


def connect_signals() -> None:
    """Called from ReadersConfig.ready()."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"page-cache-{signal}")
    pre_save.connect(_remember_before_save, dispatch_uid="page-cache-pre-save")
