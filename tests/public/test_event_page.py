"""An event's page: its stories newest first, a page at a time, bounded whatever
the size of the event's coverage."""

import pytest
from bs4 import BeautifulSoup

from articles.models import Article
from readers.views.events import EVENT_STORIES
from tests.factories import hours_ago, hours_ahead, make_article, make_event

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def headlines(response) -> list[str]:
    return [h.get_text(strip=True) for h in soup(response).select(".card__title")]


@pytest.fixture
def cold(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def big_event(db):
    """An event with EVENT_STORIES + 5 public English stories, the newest first in
    `stories`, and stories readers must not see or that belong to other editions."""
    stories = [
        make_article(headline=f"Coverage {i}", publish_at=hours_ago(2 + i))
        for i in range(EVENT_STORIES + 5)
    ]
    hidden = [
        make_article(headline="A draft", status=Article.Status.DRAFT),
        make_article(headline="Scheduled", publish_at=hours_ahead(3)),
        make_article(headline="Withdrawn", status=Article.Status.UNPUBLISHED),
        make_article(headline="بالعربية", language="ar"),
    ]
    event = make_event(slug="long-transfer", articles=[*stories, *hidden])
    return event, stories


def test_event_page_lists_its_newest_stories_first_a_page_at_a_time(client, big_event):
    event, stories = big_event

    first = client.get(f"/en/events/{event.slug}/")
    second = client.get(f"/en/events/{event.slug}/?page=2")

    assert headlines(first) == [s.headline for s in stories[:EVENT_STORIES]]
    assert headlines(second) == [s.headline for s in stories[EVENT_STORIES:]]
    assert soup(first).select_one('.pagination a[rel="next"]')["href"] == "?page=2"
    assert soup(second).select_one('.pagination a[rel="prev"]')["href"] == "?page=1"
    assert "Page 2 of 2" in soup(second).select_one(".pagination").get_text()


def test_event_page_counts_only_stories_readers_may_see_in_this_edition(client, db):
    public = [make_article(publish_at=hours_ago(2 + i)) for i in range(EVENT_STORIES)]
    hidden = [
        make_article(status=Article.Status.DRAFT),
        make_article(publish_at=hours_ahead(3)),
        make_article(status=Article.Status.UNPUBLISHED),
        make_article(language="ar"),
    ]
    event = make_event(articles=[*public, *hidden])

    response = client.get(f"/en/events/{event.slug}/")

    assert len(headlines(response)) == EVENT_STORIES
    assert soup(response).select_one(".pagination") is None
    assert client.get(f"/en/events/{event.slug}/?page=2").status_code == 404


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5", "99999999999999999"])
def test_event_page_past_the_last_or_malformed_is_a_404_not_a_500(
    client, big_event, page
):
    event, _stories = big_event

    response = client.get(f"/en/events/{event.slug}/?page={page}")

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_event_page_without_stories_in_this_edition_says_so(client, db):
    event = make_event(articles=[make_article(language="ar")])

    response = client.get(f"/en/events/{event.slug}/")

    assert response.status_code == 200
    assert soup(response).select_one(".empty-state") is not None
    assert headlines(response) == []


def test_event_page_runs_a_fixed_number_of_queries(
    client, big_event, cold, django_assert_num_queries
):
    event, _stories = big_event

    # The event (+ place), its actors, topics and public figures (+ source), then
    # its stories of this edition: how many, and the page's (cards).
    for path in (f"/en/events/{event.slug}/", f"/en/events/{event.slug}/?page=2"):
        with django_assert_num_queries(6):
            assert client.get(path).status_code == 200
