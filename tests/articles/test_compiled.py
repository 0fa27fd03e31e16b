"""articles.compiled: a queryset compiled once, run with new values, giving what
the queryset gives."""

import copy
import datetime

import pytest
from django.db import connection
from django.utils import translation

from articles.compiled import CompiledRead, run_together
from articles.models import Article, Topic
from articles.translation import CompiledRows, translated_rows
from tests.factories import (
    hours_ago,
    hours_ahead,
    make_article,
    make_live_article,
    make_place,
    make_topic,
)

pytestmark = pytest.mark.django_db


def story_with() -> CompiledRead:
    return CompiledRead(
        lambda slug: (
            Article.objects.published()
            .filter(slug=slug)
            .select_related("section", "dateline", "live_coverage")
        ),
        slug=str,
    )


def test_a_compiled_read_gives_the_instances_the_queryset_gives_with_their_relations(
    django_assert_num_queries,
):
    place = make_place()
    story = make_article(dateline=place)
    live = make_live_article()
    read = story_with()
    expected = (
        Article.objects.filter(pk=story.pk)
        .select_related("section", "dateline", "live_coverage")
        .get()
    )

    with django_assert_num_queries(2):  # one each; reading the relations asks nothing
        [found] = read(slug=story.slug)
        [found_live] = read(slug=live.slug)
        shown = (found.section.name, found.dateline.name, found.live, found_live.live)

    assert shown == (story.section.name, place.name, None, live.live_coverage)
    assert [(f.attname, getattr(found, f.attname)) for f in Article._meta.fields] == [
        (f.attname, getattr(expected, f.attname)) for f in Article._meta.fields
    ]
    assert found._state.db == "default" and not found._state.adding


def test_a_compiled_values_list_gives_the_tuples_of_the_queryset():
    first, second = make_topic(), make_topic()
    story = make_article(topics=[first, second])
    topics = Topic.objects.rewrite(False)
    read = CompiledRead(
        lambda story: topics.filter(articles=story).values_list("pk", "name_ar"),
        story=int,
    )

    rows = read(story=story.pk)

    assert rows == list(topics.filter(articles=story).values_list("pk", "name_ar"))
    assert rows and read(story=make_article().pk) == []


def test_a_values_list_with_translation_fallbacks_is_refused():
    read = CompiledRead(
        lambda story: Topic.objects.filter(articles=story).values_list("name"),
        story=int,
    )

    with pytest.raises(ValueError, match="plain values_list"):
        read(story=1)


def test_a_compiled_read_is_built_once_per_language():
    built = []

    def build(story):
        built.append(translation.get_language())
        return Topic.objects.filter(articles=story)

    read = CompiledRead(build, story=int)
    story = make_article(topics=[make_topic()])

    for language in ("en", "en", "ar", "ar", "en"):
        with translation.override(language):
            read(story=story.pk)

    # The first built the model's name; each compile builds twice (the second
    # checks that the first depends on nothing else).
    assert built[1:] == ["en", "en", "ar", "ar"]


def test_a_compiled_read_orders_translated_names_in_the_active_edition():
    alpha = make_topic(name_en="Alpha", name_ar="ي")
    omega = make_topic(name_en="Omega", name_ar="ا")
    story = make_article(topics=[alpha, omega])
    read = CompiledRead(lambda story: Topic.objects.filter(articles=story), story=int)

    with translation.override("en"):
        english = [topic.name for topic in read(story=story.pk)]
    with translation.override("ar"):
        arabic = [topic.name for topic in read(story=story.pk)]

    assert english == ["Alpha", "Omega"]
    assert arabic == ["ا", "ي"]


def test_a_compiled_read_asks_the_database_clock_each_time_it_runs():
    story = make_article(publish_at=hours_ahead(2))
    read = story_with()
    before = read(slug=story.slug)

    Article.objects.filter(pk=story.pk).update(publish_at=hours_ago(2))

    assert before == []
    assert [found.pk for found in read(slug=story.slug)] == [story.pk]


def test_an_argument_that_does_not_reach_the_sql_unchanged_is_refused():
    read = CompiledRead(
        lambda text: Article.objects.filter(headline__contains=text), text=str
    )

    with pytest.raises(ValueError, match="'text' does not reach the SQL"):
        read(text="border")


def test_reads_run_together_give_what_each_gives_in_one_round_trip_on_postgresql(
    django_assert_num_queries,
):
    first, second = make_topic(), make_topic()
    story = make_article(topics=[first, second])
    topics = CompiledRead(lambda story: Topic.objects.filter(articles=story), story=int)
    stories = story_with()
    separately = [topics(story=story.pk), stories(slug=story.slug), topics(story=0)]

    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 3):
        together = run_together(
            (topics, {"story": story.pk}),
            (stories, {"slug": story.slug}),
            (topics, {"story": 0}),
        )

    assert together == separately
    assert [topic.name for topic in together[0]] == [first.name, second.name]


