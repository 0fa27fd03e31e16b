import os
import uuid

import pytest

from articles.models import Article
from readers import versions
from readers.cache import page_timeout
from shafaq.settings import parse_cache_url
from tests.factories import hours_ahead, make_article, make_event

pytestmark = pytest.mark.django_db

CACHE_URL = os.environ.get("CACHE_URL", "")
# Every test here runs with the versions in the database and, where CI gives a Redis
# (the PostgreSQL run of .ci/run), again with the pages and their versions in Redis.
STORES = ["database", "redis"] if CACHE_URL.startswith("redis") else ["database"]


@pytest.fixture(autouse=True, params=STORES)
def store(request, settings):
    """The page cache's version store for this test (readers.versions)."""
    if request.param == "database":
        yield versions.store()
        return
    local = settings.CACHES
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    separator = "&" if "?" in CACHE_URL else "?"
    settings.CACHES = {
        "default": parse_cache_url(f"{CACHE_URL}{separator}prefix={prefix}")
    }
    redis_store = versions.store()
    assert isinstance(redis_store, versions.RedisVersions)
    yield redis_store
    for key in redis_store.client.scan_iter(match=f"{prefix}:*"):
        redis_store.client.delete(key)
    redis_store.client.close()
    versions._stores.clear()
    settings.CACHES = local  # so that the suite's own cache.clear() stays local


def test_second_visit_is_served_from_the_page_cache_with_one_check(
    client, world, django_assert_num_queries, store
):
    first = client.get("/en/stories/")

    # Has any part of this page changed since it was rendered? One indexed query to
    # the database, or none when the versions are beside the pages in Redis.
    with django_assert_num_queries(_queries_per_check(store)):
        second = client.get("/en/stories/")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert world["story"].headline in second.content.decode()


def test_publishing_a_story_shows_on_the_cached_page_at_once(client, world):
    client.get("/en/")
    draft = make_article(
        headline="Fresh from the border", status=Article.Status.DRAFT, publish_at=None
    )

    draft.publish()

    assert "Fresh from the border" in client.get("/en/").content.decode()


def test_correcting_a_story_shows_on_the_cached_story_page_at_once(client, world):
    story = world["story"]
    client.get(story.get_absolute_url())

    story.add_correction(kind="correction", text="The base is in Anbar.")

    assert (
        "The base is in Anbar." in client.get(story.get_absolute_url()).content.decode()
    )


def test_a_new_timeline_event_shows_on_the_cached_timeline_at_once(client, world):
    client.get("/en/timeline/")

    make_event(title="Border crossing reopened")

    assert "Border crossing reopened" in client.get("/en/timeline/").content.decode()


def test_linking_a_story_to_a_topic_shows_on_the_cached_topic_page(client, world):
    client.get("/en/topics/isis/")
    other = make_article(headline="Sleeper cells in Anbar")

    other.topics.add(world["topic"])

    assert "Sleeper cells in Anbar" in client.get("/en/topics/isis/").content.decode()


def test_editions_are_cached_separately(client, world):
    client.get("/en/stories/")

    arabic = client.get("/ar/stories/")

    assert arabic["X-Page-Cache"] == "miss"
    assert world["story"].headline not in arabic.content.decode()


def test_staff_are_never_served_or_given_cached_pages(admin_client, world):
    first = admin_client.get("/en/stories/")
    second = admin_client.get("/en/stories/")

    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second


def test_not_found_pages_are_not_cached(client, db):
    client.get("/en/stories/nope/")

    response = client.get("/en/stories/nope/")

    assert response.status_code == 404
    assert "X-Page-Cache" not in response


def test_public_pages_set_no_cookie_so_shared_caches_can_keep_them(client, world):
    first = client.get("/en/")
    cached = client.__class__().get("/en/")

    assert cached["X-Page-Cache"] == "hit"
    assert not first.cookies and not cached.cookies
    assert "csrfmiddlewaretoken" not in cached.content.decode()


