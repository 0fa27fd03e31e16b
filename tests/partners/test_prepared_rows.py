"""Queries compiled once per shape answer as the ORM does for any ids."""

import pytest
from django.utils import timezone, translation

from articles.models import Article, Topic
from partners import rows
from partners.serializers.articles import read_rows
from tests.factories import (
    hours_ago,
    make_article,
    make_event,
    make_place,
    make_quote,
    make_source,
    make_topic,
)

ROWS = ("topic_rows", "place_rows", "quote_rows", "event_rows", "author_rows")


def forget_prepared():
    rows._READS.clear()


def rows_of(stories):
    stories = [Article.objects.get(pk=story.pk) for story in stories]
    read_rows(stories)
    return [
        {name: getattr(story, name) for name in (*ROWS, "edition_rows")}
        for story in stories
    ]


@pytest.fixture
def archive():
    """Twelve stories, each with its own topic, place, quote and event (names in
    every edition), some translations of others, one original translated twice."""
    stories = []
    for n in range(12):
        # 3 and 6 translate 0 (siblings), 9 translates 3.
        original = {3: 0, 6: 0, 9: 3}.get(n)
        original = stories[original] if original is not None else None
        topic = make_topic(name=f"Topic {n}", name_ar=f"موضوع {n}")
        place = make_place(name=f"Place {n}", name_ckb=f"شوێن {n}")
        story = make_article(
            topics=[topic],
            places=[place],
            publish_at=hours_ago(n + 1),
            translation_of=original,
            language="ar" if original else "en",
        )
        make_quote(article=story, source=make_source(), text=f"Said {n}.")
        make_event(articles=[story])
        stories.append(story)
    return stories


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar", "ckb"])
@pytest.mark.parametrize("size", [1, 2, 5])
def test_rows_read_by_a_prepared_query_are_the_ones_compiled_for_those_ids(
    archive, language, size
):
    first, second = archive[:size], archive[-size:]
    with translation.override(language):
        forget_prepared()
        rows_of(first)  # compiles each query for `size` ids
        reused = rows_of(second)  # runs it with other ids
        forget_prepared()
        fresh = rows_of(second)

    assert reused == fresh
    assert any(row["topic_rows"] for row in fresh)


@pytest.mark.django_db
def test_rows_follow_the_active_edition_after_another_edition_was_prepared(archive):
    with translation.override("en"):
        forget_prepared()
        english = rows_of(archive[:1])[0]["topic_rows"]
    with translation.override("ar"):
        arabic = rows_of(archive[:1])[0]["topic_rows"]

    assert english[0]["name"] == "Topic 0"
    assert arabic[0]["name"] == "موضوع 0"


@pytest.mark.django_db
def test_a_query_with_a_parameter_that_is_not_a_constant_is_refused(archive):
    forget_prepared()

    def recent(ids):
        return Topic.objects.filter(
            articles__id__in=ids, articles__publish_at__lte=timezone.now()
        ).values_list("slug")

    with pytest.raises(ValueError, match="depends on more than its arguments"):
        rows.values_by_ids("recent", recent, ids=[archive[0].pk])


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4, 12])
def test_a_pages_editions_are_each_storys_published_editions(archive, size):
    forget_prepared()
    for page in (archive[:size], archive[-size:], archive[:size]):
        stories = [Article.objects.get(pk=story.pk) for story in page]

        editions = rows.editions_by_story(stories)

        for story in stories:
            expected = [other.pk for other in story.published_editions()]
            assert [other.pk for other in editions[story.pk]] == expected
