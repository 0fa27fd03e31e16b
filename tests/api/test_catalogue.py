"""Sources, events, places, topics and sections."""

import datetime

import pytest

from events.models import Event, Precision
from tests.factories import (
    hours_ago,
    make_article,
    make_event,
    make_figure,
    make_place,
    make_quote,
    make_section,
    make_source,
    make_topic,
)


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.django_db
def test_sources_list_names_people_and_organisations(api_client):
    source = make_source(
        name="Adnan al-Kinani", slug="adnan-al-kinani", role="retired general"
    )
    make_quote(source=source, article=make_article())

    items = results(api_client.get("/api/v1/sources/"))

    assert items[0]["slug"] == "adnan-al-kinani"
    assert items[0]["role"] == "retired general"


def test_source_detail_shows_only_quotes_in_published_stories(
    api_client, published_article, draft_article, scheduled_article
):
    source = make_source()
    make_quote(source=source, article=published_article, text="On the record.")
    make_quote(source=source, article=draft_article, text="Not yet public.")
    make_quote(source=source, article=scheduled_article, text="Embargoed words.")

    data = api_client.get(f"/api/v1/sources/{source.slug}/").json()

    assert [q["text"] for q in data["quotes"]] == ["On the record."]
    assert data["quotes"][0]["article"]["uuid"] == str(published_article.uuid)


@pytest.mark.django_db
def test_source_with_an_arabic_slug_is_found(api_client):
    source = make_source(slug="عدنان-الكناني")
    make_quote(source=source, article=make_article())

    response = api_client.get(f"/api/v1/sources/{source.slug}/")

    assert response.status_code == 200


@pytest.mark.django_db
def test_unknown_source_slug_is_404(api_client):
    assert api_client.get("/api/v1/sources/nobody/").status_code == 404


def test_event_coverage_lists_only_published_stories(
    api_client, published_article, hidden_articles
):
    event = make_event(articles=[published_article, *hidden_articles])

    data = api_client.get(f"/api/v1/events/{event.slug}/").json()

    assert [a["uuid"] for a in data["coverage"]] == [str(published_article.uuid)]


@pytest.mark.django_db
def test_events_are_filtered_by_category_place_topic_source_and_dates(api_client):
    place, topic, actor = make_place(), make_topic(), make_source()
    wanted = make_event(
        category=Event.Category.DETAINEE_TRANSFER,
        place=place,
        topics=[topic],
        actors=[actor],
        date=datetime.date(2026, 2, 3),
    )
    make_event(date=datetime.date(2025, 5, 1))

    for params in [
        {"category": "detainee_transfer"},
        {"place": place.slug},
        {"topic": topic.slug},
        {"source": actor.slug},
        {"from": "2026-01-01", "to": "2026-12-31"},
    ]:
        items = results(api_client.get("/api/v1/events/", params))
        assert [e["slug"] for e in items] == [wanted.slug], params


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("category", "picnic"),
        ("place", "atlantis"),
        ("topic", "nothing"),
        ("source", "nobody"),
        ("from", "2026-02-31"),
        ("to", "tomorrow"),
    ],
)
def test_a_bad_event_filter_is_400_naming_the_field(api_client, param, value):
    response = api_client.get("/api/v1/events/", {param: value})

    assert response.status_code == 400
    assert param in response.json()


@pytest.mark.django_db
def test_event_dates_keep_their_precision(api_client):
    make_event(date=datetime.date(2026, 3, 17), date_precision=Precision.MONTH)

    item = results(api_client.get("/api/v1/events/"))[0]

    assert item["date"] == "2026-03-01"
    assert item["date_precision"] == "month"


@pytest.mark.django_db
def test_places_topics_and_sections_are_listed(api_client):
    make_place(name="al-Hol", slug="al-hol")
    make_topic(name="ISIS", slug="isis", aliases="IS\nDaesh")
    make_section(name="Security", slug="security")

    assert results(api_client.get("/api/v1/places/"))[0]["slug"] == "al-hol"
    topic = results(api_client.get("/api/v1/topics/"))[0]
    assert topic["aliases"] == ["IS", "Daesh"]
    assert results(api_client.get("/api/v1/sections/"))[0]["slug"] == "security"


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", [1, 100])
def test_catalogue_lists_run_a_fixed_number_of_queries(
    api_client, django_assert_num_queries, page_size
):
    parent = make_place()
    for n in range(5):
        source = make_source(affiliation=make_source(kind="organisation"))
        article = make_article(publish_at=hours_ago(n + 1))
        event = make_event(
            articles=[article], actors=[source], topics=[make_topic()], place=parent
        )
        make_figure(event=event, source=source)
        make_place(parent=parent)
        make_section()

    # sources joined with their affiliation: 1 query
    with django_assert_num_queries(1):
        results(api_client.get("/api/v1/sources/", {"page_size": page_size}))
    # events (place joined) + actors + topics + public figures (source joined) +
    # coverage (their public stories, through the links): 5 queries
    with django_assert_num_queries(5):
        results(api_client.get("/api/v1/events/", {"page_size": page_size}))
    # places joined with their parent; topics; sections: 1 query each
    for url in ("/api/v1/places/", "/api/v1/topics/", "/api/v1/sections/"):
        with django_assert_num_queries(1):
            results(api_client.get(url, {"page_size": page_size}))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/v1/sources/", "/api/v1/topics/", "/api/v1/events/"]
)
def test_a_forged_cursor_is_400_on_every_list(api_client, url):
    import base64
    from urllib.parse import urlencode

    for position in ("\x00", "not-a-value-of-the-field", '["\x00", "1"]', '["a"]'):
        forged = base64.b64encode(urlencode({"p": position}).encode()).decode()
        response = api_client.get(url, {"cursor": forged})
        assert response.status_code == 400, (url, position)
        assert "cursor" in response.json()
    # A well-formed position: any text is a valid name to page after.
    if url != "/api/v1/events/":
        forged = base64.b64encode(urlencode({"p": '["any name", "1"]'}).encode())
        assert api_client.get(url, {"cursor": forged.decode()}).status_code == 200


@pytest.mark.django_db
def test_a_nul_character_in_a_filter_is_400(api_client):
    response = api_client.get("/api/v1/articles/", {"q": "a\x00b", "topic": "\x00"})

    assert response.status_code == 400
    assert {"q", "topic"} <= set(response.json())
