"""The leak test (STYLE §8): no hidden story shows on any public surface.

PUBLIC_URLS is the one list of public surfaces. Adding a public page, feed, sitemap or
API endpoint means adding it here in the same change. Each entry is a URL template
(formatted with the slugs of the `leaky_world` fixture) and whether the published
story must appear on it.
"""

import time

import pytest
from django.db.models.functions import Now

from articles.models import Article, LiveCoverage
from tests.factories import (
    hours_ahead,
    make_correction,
    make_figure,
    make_live_update,
    make_quote,
    make_source,
)

PUBLIC_URLS = [
    ("/en/", True),
    ("/en/stories/", True),
    ("/en/stories/?page=1&topic={topic}", True),
    ("/en/stories/{story}/", True),
    ("/en/sections/{section}/", True),
    ("/en/topics/{topic}/", True),
    ("/en/authors/{author}/", True),
    ("/en/places/{place}/", True),
    ("/en/events/{event}/", True),
    ("/en/sources/", False),
    ("/en/sources/{source}/", True),
    ("/en/timeline/", True),
    ("/en/corrections/", True),
    ("/en/search/?q=Hasakah", True),
    ("/en/search/?q=story", False),
    ("/en/search/?q=transfer", False),
    ("/en/feeds/stories.rss", True),
    ("/en/feeds/stories.atom", True),
    ("/en/feeds/topics/{topic}.rss", True),
    ("/en/feeds/timeline.rss", False),
    ("/sitemap.xml", False),
    ("/sitemap-stories.xml", True),
    ("/sitemap-sources.xml", False),
    ("/sitemap-events.xml", False),
    ("/sitemap-topics.xml", False),
    ("/sitemap-news.xml", True),
    ("/api/v1/articles/", True),
    ("/api/v1/articles/?format=ninjs", True),
    ("/api/v1/articles/?q=Hasakah", True),
    ("/api/v1/articles/?topic={topic}&page_size=100", True),
    ("/api/v1/articles/{uuid}/", True),
    ("/api/v1/articles/{uuid}/?format=ninjs", True),
    ("/api/v1/sources/{source}/", False),
    ("/api/v1/events/", False),
    ("/api/v1/events/{event}/", False),
    ("/api/v1/places/", False),
    ("/api/v1/topics/", False),
    ("/api/v1/timeline/", True),
    ("/api/v1/changes/", False),
    # A live story's updates (the story is live in leaky_world).
    ("/en/stories/{story}/updates.json", True),
    ("/en/stories/{story}/updates.json?since=2000-01-01T00:00:00Z", True),
    ("/en/stories/{story}/updates.rss", True),
    ("/en/stories/{story}/updates.atom", True),
    ("/api/v1/articles/{uuid}/updates/", True),
    ("/api/v1/articles/{uuid}/updates/?since=2000-01-01T00:00:00Z", True),
]


@pytest.fixture
def leaky_world(world, hidden_articles):
    """Every hidden story tied to everything the published one is tied to, all of
    them live with updates (a hidden story's update names its slug)."""
    story = world["story"]
    LiveCoverage.objects.create(article=story)
    make_live_update(article=story, title="Convoy reaches the border")
    for hidden in hidden_articles:
        LiveCoverage.objects.create(article=hidden)
        make_live_update(article=hidden, title=f"Update from {hidden.slug}")
        hidden.section = world["section"]
        hidden.dateline = world["place"]
        hidden.translation_of = story
        hidden.save()
        hidden.topics.add(world["topic"])
        hidden.places.add(world["place"], world["hasakah"])
        hidden.bylines.create(author=story.byline[0], position=1)
        story.related_articles.add(hidden)
        world["withdrawal"].articles.add(hidden)
        make_quote(
            article=hidden, source=world["source"], text=f"Words from {hidden.slug}"
        )
        make_correction(article=hidden, text=f"Corrected {hidden.slug}")
        make_figure(
            article=hidden,
            place=world["place"],
            event=world["withdrawal"],
            counts=f"counted in {hidden.slug}",
        )
    return world