def test_the_edition_links_lead_to_the_same_page_in_each_edition(client, world):
    html = client.get("/en/timeline/?category=withdrawal").content.decode()

    assert 'href="/ar/timeline/?category=withdrawal" hreflang="ar"' in html
    assert 'href="/ckb/timeline/?category=withdrawal" hreflang="ckb"' in html


def test_page_timeout_ends_when_the_next_scheduled_story_goes_public(settings, world):
    settings.PAGE_CACHE_SECONDS = 300
    make_article(publish_at=hours_ahead(1 / 60))  # a minute from now

    assert 50 <= page_timeout() <= 60


def test_page_timeout_is_the_setting_when_nothing_is_scheduled(settings, world):
    settings.PAGE_CACHE_SECONDS = 300

    assert page_timeout() == 300


def _queries_per_check(store) -> int:
    """Database queries a hit's version check costs: none when Redis keeps them."""
    return 1 if store is versions._DATABASE else 0


def _cached(client, path) -> bool:
    return client.get(path)["X-Page-Cache"] == "hit"


# Pages the world fixture's story is not on, in any way.
UNRELATED = [
    "/ar/",
    "/ar/stories/",
    "/en/stories/border-618-km/",
    "/en/sources/centcom/",
]


def test_fixing_a_typo_in_one_story_leaves_unrelated_pages_cached(client, world):
    story = world["story"]
    affected = [
        story.get_absolute_url(),
        "/en/",
        "/en/stories/",
        "/en/topics/isis/",
        "/en/places/hasakah/",
        "/en/sources/adnan-al-kinani/",
        "/en/events/ain-al-asad-withdrawal/",  # lists the story as coverage
        "/en/timeline/",
    ]
    for path in [*affected, *UNRELATED]:
        client.get(path)

    story.body = "<p>The transfer of 150 detainees from Hasakah has begun.</p>"
    story.save()

    assert [path for path in UNRELATED if not _cached(client, path)] == []
    assert [path for path in affected if _cached(client, path)] == []
    assert "has begun" in client.get(story.get_absolute_url()).content.decode()


def test_saving_a_draft_leaves_every_public_page_cached(client, world):
    draft = make_article(
        status=Article.Status.DRAFT, publish_at=None, topics=[world["topic"]]
    )
    paths = [
        "/en/",
        "/en/stories/",
        "/en/topics/isis/",
        world["story"].get_absolute_url(),
    ]
    for path in paths:
        client.get(path)

    draft.headline = "Still a draft"
    draft.save()

    assert all(_cached(client, path) for path in paths)


def test_renaming_a_topic_refreshes_every_page(client, world):
    client.get("/ar/stories/")

    world["topic"].name = "Islamic State"
    world["topic"].save()

    assert not _cached(client, "/ar/stories/")


def test_a_change_while_a_page_renders_leaves_no_stale_page(
    client, world, monkeypatch, store
):
    from readers import views

    story = world["story"]
    original = views.articles.ArticleDetailView.get_context_data

    def change_during_render(self, **kwargs):
        context = original(self, **kwargs)
        # Another editor's save lands after this page began to render.
        store.touch({f"story:{story.pk}"})
        return context

    monkeypatch.setattr(
        views.articles.ArticleDetailView, "get_context_data", change_during_render
    )
    client.get(story.get_absolute_url())
    monkeypatch.undo()

    assert not _cached(client, story.get_absolute_url())


def test_a_new_event_refreshes_the_timeline_and_home_but_not_story_pages(client, world):
    story_page = "/en/stories/border-618-km/"
    for path in ("/en/", "/en/timeline/", story_page):
        client.get(path)

    make_event(title="Crossing reopened", place=world["hasakah"])

    assert not _cached(client, "/en/timeline/")
    assert not _cached(client, "/en/")
    assert _cached(client, story_page)


