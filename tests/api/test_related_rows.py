"""A story's related records as the API reads them (rows, partners/rows.py): the
same names, in the same order, as the records themselves give, in every edition."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from sources.models import Source
from tests.factories import (
    hours_ago,
    make_article,
    make_author,
    make_event,
    make_place,
    make_quote,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db
LIST = "/api/v1/articles/"


@pytest.fixture
def story():
    """A story whose every kind of related record comes twice: one translated into
    Arabic, one only in English (so Arabic falls back to English)."""
    topics = [
        make_topic(name_en="Zeta topic", name_ar="موضوع"),
        make_topic(name_en="Alpha topic", name_ar=""),
    ]
    places = [
        make_place(
            name_en="Hasakah", name_ar="الحسكة", latitude="36.5", longitude="40.75"
        ),
        make_place(name_en="Anbar", name_ar=""),
    ]
    authors = [
        make_author(name_en="Second", name_ar="الثاني", job_title_en="Editor"),
        make_author(name_en="First", name_ar="", job_title_ar="مراسل"),
    ]
    story = make_article(
        topics=topics, places=places, authors=authors, dateline=places[0]
    )
    sources = [
        make_source(
            name_en="Ministry",
            name_ar="الوزارة",
            role_en="Spokesman",
            kind=Source.Kind.ORGANISATION,
        ),
        make_source(name_en="Adnan", name_ar="", role_ar="عميد"),
    ]
    make_quote(article=story, source=sources[0], text="Later words.", position=2)
    make_quote(article=story, source=sources[1], text="Earlier words.", position=1)
    make_event(
        articles=[story],
        title_en="Withdrawal",
        title_ar="الانسحاب",
        date=datetime.date(2026, 2, 1),
    )
    make_event(articles=[story], title_en="Transfer", title_ar="")
    return story


def expected(story, language: str) -> dict:
    """What the records themselves say in `language` (modeltranslation's reading)."""
    with translation.override(language):
        return {
            "topics": [
                {"slug": t.slug, "name": t.name} for t in story.topics.order_by("name")
            ],
            "places": [p.name for p in story.places.order_by("name")],
            "byline": [(a.name, a.job_title) for a in story.byline],
            "quotes": [
                (q.text, q.source.name, q.source.role)
                for q in story.quotes.order_by("position")
            ],
            "events": [e.title for e in story.events.chronological()],
            "dateline": story.dateline.name,
        }


@pytest.mark.parametrize("language", ["en", "ar", "ckb"])
@pytest.mark.parametrize("detail", [False, True])
def test_related_names_follow_the_edition_and_fall_back_to_english(
    api_client, story, language, detail
):
    path = f"{LIST}{story.uuid}/" if detail else LIST
    response = api_client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    item = response.json() if detail else response.json()["results"][0]

    want = expected(story, language)
    assert item["topics"] == want["topics"]
    assert [p["name"] for p in item["places"]] == want["places"]
    assert [(a["name"], a["job_title"]) for a in item["byline"]] == want["byline"]
    assert [
        (q["text"], q["source"]["name"], q["source"]["role"]) for q in item["quotes"]
    ] == want["quotes"]
    assert [e["title"] for e in item["events"]] == want["events"]
    assert item["dateline"]["name"] == want["dateline"]
    # Arabic has its own names where they exist and English where they do not.
    if language == "ar":
        assert {"موضوع", "Alpha topic"} == {t["name"] for t in item["topics"]}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_ninjs_names_the_same_related_records_as_the_json(api_client, story, language):
    response = api_client.get(
        f"{LIST}{story.uuid}/", {"format": "ninjs"}, HTTP_ACCEPT_LANGUAGE=language
    )
    item = response.json()

    want = expected(story, language)
    assert [s["name"] for s in item["subjects"]] == [t["name"] for t in want["topics"]]
    assert [p["name"] for p in item["places"]] == want["places"]
    assert [e["name"] for e in item["events"]] == want["events"]
    names = [
        name for _text, name, _role in want["quotes"]
    ]  # by position: Adnan, the Ministry
    assert [o["name"] for o in item["organisations"]] == names[1:]
    assert [p["name"] for p in item["people"]] == names[:1]
    # The byline is spelt as the story's own edition spells it.
    assert item["by"] == "Second, First"


def test_a_story_detail_costs_the_same_queries_however_much_it_links(api_client, story):
    plain = make_article(publish_at=hours_ago(3))
    for _ in range(3):
        make_quote(article=story, source=make_source())
        story.topics.add(make_topic())
        story.places.add(make_place())
        make_event(articles=[story])

    counts = []
    for shown in (plain, story):
        with CaptureQueriesContext(connection) as captured:
            api_client.get(f"{LIST}{shown.uuid}/")
        counts.append(len(captured))

    assert counts[0] == counts[1]
