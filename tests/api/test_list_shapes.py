"""Every list shape partners read, and the story item: a fixed number of queries
whatever the archive holds, none asked twice, and items built by plain code
(partners.serializers.articles.StoryItems) equal to DRF's field-by-field output."""

import datetime
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from articles.models import LiveCoverage, live_update_urls
from events.models import Figure
from partners.api.articles import DEFAULT_ORDER, public_stories, read_lists
from partners.serializers.articles import ArticleSerializer, StoryItems, read_rows
from tests.factories import (
    hours_ago,
    make_article,
    make_author,
    make_correction,
    make_event,
    make_figure,
    make_live_article,
    make_live_update,
    make_place,
    make_quote,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db
LIST = "/api/v1/articles/"
IS_POSTGRESQL = connection.vendor == "postgresql"

# Each shape's queries, the page cache off:
# - JSON: the stories (section, dateline and live coverage joined, live updates
#   counted), 2 lists (corrections, figures with sources) and 6 rows (bylines,
#   topics, places, quotes with sources, events, other editions);
# - ninjs: the stories, 3 lists (corrections, bylines with authors, live updates
#   with authors) and 5 rows (the JSON's but bylines);
# - a filter by topic or place: + 1, the FilterSet checking the slug names one.
# PostgreSQL runs the lists in one round trip and the rows in another
# (articles.compiled.run_together()).
PAGE = 3 if IS_POSTGRESQL else 9
FILTERED = PAGE + 1
# One story: the story, and its lists and rows as a page's.
ITEM = PAGE


def shapes(world) -> dict[str, tuple[str, int]]:
    """{shape: (address, its queries)} for the world's archive."""
    topic, place, story = world["topic"], world["place"], world["story"]
    item = f"{LIST}{story.uuid}/"
    return {
        "first page": (f"{LIST}?page_size=5", PAGE),
        "first page, ninjs": (f"{LIST}?page_size=5&format=ninjs", PAGE),
        "by topic": (f"{LIST}?page_size=5&topic={topic.slug}", FILTERED),
        "by place": (f"{LIST}?page_size=5&place={place.slug}", FILTERED),
        "by edition": (f"{LIST}?page_size=5&language=en", PAGE),
        "oldest first": (f"{LIST}?page_size=5&ordering=published_at", PAGE),
        "by topic, ninjs": (
            f"{LIST}?page_size=5&topic={topic.slug}&format=ninjs",
            FILTERED,
        ),
        "item": (item, ITEM),
        "item, ninjs": (f"{item}?format=ninjs", ITEM),
    }


def grow(world, n: int) -> None:
    """`n` more public stories on the world's topic and place, each linking much."""
    for i in range(n):
        story = make_article(
            topics=[world["topic"], make_topic()],
            places=[world["place"], make_place()],
            dateline=world["place"],
            publish_at=hours_ago(20 + i),
            translation_of=world["original"] if i % 2 else None,
            language=["en", "ckb"][i % 2],
        )
        make_quote(article=story, source=make_source())
        make_event(articles=[story])
        make_figure(article=story, source=make_source())
        make_correction(article=story)
    make_live_update(article=make_live_article(topics=[world["topic"]]))


@pytest.fixture
def world():
    topic, place = make_topic(), make_place()
    original = make_article(language="ar", topics=[topic], publish_at=hours_ago(90))
    story = make_article(topics=[topic], places=[place], translation_of=original)
    world = {"topic": topic, "place": place, "original": original, "story": story}
    grow(world, 2)
    return world


@pytest.fixture
def cold(settings):
    settings.PAGE_CACHE_SECONDS = 0


def queries(client, path) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return [query["sql"] for query in captured.captured_queries]


def next_pages(client, world) -> dict[str, tuple[str, int]]:
    """The second page of each list shape (a cursor)."""
    pages = {}
    for name, (path, count) in shapes(world).items():
        if path.startswith(f"{LIST}?"):
            following = client.get(path).json().get("next")
            if following:
                pages[f"{name}, page 2"] = (following, count)
    return pages


def test_every_list_shape_and_item_runs_its_pinned_number_of_queries(
    api_client, world, cold, django_assert_num_queries
):
    grow(world, 6)
    every = {**shapes(world), **next_pages(api_client, world)}
    assert len(every) >= 14  # every list has a second page

    for name, (path, count) in every.items():
        with django_assert_num_queries(count):
            response = api_client.get(path)
        assert response.status_code == 200, name


def test_no_list_shape_asks_the_database_the_same_thing_twice(api_client, world, cold):
    grow(world, 6)
    every = {**shapes(world), **next_pages(api_client, world)}

    repeated = {
        name: [sql for sql, n in Counter(queries(api_client, path)).items() if n > 1]
        for name, (path, _count) in every.items()
    }

    assert {name: sqls for name, sqls in repeated.items() if sqls} == {}


def test_list_shapes_cost_the_same_queries_at_any_archive_size(api_client, world, cold):
    every = {**shapes(world), **next_pages(api_client, world)}
    small = {name: len(queries(api_client, path)) for name, (path, _c) in every.items()}

    grow(world, 12)
    large = {name: len(queries(api_client, path)) for name, (path, _c) in every.items()}

    assert large == small


def drf_item(article, context) -> dict:
    """The story as ArticleSerializer's declared fields render it one by one
    (DRF's ModelSerializer.to_representation(), not StoryItems)."""
    serializer = ArticleSerializer(context=context)
    return dict(serializers.ModelSerializer.to_representation(serializer, article))


@pytest.mark.parametrize("language", ["en", "ar", "ckb"])
def test_story_items_are_drfs_field_by_field_output(world, language):
    grow(world, 2)
    live = make_live_article(topics=[world["topic"]], publish_at=hours_ago(0.5))
    make_live_update(article=live, author=make_author(name_ar="مراسل"))
    ended = make_live_article(publish_at=hours_ago(0.6))
    LiveCoverage.objects.filter(article=ended).update(
        status=LiveCoverage.Status.ENDED, ended_at=hours_ago(0.2)
    )
    make_figure(
        article=world["story"],
        value="12500.5",
        qualifier=Figure.Qualifier.ABOUT,
        unit="km",
        unit_ar="كم",
        counts="border",
        counts_ckb="سنوور",
        as_of=datetime.date(2025, 3, 1),
    )
    request = Request(APIRequestFactory().get(LIST, {"page_size": 50}))
    context = {"request": request, "fields": None}

    with translation.override(language):
        stories = list(public_stories(ninjs=False).order_by(*DEFAULT_ORDER))
        read_lists(stories, ninjs=False)
        read_rows(stories)
        items = StoryItems(context)
        built = [items.item(story) for story in stories]
        declared = [drf_item(story, context) for story in stories]

    assert {item["live"]["status"] for item in built if item["live"]} == {
        "live",
        "ended",
    }
    assert any(item["figures"] for item in built)
    for mine, drfs in zip(built, declared, strict=True):
        assert list(mine) == list(drfs)
        assert mine == drfs


@pytest.mark.parametrize(
    ("language", "slug"),
    [("en", "border-crossing"), ("ar", "معبر-الحدود"), ("ckb", "سنوور-9")],
)
def test_a_live_storys_update_links_are_each_updates_own_address(language, slug):
    story = make_live_article(language=language, slug=slug)
    updates = [make_live_update(article=story) for _ in range(3)]

    url = live_update_urls(story)

    assert [url(update.pk) for update in updates] == [
        update.get_absolute_url() for update in updates
    ]


def test_compiled_list_reads_stay_bounded_however_many_shapes_are_asked(
    api_client, world, cold, monkeypatch
):
    from partners.api import articles

    monkeypatch.setattr(articles, "MAX_SHAPES", 3)
    articles._PAGES.clear()
    newest = api_client.get(LIST, {"page_size": 1}).json()["results"]

    for size in range(1, 8):
        response = api_client.get(LIST, {"page_size": size})
        assert response.json()["results"][:1] == newest
        assert len(articles._PAGES) <= 3