def test_the_api_list_and_detail_share_the_page_cache_and_its_invalidation(
    client, world
):
    story = world["story"]
    detail = f"/api/v1/articles/{story.uuid}/"
    other = f"/api/v1/articles/{world['older'].uuid}/"
    for path in ("/api/v1/articles/", detail, other):
        client.get(path)
    assert _cached(client, "/api/v1/articles/") and _cached(client, detail)

    story.headline = "Iraq takes over Ain al-Asad"
    story.save()

    assert not _cached(client, "/api/v1/articles/")
    assert client.get(detail).json()["headline"] == "Iraq takes over Ain al-Asad"
    assert _cached(client, other)


def test_every_change_to_coverage_counts_in_the_version_store(world, store):
    before = store.current()

    world["story"].add_correction(kind="update", text="Adds a figure.")

    assert store.current() > before
    assert store.changed_since([f"story:{world['story'].pk}"], before)
    assert not store.changed_since([f"story:{world['older'].pk}"], before)


@pytest.mark.parametrize("then_changed", [False, True])
def test_a_store_whose_versions_start_over_leaves_no_stale_page(
    client, world, then_changed, store
):
    """A database restored from an older backup, or emptied and filled again (as a
    test run does between tests), or a Redis that evicted or lost the versions,
    counts them from the start again: pages rendered at a later version must not be
    taken for current."""
    from articles.models import CacheTag

    paths = ["/en/stories/", "/api/v1/articles/"]
    for path in paths:
        client.get(path)
        assert _cached(client, path)

    # The counter is gone with the rest.
    if store is versions._DATABASE:
        CacheTag.objects.all().delete()
    else:
        store.client.delete(store.key)
    if then_changed:
        make_article(headline="Filed after the restore")

    for path in paths:
        response = client.get(path)
        assert response["X-Page-Cache"] == "miss", path
        if then_changed:
            assert "Filed after the restore" in response.content.decode(), path
    # And the versions counted afresh keep the pages rendered since.
    for path in paths:
        assert _cached(client, path), path


def test_a_page_that_names_no_part_refreshes_after_any_change(client, world, store):
    """A page that names no part of the coverage (tag "": the story feeds) depends
    on every change, in either store."""
    story = world["story"]
    feed = "/en/feeds/stories.rss"
    client.get(feed)
    assert _cached(client, feed)
    version = store.current()

    story.headline = "A headline fixed on the desk"
    story.save()

    assert store.changed_since([""], version)
    response = client.get(feed)
    assert response["X-Page-Cache"] == "miss"
    assert "A headline fixed on the desk" in response.content.decode()


def test_a_redis_restored_from_an_older_copy_leaves_no_stale_page(client, world, store):
    """A Redis restarted from its last snapshot (RDB/AOF written before a crash), or
    a replica promoted before it received the last writes, brings back the versions
    as they were then, beside the pages stored then: a story withdrawn since must not
    come back from them."""
    if store is versions._DATABASE:
        pytest.skip("the database keeps its versions beside the stories themselves")
    story = world["story"]
    paths = ["/en/", "/en/stories/", story.get_absolute_url(), "/api/v1/articles/"]
    for path in paths:
        client.get(path)
        assert _cached(client, path), path
    snapshot = store.client.dump(store.key)
    prefix = store.key.split(":")[0]
    pages = {
        key: store.client.dump(key)
        for key in store.client.scan_iter(match=f"{prefix}:*")
    }

    story.unpublish(note="Withdrawn after the snapshot")

    # The restarted server (a new run id) loads the snapshot: versions and pages.
    for key, value in pages.items():
        store.client.restore(key, 0, value, replace=True)
    store.client.restore(store.key, 0, snapshot, replace=True)
    store.client.hset(store.key, "#run", "0" * 40)  # written by the server before
    for path in paths:
        response = client.get(path)
        assert response.get("X-Page-Cache") != "hit", path
        assert story.headline not in response.content.decode(), path


