"""The events API's items, built from rows by EventItems: exactly what
EventSerializer's declared fields render for the event itself, for every field,
in every edition and output, in a fixed number of queries."""

import datetime
import json
from collections import Counter
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from rest_framework.utils.encoders import JSONEncoder

from articles.models import Article, Topic
from events.models import Event, Figure, Precision, figure_value_display
from partners.serializers.events import EventSerializer
from sources.models import Source
from tests.factories import (
    hours_ago,
    hours_ahead,
    make_article,
    make_event,
    make_figure,
    make_place,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db
LIST = "/api/v1/events/"
LANGUAGES = ["en", "ar", "ckb"]


@pytest.fixture
def events():
    """Three events, oldest first: one with nothing at all; one known only to the
    month with an end date, no place, a figure in a draft story and one with
    cents; one with every kind of related record (names translated into Arabic in
    another order than English's, one left to fall back to English) and stories in
    three editions besides a draft and a scheduled one."""
    topics = [
        make_topic(name_en="Alpha", name_ar="ياء"),
        make_topic(name_en="Beta", name_ar="ألف"),
        make_topic(name_en="Gamma", name_ar=""),
    ]
    actors = [
        make_source(name_en="Ministry", name_ar="الوزارة"),
        make_source(name_en="Adnan", name_ar=""),
    ]
    place = make_place(name_en="Hasakah", name_ar="الحسكة", name_ckb="حەسەکە")
    stories = [
        make_article(language="en", publish_at=hours_ago(30)),
        make_article(language="ar", headline="عنوان", publish_at=hours_ago(20)),
        make_article(language="ckb", headline="سەردێڕ", publish_at=hours_ago(25)),
        make_article(status=Article.Status.DRAFT),
        make_article(publish_at=hours_ahead(5)),
    ]
    empty = make_event(date=datetime.date(2024, 6, 1), category=Event.Category.OTHER)
    month = make_event(
        date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2025, 5, 1),
        date_precision=Precision.MONTH,
        articles=[stories[0]],
    )
    make_figure(event=month, article=make_article(status=Article.Status.DRAFT))
    make_figure(event=month, value=Decimal("7.25"))
    full = make_event(
        title_en="Transfer",
        title_ar="نقل",
        summary_en="Detainees moved.",
        summary_ar="نقل المحتجزين.",
        place=place,
        topics=topics,
        actors=actors,
        articles=stories,
        date=datetime.date(2026, 1, 21),
        importance=Event.Importance.MAJOR,
        category=Event.Category.DETAINEE_TRANSFER,
    )
    make_figure(event=full, value=Decimal("12000"), source=actors[0])
    make_figure(
        event=full,
        value=Decimal("4179.5"),
        qualifier=Figure.Qualifier.ABOUT,
        unit_en="km",
        unit_ar="كم",
        counts_ar="المسافة",
        as_of=datetime.date(2026, 1, 1),
        as_of_precision=Precision.MONTH,
    )
    return {"empty": empty, "month": month, "full": full, "stories": stories}


def declared(path: str, params: dict, language: str, slugs: list[str]) -> list:
    """The events `slugs` as EventSerializer's declared fields render them, field by
    field (DRF's Serializer.to_representation()), from model instances with their
    related records prefetched, for a request to `path` with `params`: what the
    API served before it read rows. As JSON, the way the API encodes it."""
    request = Request(APIRequestFactory().get(path, params))
    figures = Figure.objects.public().select_related("source")
    with translation.override(language):
        found = (
            Event.objects.filter(slug__in=slugs)
            .select_related("place")
            .prefetch_related(
                Prefetch("actors", Source.objects.all(), to_attr="actor_list"),
                Prefetch("topics", Topic.objects.all(), to_attr="topic_list"),
                Prefetch("figures", figures, to_attr="figure_list"),
            )
            .with_coverage(oldest_first=True)
        )
        by_slug = {event.slug: event for event in found}
        serializer = EventSerializer(context={"request": request})
        items = [
            serializers.Serializer.to_representation(serializer, by_slug[slug])
            for slug in slugs
        ]
    return json.loads(json.dumps(items, cls=JSONEncoder))


def next_page(page: dict) -> dict:
    """The query parameters of the page's `next` link."""
    return {
        name: value for name, [value] in parse_qs(urlsplit(page["next"]).query).items()
    }