@pytest.mark.parametrize("size", [0, 1, 3])
def test_a_list_argument_is_compiled_per_length_and_answers_for_any_keys(
    django_assert_num_queries, size
):
    stories = [make_article(topics=[make_topic()]) for _ in range(6)]
    topics = Topic.objects.rewrite(False)
    read = CompiledRead(
        lambda ids: topics.filter(articles__in=ids).order_by("pk").values_list("pk"),
        ids=list,
    )

    def orm(ids):
        return list(topics.filter(articles__in=ids).order_by("pk").values_list("pk"))

    first = [s.pk for s in stories[:size]]
    second = [s.pk for s in stories[len(stories) - size :]]
    with django_assert_num_queries(2 if size else 0):  # none for no key at all
        found = [read(ids=first), read(ids=second)]

    assert found == [orm(first), orm(second)]
    assert len({row for rows in found for row in rows}) == (2 * size if size else 0)


def test_a_list_argument_gives_instances_with_their_relations():
    story = make_article(dateline=make_place())
    other = make_article()
    read = CompiledRead(
        lambda ids: Article.objects.filter(pk__in=ids).select_related("dateline"),
        ids=list,
    )

    found = {s.pk: s for s in read(ids=[story.pk, other.pk])}

    assert found[story.pk].dateline.name == story.dateline.name
    assert found[other.pk].dateline is None


def test_a_builder_reading_the_clock_is_refused():
    from django.utils import timezone

    read = CompiledRead(
        lambda story: Article.objects.filter(pk=story, publish_at__lte=timezone.now()),
        story=int,
    )

    with pytest.raises(ValueError, match="depends on more than its arguments"):
        read(story=1)


@pytest.mark.parametrize("language", ["en", "ar", "ckb"])
def test_compiled_rows_give_what_translated_rows_gives_in_every_edition(language):
    with_arabic = make_topic(name="Border", name_ar="الحدود")
    english_only = make_topic(name="Prisons")
    story = make_article(topics=[with_arabic, english_only])

    def build(story):
        return Topic.objects.filter(articles=story).order_by("slug")

    rows = CompiledRows(build, ["pk", "slug", "name", "articles__slug"], story=int)
    with translation.override(language):
        found = rows(story=story.pk)
        expected = translated_rows(
            build(story.pk), ["pk", "slug", "name", "articles__slug"]
        )

    assert found == expected
    assert {row["name"] for row in found} == (
        {"الحدود", "Prisons"} if language == "ar" else {"Border", "Prisons"}
    )


def test_a_compiled_read_is_shared_by_its_copies():
    read = story_with()

    assert copy.deepcopy(read) is read
    assert copy.deepcopy({"read": read})["read"] is read


def test_times_read_by_a_compiled_read_are_the_orms_columns_and_expressions():
    story = make_article(publish_at=hours_ago(2), updated_at=hours_ago(1))
    make_live_article(publish_at=hours_ago(3))
    stories = Article.objects.published().with_public_modified_at()
    names = ["publish_at", "updated_at", "created_at", "public_modified_at"]
    read = CompiledRead(lambda: stories.select_related("live_coverage").order_by("pk"))
    values = CompiledRead(lambda: stories.order_by("pk").values_list(*names))

    orm = list(stories.order_by("pk").values_list(*names))
    found = read()

    assert [tuple(getattr(s, name) for name in names) for s in found] == orm
    assert values() == orm
    assert found[0].pk == story.pk and found[0].publish_at == story.publish_at
    # Aware, in the database's time zone, as the ORM gives them.
    times = [v for row in values() for v in row if v is not None]
    assert {v.tzinfo for row in orm for v in row if v is not None} == {
        v.tzinfo for v in times
    }
    assert all(v.utcoffset() is not None for v in times)


def test_a_time_argument_is_compared_as_the_orm_compares_it():
    stories = [make_article(publish_at=hours_ago(n)) for n in (1, 2, 3)]
    read = CompiledRead(
        lambda when, pk: Article.objects.filter(
            publish_at__lte=when, pk__gte=pk
        ).order_by("pk"),
        when=datetime.datetime,
        pk=int,
    )

    for story in stories:
        orm = Article.objects.filter(publish_at__lte=story.publish_at, pk__gte=0)
        found = read(when=story.publish_at, pk=0)
        assert [s.pk for s in found] == [s.pk for s in orm.order_by("pk")]
    baghdad = stories[1].publish_at.astimezone(
        datetime.timezone(datetime.timedelta(hours=3))
    )
    assert [s.pk for s in read(when=baghdad, pk=0)] == [s.pk for s in stories[1:]]