def test_an_autosave_or_a_picture_just_uploaded_leaves_every_public_page_cached(
    client, world
):
    """Both happen every few seconds while an editor writes; neither is on any page
    until the story is saved (which refreshes its own pages)."""
    from articles.models import Autosave
    from tests.factories import make_body_image, make_user

    paths = ["/en/", "/en/stories/", world["story"].get_absolute_url()]
    for path in paths:
        client.get(path)

    Autosave.objects.create(
        user=make_user(username="typing-editor", is_staff=True),
        article=world["story"],
        headline="Half a new headline",
    )
    make_body_image()

    assert all(_cached(client, path) for path in paths)


def test_a_story_withdrawn_leaves_the_place_page_of_every_event_it_covers(
    client, world
):
    # The place page lists each event at the place with its newest stories: a story
    # that names no place of its own is there only through its events.
    lone = make_article(headline="Only through its event", slug="only-event")
    world["withdrawal"].articles.add(lone)
    world["transfer"].articles.add(lone)
    for place in ("ain-al-asad", "hasakah"):
        assert (
            "Only through its event"
            in client.get(f"/en/places/{place}/").content.decode()
        )

    lone.unpublish()

    for place in ("ain-al-asad", "hasakah"):
        page = client.get(f"/en/places/{place}/").content.decode()
        assert "Only through its event" not in page


def test_a_story_published_reaches_the_place_page_of_every_event_it_covers(
    client, world
):
    draft = make_article(
        headline="Published later", status=Article.Status.DRAFT, publish_at=None
    )
    world["withdrawal"].articles.add(draft)
    client.get("/en/places/ain-al-asad/")

    draft.publish()

    assert "Published later" in client.get("/en/places/ain-al-asad/").content.decode()


def test_a_related_story_published_later_reaches_the_story_page_that_relates_it(
    client, world
):
    story = world["story"]
    draft = make_article(
        headline="Background on the base", status=Article.Status.DRAFT, publish_at=None
    )
    story.related_articles.add(draft)
    assert (
        "Background on the base"
        not in client.get(story.get_absolute_url()).content.decode()
    )

    draft.publish()

    assert (
        "Background on the base"
        in client.get(story.get_absolute_url()).content.decode()
    )


HIT_PATHS = [
    "/en/",
    "/ar/stories/",
    "/ckb/timeline/",
    "/en/topics/isis/",
    "/en/feeds/stories.rss",
    "/sitemap.xml",
    "/api/v1/articles/",
    "/api/v1/timeline/",
]


@pytest.mark.parametrize("path", HIT_PATHS)
def test_a_page_served_from_the_cache_answers_as_the_page_rendered(client, world, path):
    """A hit is answered above the session, locale, CSRF, auth and CSP layers
    (shafaq.middleware.PageCacheMiddleware): it must carry the same headers (CSP,
    X-Frame-Options, Content-Language, Vary, Cache-Control, ETag) and bytes."""
    first = client.get(path)
    second = client.get(path)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # Per request: its id; the shared-cache lifetime counts down as the page ages.
    ignored = {"X-Page-Cache", "Date", "X-Request-ID", "Cache-Control"}
    assert {k: v for k, v in second.items() if k not in ignored} == {
        k: v for k, v in first.items() if k not in ignored
    }
    assert second["Cache-Control"].startswith("public, ")


def test_a_hit_is_answered_before_the_session_and_auth_layers(
    client, world, django_assert_num_queries, monkeypatch, store
):
    from django.contrib.sessions.middleware import SessionMiddleware

    client.get("/en/stories/")
    calls = []
    original = SessionMiddleware.process_request
    monkeypatch.setattr(
        SessionMiddleware,
        "process_request",
        lambda self, request: calls.append(request.path) or original(self, request),
    )

    with django_assert_num_queries(_queries_per_check(store)):
        assert client.get("/en/stories/")["X-Page-Cache"] == "hit"
    assert calls == []