def served(api_client, path: str, params: dict, language: str):
    response = api_client.get(path, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content
    assert response["Content-Language"] == language
    return response.json()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "params",
    [{}, {"format": "json"}, {"page_size": 2}, {"from": "2025-01-01"}],
    ids=["first-page", "format", "page-size", "filtered"],
)
def test_every_field_of_every_listed_event_is_what_its_declared_field_renders(
    api_client, events, language, params
):
    found = served(api_client, LIST, params, language)["results"]
    slugs = [item["slug"] for item in found]

    expected = declared(LIST, params, language, slugs)
    assert found == expected
    # The same keys in the same order, for every nested record too.
    assert json.dumps(found) == json.dumps(expected)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_past_the_first_is_rendered_as_the_declared_fields_render_it(
    api_client, events, language
):
    first = served(api_client, LIST, {"page_size": 1}, language)
    params = next_page(first)

    found = served(api_client, LIST, params, language)["results"]

    assert [item["slug"] for item in found] == [events["month"].slug]
    expected = declared(LIST, params, language, [events["month"].slug])
    assert json.dumps(found) == json.dumps(expected)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("params", [{}, {"fields": "slug,coverage,figures"}])
def test_an_event_s_own_address_is_rendered_as_the_declared_fields_render_it(
    api_client, events, language, params
):
    for event in (events["empty"], events["month"], events["full"]):
        path = f"{LIST}{event.slug}/"

        found = served(api_client, path, params, language)

        [expected] = declared(path, {}, language, [event.slug])
        if params:
            expected = {name: expected[name] for name in params["fields"].split(",")}
        assert json.dumps(found) == json.dumps(expected)


def test_an_event_shows_only_published_stories_oldest_first_and_public_figures(
    api_client, events
):
    item = served(api_client, f"{LIST}{events['full'].slug}/", {}, "ar")
    month = served(api_client, f"{LIST}{events['month'].slug}/", {}, "en")

    en, ar, ckb = events["stories"][:3]
    assert [story["uuid"] for story in item["coverage"]] == [
        str(en.uuid),
        str(ckb.uuid),
        str(ar.uuid),
    ]
    assert {topic["name"] for topic in item["topics"]} == {"ألف", "ياء", "Gamma"}
    assert [figure["value"] for figure in month["figures"]] == ["7.25"]


def test_an_unknown_event_is_a_404_and_a_filter_the_event_fails_too(api_client, events):
    assert api_client.get(f"{LIST}no-such-event/").status_code == 404
    path = f"{LIST}{events['full'].slug}/"
    assert api_client.get(path, {"category": "other"}).status_code == 404
    assert api_client.get(path, {"category": "detainee_transfer"}).status_code == 200
    assert api_client.get(path, {"category": "picnic"}).status_code == 400


def test_every_shape_of_the_events_list_costs_the_same_queries_none_repeated(
    api_client, events
):
    after_first = next_page(api_client.get(LIST, {"page_size": 1}).json())
    shapes = [
        (LIST, {"page_size": 1}),
        (LIST, {"page_size": 100}),
        (LIST, after_first),
        (LIST, {"category": "detainee_transfer"}),
        (LIST, {"from": "2025-01-01", "fields": "slug"}),
        (f"{LIST}{events['full'].slug}/", {}),
        (f"{LIST}{events['empty'].slug}/", {"category": "other"}),
    ]
    for path, params in shapes:
        with CaptureQueriesContext(connection) as captured:
            assert api_client.get(path, params).status_code == 200
        sql = [query["sql"] for query in captured.captured_queries]
        # The events, their topics, actors, public figures and public stories.
        assert len(sql) == 5, (path, params, sql)
        assert not [s for s, n in Counter(sql).items() if n > 1], (path, params)


def test_a_figure_is_written_as_its_own_number_in_the_active_edition():
    with translation.override("en"):
        assert figure_value_display(Decimal("4179.5"), "about", "km") == (
            "about 4,179.5 km"
        )
        assert figure_value_display(Decimal("4179.50"), "about", "km") == (
            "about 4,179.50 km"
        )
        english = figure_value_display(Decimal("12000"), "about", "")
    with translation.override("ar"):
        arabic = figure_value_display(Decimal("12000"), "about", "")

    assert english == "about 12,000"
    assert arabic != english
