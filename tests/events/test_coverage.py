"""An event's coverage (EventQuerySet.with_coverage): its public stories, in order,
complete or cut to a limit, read in a fixed number of queries."""

import pytest
from django.utils import translation

from articles.models import Article
from events.models import Event, coverage_rows
from tests.factories import hours_ago, make_article, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_events():
    stories = [make_article(publish_at=hours_ago(hours)) for hours in (5, 1, 3, 2, 4)]
    draft = make_article(status=Article.Status.DRAFT, publish_at=None)
    scheduled = make_article(publish_at=hours_ago(-5))
    # Withdrawn or sent back for review after going public: never coverage again.
    withdrawn = make_article(status=Article.Status.UNPUBLISHED, publish_at=hours_ago(1))
    in_review = make_article(status=Article.Status.IN_REVIEW, publish_at=hours_ago(1))
    arabic = make_article(language="ar", publish_at=hours_ago(6))
    shared = make_article(publish_at=hours_ago(7))
    first = make_event(
        articles=[*stories, draft, scheduled, withdrawn, in_review, arabic, shared]
    )
    second = make_event(articles=[shared])
    make_event()  # no coverage at all
    return {
        "stories": stories,
        "arabic": arabic,
        "shared": shared,
        "first": first,
        "second": second,
    }


def coverage_of(events, event):
    return [story.pk for story in next(e for e in events if e.pk == event.pk).coverage]


def test_coverage_is_every_public_story_newest_first(two_events):
    events = list(Event.objects.with_coverage())
    newest_first = [
        s.pk
        for s in sorted(two_events["stories"], key=lambda s: s.publish_at, reverse=True)
    ]

    assert coverage_of(events, two_events["first"]) == [
        *newest_first,
        two_events["arabic"].pk,
        two_events["shared"].pk,
    ]
    assert coverage_of(events, two_events["second"]) == [two_events["shared"].pk]
    shown = {two_events["first"].pk, two_events["second"].pk}
    [uncovered] = [event for event in events if event.pk not in shown]
    assert uncovered.coverage == []


def test_coverage_in_an_edition_with_a_limit_keeps_the_newest(two_events):
    with translation.override("en"):
        events = list(Event.objects.with_coverage(in_edition=True, limit=2))
    newest = sorted(two_events["stories"], key=lambda s: s.publish_at, reverse=True)

    assert coverage_of(events, two_events["first"]) == [newest[0].pk, newest[1].pk]


def test_coverage_oldest_first_with_a_limit_keeps_the_oldest(two_events):
    events = list(Event.objects.with_coverage(oldest_first=True, limit=2))

    assert coverage_of(events, two_events["first"]) == [
        two_events["shared"].pk,
        two_events["arabic"].pk,
    ]


def test_coverage_costs_the_same_queries_however_many_events(
    two_events, django_assert_num_queries
):
    # events, then their newest public stories, numbered per event by the database
    # (ROW_NUMBER() OVER (PARTITION BY event)) and cut at the limit there.
    with django_assert_num_queries(2):
        list(Event.objects.with_coverage(limit=3))
    # Without a limit: events, then all their public stories.
    with django_assert_num_queries(2):
        list(Event.objects.with_coverage().filter(pk=two_events["first"].pk))


@pytest.mark.parametrize("in_edition", [False, True])
@pytest.mark.parametrize("oldest_first", [False, True])
@pytest.mark.parametrize("limit", [None, 1, 2, 4])
def test_coverage_rows_are_the_stories_with_coverage_finds(
    two_events, in_edition, oldest_first, limit
):
    # The timeline and place pages read coverage as rows; the event page, the API
    # and TimelineJS as instances: the same stories, in the same order, for each
    # event, and never a draft, scheduled, withdrawn or in-review one.
    with translation.override("en"):
        events = list(
            Event.objects.with_coverage(
                in_edition=in_edition, oldest_first=oldest_first, limit=limit
            )
        )
        rows = coverage_rows(
            [event.pk for event in events],
            in_edition=in_edition,
            oldest_first=oldest_first,
            limit=limit,
        )

    public = set(Article.objects.published().values_list("pk", flat=True))
    for event in events:
        found = [row["pk"] for row in rows.get(event.pk, [])]
        assert found == [story.pk for story in event.coverage]
        assert set(found) <= public
        for row, story in zip(rows.get(event.pk, []), event.coverage, strict=True):
            assert row == {
                "pk": story.pk,
                "language": story.language,
                "slug": story.slug,
                "headline": story.headline,
            }


def test_coverage_rows_cost_one_query_and_none_for_no_events(
    two_events, django_assert_num_queries
):
    pks = list(Event.objects.values_list("pk", flat=True))
    with django_assert_num_queries(1):
        coverage_rows(pks, limit=3)
    with django_assert_num_queries(0):
        assert coverage_rows([], limit=3) == {}


# The 20,000-story archive's planner statistics (sqlite_stat1, after ANALYZE) for
# the tables the coverage query reads: 6,076 links, about 16 per event, and the
# public index's (status, language, publish_at) seen as 5,002 and 1,668 rows.
ARCHIVE_STATISTICS = [
    ("articles_article", "article_public_idx", "20006 5002 1668 1"),
    ("articles_article", "article_status_pub_idx", "20006 5002 1"),
    ("events_event_articles", "events_event_articles_event_id_140f673b", "6076 16"),
    (
        "events_event_articles",
        "events_event_articles_event_id_article_id_291f7f97_uniq",
        "6076 16 1",
    ),
]


@pytest.mark.parametrize("in_edition", [False, True])
def test_coverage_starts_from_the_events_links_whatever_the_planner_guesses(
    in_edition,
):
    """Joined to the public stories, the filter let SQLite's planner walk every
    public story of an edition (its index) once some forty events were asked:
    TimelineJS's window of fifty took 120 ms at 20,000 stories. With the archive's
    statistics planted, the plan must start from the links."""
    from django.db import connection

    from events.models import linked_stories

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's planner and statistics")
    events = [make_event() for _ in range(60)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # creates sqlite_stat1
        cursor.execute("DELETE FROM sqlite_stat1")
        cursor.executemany(
            "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)",
            ARCHIVE_STATISTICS,
        )
        cursor.execute("ANALYZE sqlite_schema")  # reload the statistics
        visible = Article.objects.published()
        with translation.override("en"):
            if in_edition:
                visible = visible.in_edition()
            sql, params = linked_stories(
                [event.pk for event in events], visible, True, 5
            ).query.sql_with_params()
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]
        cursor.execute("DELETE FROM sqlite_stat1")
        cursor.execute("ANALYZE sqlite_schema")

    searches = [step for step in plan if step.startswith(("SEARCH", "SCAN"))]
    assert "events_event_articles" in searches[0], plan
    assert not any("article_public_idx" in step for step in plan), plan


def test_pictured_stories_under_events_cost_no_query_of_their_own(
    django_assert_num_queries,
):
    """A story built with its lead picture but not the picture's width and height
    read them back when made (ImageField's dimension check): a query per
    pictured story under every event of the API and TimelineJS."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (90, 60), "navy").save(buffer, "JPEG")
    stories = [make_article(lead_image_alt=f"Gate {n}") for n in range(3)]
    for n, story in enumerate(stories):
        story.lead_image.save(f"gate-{n}.jpg", ContentFile(buffer.getvalue()))
    make_event(articles=stories[:2])
    make_event(articles=stories[1:])

    with django_assert_num_queries(2):  # the events, their stories
        events = list(Event.objects.with_coverage())
        widths = {story.lead_image_width for e in events for story in e.coverage}

    assert widths == {90}