def test_a_reader_with_a_session_cookie_still_gets_cached_pages_below_it(client, world):
    client.get("/en/stories/")
    client.cookies["sessionid"] = "not-a-session"

    response = client.get("/en/stories/")

    assert response["X-Page-Cache"] == "hit"  # from the view's own check


def test_an_api_hit_still_counts_against_the_anonymous_rate(client, world, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "anon": "3/minute"},
    }

    responses = [client.get("/api/v1/articles/") for _ in range(5)]

    assert [r.status_code for r in responses] == [200, 200, 200, 429, 429]
    # The refusal answers as the view's own would: every layer's headers.
    refused = responses[3]
    assert refused["Retry-After"]
    assert refused.json()["detail"].startswith("Request was throttled.")
    for header in ("Content-Security-Policy", "X-Frame-Options", "Vary"):
        assert header in refused, header


def test_a_reader_with_pending_messages_is_given_the_page_rendered_for_them(
    client, world
):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    client.get("/en/stories/")
    assert client.get("/en/stories/")["X-Page-Cache"] == "hit"
    storage = CookieStorage(RequestFactory().get("/"))
    encoded = storage._encode([Message(constants.INFO, "You have signed out.")])
    client.cookies[CookieStorage.cookie_name] = encoded

    response = client.get("/en/stories/")

    assert response.get("X-Page-Cache") != "hit"
    assert "You have signed out." in response.content.decode()


def test_the_page_cache_keeps_http_and_https_pages_apart(client, world):
    client.get("/en/stories/", secure=True)

    plain = client.get("/en/stories/", secure=False)

    assert plain["X-Page-Cache"] == "miss"
    assert client.get("/en/stories/", secure=True)["X-Page-Cache"] == "hit"


def test_a_page_rendered_before_a_change_commits_is_stale_once_it_has(
    world, store, django_capture_on_commit_callbacks
):
    if store is versions._DATABASE:
        pytest.skip("the change's own transaction hides the database's new version")
    tag = f"story:{world['story'].pk}"
    with django_capture_on_commit_callbacks(execute=True):
        store.touch({tag})
        # Another server process renders the story now, from its rows as they were
        # before the commit, and stores the page at the version it reads.
        seen = store.current()
        assert not store.changed_since([tag], seen)

    assert store.changed_since([tag], seen)


def test_a_changed_page_is_served_as_stored_while_the_database_is_away(
    client, world, store, monkeypatch
):
    from django.db import OperationalError
    from django.db.backends.base.base import BaseDatabaseWrapper

    client.get("/en/stories/")
    store.touch({"stories:en"})  # a re-render is due, and cannot happen

    def database_away(self):
        raise OperationalError("connection timeout expired")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", database_away)
    monkeypatch.setattr(
        BaseDatabaseWrapper, "close_if_unusable_or_obsolete", lambda s: None
    )
    response = client.get("/en/stories/")

    assert response.status_code == 200
    assert world["story"].headline in response.content.decode()


@pytest.mark.parametrize("coding", ["br", "gzip", "zstd"])
def test_a_hit_is_compressed_once_per_coding_and_kept_with_the_page(
    client, world, monkeypatch, coding
):
    """Browsers always ask for an encoding: a hit compressed anew each time cost
    more than the rest of it. The first hit in a coding compresses and keeps the
    result; later ones serve it, with the headers the middleware would give."""
    from django_http_compression import middleware as compression

    path = "/api/v1/articles/"
    headers = {"Accept-Encoding": coding}
    plain = client.get(path)  # stored, a miss
    calls = []
    for name in ("brotli_compress", "gzip_compress", "zstd_compress"):
        original = getattr(compression, name)
        monkeypatch.setattr(
            compression,
            name,
            lambda *a, _original=original, **k: calls.append(1) or _original(*a, **k),
        )

    hits = [client.get(path, headers=headers) for _ in range(3)]

    assert len(calls) == 1
    for hit in hits:
        assert hit["X-Page-Cache"] == "hit"
        assert hit["Content-Encoding"] == coding
        assert _varies(hit) == _varies(plain) | {"accept-encoding"}
        assert hit["ETag"] == "W/" + plain["ETag"]
        assert _decoded(hit) == plain.content
    again = client.get(path, headers={**headers, "If-None-Match": hits[0]["ETag"]})
    assert again.status_code == 304
    # A reader who asks for no encoding still gets the page as it is.
    unencoded = client.get(path)
    assert unencoded["X-Page-Cache"] == "hit" and "Content-Encoding" not in unencoded


