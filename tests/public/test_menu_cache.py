"""The filter menus every list page shares (most used topics, places and sources of
the newest stories; the latest events) are computed once and remembered until what
they show changes, by the page cache's rule (readers.cache.remembered)."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import make_article, make_event, make_topic

pytestmark = pytest.mark.django_db


def menu(response, name: str) -> list[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return [o.get_text() for o in page.select(f'select[name="{name}"] option')]


def test_a_second_list_page_reuses_the_menus_the_first_computed(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response["X-Page-Cache"] == "miss"
        return [q["sql"] for q in captured.captured_queries]

    first = queries("/en/stories/")
    other = queries(f"/en/stories/?topic={world['topic'].slug}")  # a page not cached

    grouped = [sql for sql in first if "GROUP BY" in sql]
    assert len(grouped) == 3  # topics, places, sources most used
    assert not [sql for sql in other if "GROUP BY" in sql]


def test_a_topic_new_on_many_stories_reaches_the_menu_of_the_next_page(client, world):
    client.get("/en/stories/")
    fresh = make_topic(name="Border crossings", slug="border-crossings")
    for _ in range(3):
        make_article(topics=[fresh])

    response = client.get("/en/stories/?page=1")

    assert "Border crossings" in menu(response, "topic")


def test_a_new_event_reaches_the_event_menu_of_the_next_page(client, world):
    client.get("/en/stories/")

    make_event(title="Crossing at al-Qaim reopened")

    assert any(
        "Crossing at al-Qaim reopened" in label
        for label in menu(client.get("/en/stories/?page=1"), "event")
    )


def test_each_edition_keeps_its_own_menus(client, world):
    border = make_topic(name="Border", name_ar="الحدود", slug="border")
    make_article(language="ar", topics=[border])
    make_article(language="en", topics=[border])
    english = menu(client.get("/en/stories/"), "topic")

    arabic = menu(client.get("/ar/stories/"), "topic")

    assert "Border" in english and "الحدود" not in english
    assert "الحدود" in arabic and "Border" not in arabic


def test_with_the_page_cache_off_the_menus_are_computed_every_time(
    client, world, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0
    for path in ("/en/stories/", "/en/stories/?page=1"):
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        assert (
            len([q for q in captured.captured_queries if "GROUP BY" in q["sql"]]) == 3
        )