def test_a_source_quoted_only_in_hidden_stories_appears_nowhere(
    client, world, hidden_articles
):
    secret = make_source(name="Unpublished Interviewee", slug="unpublished-interviewee")
    for hidden in hidden_articles:
        make_quote(article=hidden, source=secret, text="Not yet public")

    pages = [
        "/en/sources/",
        "/en/stories/",
        "/en/search/?q=Interviewee",
        "/api/v1/sources/",
        "/sitemap-sources.xml",
    ]

    for url in pages:
        assert "unpublished-interviewee" not in client.get(url).content.decode(), url
    assert client.get("/en/sources/unpublished-interviewee/").status_code == 404
    assert client.get("/api/v1/sources/unpublished-interviewee/").status_code == 404


def slugs(world) -> dict:
    return {
        "story": world["story"].slug,
        "section": world["section"].slug,
        "topic": world["topic"].slug,
        "author": world["story"].byline[0].slug,
        "place": world["place"].slug,
        "event": world["withdrawal"].slug,
        "source": world["source"].slug,
        "uuid": world["story"].uuid,
    }


def assert_hidden_absent(content: str, hidden_articles) -> None:
    for hidden in hidden_articles:
        assert hidden.headline not in content, hidden.status
        assert hidden.slug not in content, hidden.status
        assert str(hidden.uuid) not in content, hidden.status


@pytest.mark.parametrize(("template", "shows_story"), PUBLIC_URLS)
def test_no_hidden_story_appears_on_any_public_surface(
    client, leaky_world, hidden_articles, template, shows_story
):
    url = template.format(**slugs(leaky_world))

    response = client.get(url)

    assert response.status_code == 200
    content = response.content.decode()
    assert_hidden_absent(content, hidden_articles)
    if shows_story:
        assert leaky_world["story"].slug in content


@pytest.mark.parametrize(
    "article_fixture",
    ["draft_article", "in_review_article", "scheduled_article", "unpublished_article"],
)
def test_hidden_story_page_is_not_found(client, request, article_fixture):
    article = request.getfixturevalue(article_fixture)

    response = client.get(f"/en/stories/{article.slug}/")

    assert response.status_code in (404, 410)


@pytest.mark.parametrize(
    "template",
    [
        "/en/stories/{slug}/updates.json",
        "/en/stories/{slug}/updates.rss",
        "/en/stories/{slug}/updates.atom",
        "/api/v1/articles/{uuid}/updates/",
    ],
)
def test_a_hidden_live_storys_updates_are_not_found(
    client, leaky_world, hidden_articles, template
):
    for hidden in hidden_articles:
        url = template.format(slug=hidden.slug, uuid=hidden.uuid)

        response = client.get(url)

        assert response.status_code == 404, (url, hidden.status)
        assert "Update from" not in response.content.decode()


def test_scheduled_story_appears_by_itself_once_its_time_passes(
    client, leaky_world, scheduled_article
):
    Article.objects.filter(pk=scheduled_article.pk).update(publish_at=Now())

    pages = [client.get(url.format(**slugs(leaky_world))) for url, _ in PUBLIC_URLS[:6]]

    for page in pages:
        assert scheduled_article.headline in page.content.decode()


def test_scheduled_story_appears_on_an_already_cached_page_at_its_time(client, world):
    story = world["story"]
    soon = story.__class__.objects.create(
        headline="Due in two seconds",
        slug="due-in-two-seconds",
        status="published",
        publish_at=hours_ahead(2 / 3600),
        section=world["section"],
    )
    first = client.get("/en/stories/")
    assert (
        first["X-Page-Cache"] == "miss" and soon.headline not in first.content.decode()
    )

    time.sleep(2.2)  # no job runs: the cached page expires when the story goes public
    later = client.get("/en/stories/")

    assert soon.headline in later.content.decode()