def test_a_change_drops_the_compressed_copies_with_the_page(client, world):
    story = world["story"]
    url = story.get_absolute_url()
    client.get(url)
    client.get(url, headers={"Accept-Encoding": "br"})  # compressed and kept

    story.headline = "Iraq takes full control of Ain al-Asad"
    story.save()
    response = client.get(url, headers={"Accept-Encoding": "br"})

    assert b"Iraq takes full control of Ain al-Asad" in _decoded(response)


def _varies(response) -> set[str]:
    return {v.strip().lower() for v in response.get("Vary", "").split(",") if v}


def _decoded(response) -> bytes:
    import gzip

    import brotli

    coding = response.get("Content-Encoding")
    if coding == "br":
        return brotli.decompress(response.content)
    if coding == "gzip":
        return gzip.decompress(response.content)
    if coding == "zstd":
        from backports.zstd import decompress

        return decompress(response.content)
    return response.content


def _stored_key(url: str, language: str = "en") -> str:
    from django.test import RequestFactory

    from readers.cache import _key

    return _key(RequestFactory().get(url), language)


def test_a_compressed_hit_reads_only_the_copy_in_its_coding(client, world):
    """A hit reads the page's entry and the body in the reader's coding, not the
    uncompressed body beside them (280 KiB for the API list of 50)."""
    from django.core.cache import cache

    url = "/api/v1/articles/"
    plain = client.get(url)
    client.get(url, headers={"Accept-Encoding": "br"})  # the br copy is kept
    cache.delete(f"{_stored_key(url)}:identity")

    hit = client.get(url, headers={"Accept-Encoding": "br"})

    assert hit["X-Page-Cache"] == "hit"
    assert _decoded(hit) == plain.content


def test_a_page_whose_body_is_gone_is_rendered_again(client, world):
    """An entry whose body was evicted on its own (Redis keeps the most used keys)
    is a miss, never an empty or broken answer."""
    from django.core.cache import cache

    url = world["story"].get_absolute_url()
    client.get(url)

    for headers in ({}, {"Accept-Encoding": "br"}):
        cache.delete(f"{_stored_key(url)}:identity")
        response = client.get(url, headers=headers)
        assert response["X-Page-Cache"] == "miss"
        assert world["story"].headline.encode() in _decoded(response)


def test_a_body_kept_from_an_earlier_render_is_never_served_with_a_newer_one(
    client, world
):
    """Each render's bodies carry its token: a br copy of the page as it was is
    not served once the page is rendered again, even if nothing dropped it."""
    from django.core.cache import cache

    story = world["story"]
    url = story.get_absolute_url()
    client.get(url)
    client.get(url, headers={"Accept-Encoding": "br"})
    old_copy = cache.get(f"{_stored_key(url)}:br")
    story.headline = "Iraq takes full control of Ain al-Asad"
    story.save()
    client.get(url)  # rendered again and stored
    cache.set(f"{_stored_key(url)}:br", old_copy)  # as if it had outlived the change

    response = client.get(url, headers={"Accept-Encoding": "br"})

    assert response["X-Page-Cache"] == "hit"
    assert b"Iraq takes full control of Ain al-Asad" in _decoded(response)
