"""The default story list is read by compiled queries, its first page and the
pages after a cursor (partners.api.articles.default_stories): they answer what
the ORM's pages would, in every edition and representation, and see stories
published since they compiled."""

import pytest

from tests.factories import (
    hours_ago,
    hours_ahead,
    make_article,
    make_correction,
    make_event,
    make_figure,
    make_live_article,
    make_place,
    make_quote,
    make_section,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db
LIST = "/api/v1/articles/"


@pytest.fixture
def archive():
    topic, place = make_topic(), make_place()
    original = make_article(language="ar", publish_at=hours_ago(50))
    for n in range(1, 8):
        story = make_article(
            language=["en", "ar", "ckb"][n % 3],
            topics=[topic],
            places=[place],
            dateline=place if n % 2 else None,
            publish_at=hours_ago(n),
            translation_of=original if n % 3 == 1 else None,
        )
        make_quote(article=story)
        make_event(articles=[story])
        make_figure(article=story)
        make_correction(article=story)
    make_live_article(updates=2, publish_at=hours_ago(4))
    # Two stories at one instant: the primary key breaks the tie.
    same = hours_ago(6)
    make_article(publish_at=same)
    make_article(publish_at=same)
    make_article(status="draft")
    make_article(publish_at=hours_ahead(3))


@pytest.mark.parametrize("representation", ["json", "ninjs"])
@pytest.mark.parametrize("language", ["en", "ar", "ckb"])
@pytest.mark.parametrize("page_size", [1, 5, 100])
def test_the_first_page_is_the_orms_page(
    api_client, archive, representation, language, page_size
):
    params = {"format": representation, "page_size": page_size}
    headers = {"HTTP_ACCEPT_LANGUAGE": language}

    compiled = api_client.get(LIST, params, **headers).json()
    # An explicit ordering goes through the FilterSet and the ORM's queryset.
    orm = api_client.get(LIST, {**params, "ordering": "-published_at"}, **headers)

    assert compiled["results"] == orm.json()["results"]
    assert compiled["previous"] is None
    assert (compiled["next"] is None) == (orm.json()["next"] is None)


def test_the_next_page_follows_the_first_without_a_gap(api_client, archive):
    first = api_client.get(LIST, {"page_size": 4}).json()
    second = api_client.get(first["next"]).json()
    everything = api_client.get(LIST, {"page_size": 100}).json()["results"]

    assert [s["uuid"] for s in first["results"] + second["results"]] == [
        s["uuid"] for s in everything[:8]
    ]


def test_a_story_published_after_the_query_compiled_is_on_the_first_page(
    api_client, archive
):
    before = api_client.get(LIST, {"page_size": 3}).json()["results"]
    fresh = make_article(headline="Just in", publish_at=hours_ago(0.01))
    make_article(headline="Still a draft", status="draft")
    make_article(headline="Not yet", publish_at=hours_ahead(1))

    after = api_client.get(LIST, {"page_size": 3}).json()["results"]

    assert after[0]["uuid"] == str(fresh.uuid)
    assert [s["uuid"] for s in after[1:]] == [s["uuid"] for s in before[:2]]
    assert not {"Still a draft", "Not yet"} & {s["headline"] for s in after}


@pytest.mark.parametrize("representation", ["json", "ninjs"])
@pytest.mark.parametrize("language", ["en", "ar", "ckb"])
def test_every_next_page_is_the_orms_page(
    api_client, archive, representation, language
):
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    params = {"format": representation, "page_size": 2}

    def walk(extra):
        pages, url, data = [], LIST, {**params, **extra}
        while url:
            page = api_client.get(url, data, **headers).json()
            pages.append(page["results"])
            url, data = page["next"], None
        return pages

    compiled = walk({})
    # An explicit ordering goes through the FilterSet and the ORM's queryset.
    orm = walk({"ordering": "-published_at"})

    assert len(compiled) > 3
    assert compiled == orm


def test_a_previous_link_walks_back_to_the_same_pages(api_client, archive):
    first = api_client.get(LIST, {"page_size": 3}).json()
    second = api_client.get(first["next"]).json()
    third = api_client.get(second["next"]).json()

    back = api_client.get(third["previous"]).json()

    assert back["results"] == second["results"]
    assert api_client.get(back["previous"]).json()["results"] == first["results"]


def test_a_story_published_after_the_next_page_compiled_is_on_it(
    api_client, archive, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # the read itself, not a cached page
    first = api_client.get(LIST, {"page_size": 3}).json()
    api_client.get(first["next"])  # compiles the read after a cursor
    # The first page holds the stories of 1, 2 and 3 hours ago: this one comes next.
    fresh = make_article(headline="Filed late", publish_at=hours_ago(3.5))

    second = api_client.get(first["next"]).json()["results"]

    assert second[0]["uuid"] == str(fresh.uuid)


@pytest.fixture
def linked():
    """Eight stories sharing a section, topic, place, source (quoted twice in
    some) and event, in three editions, among others that share none."""
    section, topic, place = make_section(), make_topic(), make_place()
    source, event = make_source(), make_event()
    for n in range(8):
        story = make_article(
            language=["en", "ar", "ckb"][n % 3],
            section=section,
            topics=[topic, make_topic()],
            places=[place],
            publish_at=hours_ago(n + 1),
        )
        make_quote(article=story, source=source)
        if n % 2:
            make_quote(article=story, source=source, position=1)
        event.articles.add(story)
        make_article(publish_at=hours_ago(n + 1.5))  # shares nothing
    make_article(status="draft", section=section, topics=[topic])
    return {
        "section": section.slug,
        "topic": topic.slug,
        "place": place.slug,
        "source": source.slug,
        "event": event.slug,
    }


@pytest.mark.parametrize("representation", ["json", "ninjs"])
@pytest.mark.parametrize(
    "filters",
    [
        ("topic",),
        ("place",),
        ("section",),
        ("source",),
        ("event",),
        ("language",),
        ("topic", "place", "language"),
        ("source", "event"),
    ],
)
def test_every_filtered_page_is_the_orms_page(
    api_client, linked, settings, representation, filters
):
    settings.PAGE_CACHE_SECONDS = 0
    params = {"format": representation, "page_size": 2}
    params |= {name: linked.get(name, "ar") for name in filters}

    def walk(extra):
        pages, url, data = [], LIST, {**params, **extra}
        while url:
            page = api_client.get(url, data).json()
            pages.append(page["results"])
            url, data = page["next"], None
        return pages

    compiled = walk({})
    orm = walk({"ordering": "-published_at"})

    assert len(compiled) >= 2
    assert compiled == orm


@pytest.mark.parametrize(
    "params",
    [{"topic": "no-such-topic"}, {"language": "xx"}, {"place": ""}, {"topic": "a\x00"}],
)
def test_a_bad_filter_value_is_still_the_filtersets_answer(api_client, linked, params):
    compiled = api_client.get(LIST, params)
    orm = api_client.get(LIST, {**params, "ordering": "-published_at"})

    assert (compiled.status_code, compiled.json()) == (orm.status_code, orm.json())
