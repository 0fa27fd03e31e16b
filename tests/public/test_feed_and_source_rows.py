"""Feeds and the source list are written from rows (readers/feeds.py, the
source_cards tag): every value must be what the models' own rules give for the same
story, event, update or source, in every edition, and each costs a fixed number of
queries whatever it lists."""

import itertools
from collections import Counter

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from articles.models import Article, Topic
from events.models import Event
from readers.dates import local
from readers.views.sources import COUNTED_QUOTES
from sources.models import Quote, Source
from tests.factories import (
    hours_ago,
    make_article,
    make_author,
    make_event,
    make_live_article,
    make_live_update,
    make_quote,
    make_section,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db

EDITIONS = ["en", "ar", "ckb"]
_NUMBERS = itertools.count()


@pytest.fixture
def cold(settings):
    settings.PAGE_CACHE_SECONDS = 0


def translated(model_maker, english: str, **extra):
    """A vocabulary entry named in every edition (Arabic and Sorani spellings)."""
    english = f"{english} {next(_NUMBERS)}"
    return model_maker(
        name=english,
        name_en=english,
        name_ar=f"{english} بالعربية",
        name_ckb=f"{english} بە کوردی",
        **extra,
    )


def archive(language: str) -> dict:
    """Stories of `language` with translated sections, topics and bylines (authors
    bylined out of key order), one without a section, a corrected one, a draft and
    a scheduled one, a quote; events with translated topics; a live story with
    updates."""
    section = translated(make_section, "Security")
    zeta, alpha = translated(make_topic, "Zeta"), translated(make_topic, "Alpha")
    first, second = translated(make_author, "Second Reporter"), make_author()
    stories = [
        make_article(
            language=language,
            section=section,
            topics=[zeta, alpha],
            authors=[second, first],
            publish_at=hours_ago(3),
            first_published_at=hours_ago(5),
        ),
        make_article(language=language, section=None, topics=[alpha], authors=[]),
        make_article(language=language, topics=[zeta], publish_at=hours_ago(2)),
    ]
    stories[2].add_correction(kind="update", text="New figures.")
    make_quote(article=stories[0])
    make_article(
        language=language, topics=[zeta], status=Article.Status.DRAFT, headline="Draft"
    )
    make_article(
        language=language,
        topics=[zeta],
        publish_at=hours_ago(-3),
        headline="Scheduled",
    )
    make_event(topics=[zeta, alpha], category=Event.Category.DETAINEE_TRANSFER)
    make_event(category="not-a-category")
    live = make_live_article(language=language, updates=3)
    make_live_update(article=live, author=first, title="")
    return {"topic": zeta, "live": live}


def feed(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def when(value):
    return local(value).utctimetuple()[:6]


@pytest.mark.parametrize("language", EDITIONS)
@pytest.mark.parametrize("path", ["stories.rss", "stories.atom", "topics/{topic}.rss"])
def test_story_feed_items_say_what_the_story_says_in_every_edition(
    client, cold, language, path
):
    world = archive(language)
    url = f"/{language}/feeds/{path.format(topic=world['topic'].slug)}"

    entries = feed(client, url).entries

    stories = Article.objects.published().in_edition(language)
    if "topics/" in path:
        stories = world["topic"].articles.published().in_edition(language)
    stories = list(stories.newest_first())
    assert [e.id for e in entries] == [s.uuid.urn for s in stories]
    with translation.override(language):
        for entry, story in zip(entries, stories, strict=True):
            assert entry.title == story.headline
            assert entry.summary == story.standfirst
            assert entry.link == f"http://testserver{story.get_absolute_url()}"
            assert entry.published_parsed[:6] == when(story.published_at)
            if path.endswith(".atom"):
                assert entry.updated_parsed[:6] == when(story.last_updated_at)
            names = [a.name_in(story.language) for a in story.byline]
            assert entry.get("author") == (", ".join(names) or None)
            section = [story.section.name] if story.section else []
            terms = section + [t.name for t in story.topics.all()]
            assert [t.term for t in entry.get("tags", [])] == terms


@pytest.mark.parametrize("language", EDITIONS)
def test_timeline_feed_items_say_what_the_event_says_in_every_edition(
    client, cold, language
):
    archive(language)

    entries = feed(client, f"/{language}/feeds/timeline.rss").entries

    events = list(Event.objects.order_by("-date", "-pk"))
    assert [e.id for e in entries] == [f"urn:shafaq:event:{e.pk}" for e in events]
    with translation.override(language):
        for entry, event in zip(entries, events, strict=True):
            assert entry.title == f"{event.date_display}: {event.title}"
            assert entry.link == f"http://testserver{event.get_absolute_url()}"
            assert entry.published_parsed[:6] == when(event.created_at)
            terms = [event.get_category_display()] + [
                t.name for t in event.topics.all()
            ]
            assert [t.term for t in entry.tags] == terms


@pytest.mark.parametrize("language", EDITIONS)
@pytest.mark.parametrize("suffix", ["updates.rss", "updates.atom"])
def test_live_feed_items_say_what_the_update_says_in_every_edition(
    client, cold, language, suffix
):
    live = archive(language)["live"]

    entries = feed(client, f"{live.get_absolute_url()}{suffix}").entries

    updates = list(live.live_updates.newest_first())
    assert [e.id for e in entries] == [f"{live.uuid.urn}#{u.anchor}" for u in updates]
    with translation.override(language):
        for entry, update in zip(entries, updates, strict=True):
            assert entry.link == f"http://testserver{update.get_absolute_url()}"
            assert entry.published_parsed[:6] == when(update.posted_at)
            assert entry.get("author") == (
                update.author.name if update.author else None
            )


FEED_QUERIES = {
    # stories, their topics, their bylines; the newest change readers saw
    # (Last-Modified, readers/freshness.py)
    "/{language}/feeds/stories.rss": 4,
    "/{language}/feeds/stories.atom": 4,
    # the topic, then as the stories' feeds
    "/{language}/feeds/topics/{topic}.rss": 5,
    # events, their topics
    "/{language}/feeds/timeline.rss": 2,
    # the story, its updates; the newest change readers saw
    "{live}updates.rss": 3,
    "{live}updates.atom": 3,
    # sources counted (bounded), the page's sources, their quote counts
    "/{language}/sources/": 3,
}


def captured(client, path) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("template", FEED_QUERIES)
def test_feeds_and_the_source_list_cost_fixed_queries_none_repeated(
    client, cold, template
):
    world = archive("en")
    path = template.format(
        language="en", topic=world["topic"].slug, live=world["live"].get_absolute_url()
    )

    small = captured(client, path)
    archive("en")  # twice the stories, events, topics, updates and sources
    for n in range(4):
        make_live_update(article=world["live"], posted_at=hours_ago(n / 10))
        make_quote(article=make_article(topics=[world["topic"]]))
    large = captured(client, path)

    assert len(small) == len(large) == FEED_QUERIES[template]
    assert [sql for sql, n in Counter(large).items() if n > 1] == []


def cards(client, language: str, page: int = 1) -> list:
    response = client.get(f"/{language}/sources/?page={page}")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select(".card")


@pytest.mark.parametrize("language", EDITIONS)
def test_each_source_card_says_what_the_source_says_in_every_edition(
    client, cold, language
):
    army = translated(make_source, "Army", kind=Source.Kind.ORGANISATION)
    make_source(name="<b>Bold</b> & Co", slug="bold", role="")  # hostile, no role
    make_source(name="Aide", slug="aide", role="Spokesman", role_ar="متحدث")
    make_source(name="Soldier", slug="soldier", role="", affiliation=army)
    make_source(name="Officer", slug="officer", role="Colonel", affiliation=army)
    for source in Source.objects.all():
        stories = [
            make_article(language=code, publish_at=hours_ago(1 + i))
            for i, code in enumerate(["en", "ar", "ckb", language, language])
        ]
        stories.append(make_article(language=language, status=Article.Status.DRAFT))
        stories.append(make_article(language=language, publish_at=hours_ago(-2)))
        for story in stories:
            make_quote(article=story, source=source)
    for _n in range(COUNTED_QUOTES + 1):
        make_quote(article=make_article(language=language), source=army)

    found = cards(client, language)

    with translation.override(language):
        sources = list(Source.objects.public().order_by("name"))
        assert len(found) == len(sources)
        for card, source in zip(found, sources, strict=True):
            link = card.select_one(".card__link")
            assert link["href"] == source.get_absolute_url()
            assert link.get_text() == source.name
            kind = card.select_one(".card__section").get_text()
            assert kind == source.get_kind_display()
            standfirst = card.select_one(".card__standfirst")
            if source.role or source.affiliation:
                expected = [source.role]
                if source.affiliation:
                    expected.append(source.affiliation.name)
                assert [b.get_text() for b in standfirst.select("bdi")] == expected
            else:
                assert standfirst is None
            public = Quote.objects.public(in_edition=True).filter(source=source)
            count = public.count()
            meta = card.select_one(".card__meta").get_text()
            if count > COUNTED_QUOTES:
                assert str(COUNTED_QUOTES) in meta
            else:
                assert str(count) in meta


def test_a_source_card_counts_what_quote_public_counts_up_to_its_bound(client, cold):
    source = make_source(name="Counted", slug="counted")
    for n in range(COUNTED_QUOTES + 3):
        make_quote(article=make_article(), source=source, text=f"Words {n}")
        meta = cards(client, "en")[0].select_one(".card__meta").get_text()
        count = Quote.objects.public(in_edition=True).filter(source=source).count()
        with translation.override("en"):
            if count > COUNTED_QUOTES:
                assert meta == f"More than {COUNTED_QUOTES} quotes"
            else:
                assert meta == (f"{count} quote" if count == 1 else f"{count} quotes")


def test_topic_order_in_feeds_follows_each_editions_names(client, cold):
    # Topics are ordered by their name in the edition (Topic's ordering), so the
    # Arabic feed may list a story's topics in another order than the English one.
    late, early = make_topic(name="Aa", name_ar="ي"), make_topic(name="Zz", name_ar="ا")
    make_article(language="ar", topics=[late, early], section=None)

    entry = feed(client, "/ar/feeds/stories.rss").entries[0]

    with translation.override("ar"):
        assert [t.term for t in entry.tags] == [
            t.name for t in Topic.objects.filter(pk__in=[late.pk, early.pk])
        ]
    assert [t.term for t in entry.tags] == ["ا", "ي"]
