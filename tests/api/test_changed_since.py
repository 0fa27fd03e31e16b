"""Every "changed since" answer counts the moment a story went public, not only its
last save: a story scheduled hours ago that went live an hour ago saved no row then,
and a partner who polled two hours ago must still hear of it, everywhere."""

import email.utils

import pytest
from django.core.cache import cache

from articles.models import Article, ArticleChange
from tests.factories import (
    hours_ago,
    hours_ahead,
    make_article,
    make_event,
    make_place,
    make_quote,
    make_section,
    make_topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def went_live_on_schedule():
    """Saved five hours ago to go public in an hour; then its time came."""
    place = make_place(slug="sinjar")
    section = make_section(slug="security")
    topic = make_topic(slug="sinjar-agreement")
    old = make_article(publish_at=hours_ago(48), section=section, topics=[topic])
    Article.objects.filter(pk=old.pk).update(modified_at=hours_ago(48))
    story = make_article(
        headline="Sinjar agreement takes effect",
        slug="sinjar-agreement-takes-effect",
        publish_at=hours_ahead(1),
        section=section,
        topics=[topic],
        places=[place],
    )
    make_quote(article=story)
    event = make_event(slug="sinjar-agreement", place=place, articles=[story])
    from events.models import Event

    Event.objects.filter(pk=event.pk).update(modified_at=hours_ago(48))
    return story


def arrive(story) -> None:
    """Its time comes: no save, only the clock moves past publish_at."""
    Article.objects.filter(pk=story.pk).update(
        publish_at=hours_ago(1),
        first_published_at=hours_ago(1),
        modified_at=hours_ago(5),
    )
    ArticleChange.objects.create(
        article_uuid=story.uuid,
        language="en",
        kind="published",
        changed_at=hours_ago(1),
    )
    # On a real clock every page cached before would have expired by now: the page
    # cache keeps none past the next scheduled publication (tests/public/test_cache.py).
    cache.clear()


def test_updated_since_returns_a_story_that_went_live_on_schedule(
    api_client, went_live_on_schedule
):
    story = went_live_on_schedule
    since = hours_ago(2).isoformat()
    listing = "/api/v1/articles/"
    before = api_client.get(listing, {"updated_since": since})
    assert before.json()["results"] == []
    arrive(story)

    for params in [
        {"updated_since": since},
        {"updated_since": since, "ordering": "modified_at"},
        {"updated_since": since, "ordering": "-modified_at"},
        {"updated_since": since, "format": "ninjs"},
    ]:
        results = api_client.get(listing, params).json()["results"]
        found = [r.get("uuid") or r.get("uri") for r in results]
        assert len(found) == 1 and str(story.uuid) in found[0], params
    item = api_client.get(f"/api/v1/articles/{story.uuid}/").json()
    assert item["modified_at"] >= since.replace("+00:00", "Z")[:19]
    # Conditional GET: the old ETag of the list no longer matches.
    after = api_client.get(
        listing, {"updated_since": since}, HTTP_IF_NONE_MATCH=before["ETag"]
    )
    assert after.status_code == 200
    changes = api_client.get("/api/v1/changes/", {"since": since}).json()["results"]
    assert [c["uuid"] for c in changes] == [str(story.uuid)]


def test_feeds_and_sitemaps_count_the_moment_it_went_live(
    client, went_live_on_schedule
):
    story = went_live_on_schedule
    arrive(story)
    since = hours_ago(2)

    for feed in ["/en/feeds/stories.rss", "/en/feeds/stories.atom"]:
        modified = client.get(feed)["Last-Modified"]
        assert email.utils.parsedate_to_datetime(modified) >= since, feed
    # Sitemaps print lastmod to the day; read the times they are made from.
    from django.utils import translation

    from readers.sitemaps import SITEMAPS

    with translation.override("en"):
        for name, sitemap_class in SITEMAPS.items():
            sitemap = sitemap_class()
            times = [sitemap.lastmod(item) for item in sitemap.items()]
            newest = max(t for t in times if t is not None)
            assert newest >= since, name
        assert SITEMAPS["stories"]().get_latest_lastmod() >= since
