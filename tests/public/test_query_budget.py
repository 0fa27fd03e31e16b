"""What a cold page costs in queries: fixed whatever the archive's size, none repeated.

Speed lives in `make bench`; these pin what can be pinned in a test: the number of
queries does not grow with the archive, and no request asks the same thing twice.
"""

import datetime
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from readers.filters import MENU_LENGTH
from tests.factories import (
    hours_ago,
    make_article,
    make_event,
    make_place,
    make_quote,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/en/",
    "/en/stories/",
    "/en/stories/?topic=isis",
    "/en/stories/iraq-takes-over-ain-al-asad/",
    "/en/topics/isis/",
    "/en/places/hasakah/",
    "/en/sources/adnan-al-kinani/",
    "/en/events/ain-al-asad-withdrawal/",
    "/en/timeline/",
    "/en/search/?q=detainees",
    "/en/sources/",
    "/en/feeds/stories.rss",
    "/en/feeds/stories.atom",
    "/en/feeds/topics/isis.rss",
    "/en/feeds/timeline.rss",
    "/en/corrections/",
    "/sitemap.xml",
    "/sitemap-stories.xml",
    "/sitemap-events.xml",
    "/api/v1/articles/?page_size=50",
    "/api/v1/articles/?page_size=50&format=ninjs",
    "/api/v1/timeline/",
    "/api/v1/events/?page_size=50",
    "/api/v1/sources/?page_size=50",
    "/api/v1/changes/",
]


def pages(world) -> list[str]:
    """PAGES and the world story's API item (JSON and ninjs)."""
    item = f"/api/v1/articles/{world['story'].uuid}/"
    return [*PAGES, item, f"{item}?format=ninjs"]


def grow(world, n: int) -> None:
    """`n` more public stories on the world's topic and places, quoting its source,
    each with its own event, source and place (vocabularies grow with the archive)."""
    for i in range(n):
        story = make_article(
            topics=[world["topic"], make_topic()],
            places=[world["hasakah"], make_place()],
            publish_at=hours_ago(40 + i),
        )
        make_quote(article=story, source=world["source"])
        make_quote(article=story, source=make_source())
        make_event(articles=[story], date=datetime.date(2024, 1, 1 + i % 28))


def queries(client, path) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return [q["sql"] for q in captured.captured_queries]


@pytest.fixture
def cold(settings):
    settings.PAGE_CACHE_SECONDS = 0


def test_no_page_asks_the_database_the_same_thing_twice(client, world, cold):
    grow(world, 3)

    repeated = {
        path: [sql for sql, n in Counter(queries(client, path)).items() if n > 1]
        for path in pages(world)
    }

    assert {path: sqls for path, sqls in repeated.items() if sqls} == {}


def test_query_counts_do_not_grow_with_the_archive(client, world, cold):
    grow(world, 2)
    small = {path: len(queries(client, path)) for path in pages(world)}

    grow(world, 25)
    large = {path: len(queries(client, path)) for path in pages(world)}

    assert large == small


def test_filter_menus_stay_short_however_many_events_and_sources_exist(
    client, world, cold
):
    grow(world, MENU_LENGTH + 10)

    page = BeautifulSoup(client.get("/en/stories/").content, "html.parser")

    for name in ("topic", "place", "source", "event"):
        options = page.select(f'select[name="{name}"] option')
        assert 1 < len(options) <= MENU_LENGTH + 1, name


def test_a_filter_value_outside_the_menu_still_filters_and_is_shown_selected(
    client, world, cold
):
    grow(world, MENU_LENGTH + 10)

    response = client.get("/en/stories/?event=ain-al-asad-withdrawal")

    page = BeautifulSoup(response.content, "html.parser")
    selected = page.select_one('select[name="event"] option[selected]')
    assert selected["value"] == "ain-al-asad-withdrawal"
    titles = [h.get_text(strip=True) for h in page.select(".card__title")]
    assert titles == [world["story"].headline]
