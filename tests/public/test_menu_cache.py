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
    assert len(grouped) == 1  # topics, places, sources most used: one UNION ALL
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
            len([q for q in captured.captured_queries if "GROUP BY" in q["sql"]]) == 1
        )


def test_a_quote_added_to_a_public_story_reaches_the_source_menu(client, world):
    from tests.factories import make_quote, make_source

    voice = make_source(name="Border guard spokesman", slug="border-guard")
    client.get("/en/stories/")

    make_quote(article=world["story"], source=voice, text="The crossing is closed.")

    assert "Border guard spokesman" in menu(client.get("/en/stories/?page=1"), "source")


def test_a_quote_in_a_draft_never_reaches_the_source_menu(client, world):
    from articles.models import Article
    from tests.factories import make_quote, make_source

    draft = make_article(status=Article.Status.DRAFT, publish_at=None)
    voice = make_source(name="Unnamed official", slug="unnamed-official")

    make_quote(article=draft, source=voice, text="Not for publication.")

    assert "Unnamed official" not in menu(client.get("/en/stories/"), "source")


def test_a_scheduled_story_reaches_no_menu_before_its_time(client, world, settings):
    """The menus' SQL is compiled once per process (readers.filters.compiled_rows):
    the visibility rule in it compares with the database's clock, not a time fixed
    when it was compiled."""
    from tests.factories import hours_ahead

    settings.PAGE_CACHE_SECONDS = 0
    client.get("/en/stories/")  # compiled now
    later = make_topic(name="Embargoed topic", slug="embargoed")
    make_article(topics=[later], publish_at=hours_ahead(2))
    fresh = make_topic(name="Fresh topic", slug="fresh")
    make_article(topics=[fresh])

    shown = menu(client.get("/en/stories/"), "topic")

    assert "Fresh topic" in shown
    assert "Embargoed topic" not in shown


def test_the_menus_of_every_edition_and_origin_name_things_in_that_edition(
    client, world, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    border = make_topic(
        name="Border", name_ar="الحدود", name_ckb="سنوور", slug="border"
    )
    for language in ("en", "ar", "ckb"):
        make_article(language=language, topics=[border])
    make_event(title="Border closed", topics=[border])
    expected = {"en": "Border", "ar": "الحدود", "ckb": "سنوور"}
    for language, name in expected.items():
        for path in (f"/{language}/stories/", f"/{language}/timeline/"):
            assert name in menu(client.get(path), "topic"), (language, path)
