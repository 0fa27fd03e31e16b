import uuid

import pytest
from django.db import connection

from articles.models import Article
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

LIST = "/api/v1/articles/"
LIST_QUERIES = 5 if connection.vendor == "postgresql" else 11


def detail(article):
    return f"/api/v1/articles/{article.uuid}/"


def headlines(response):
    return [item["headline"] for item in response.json()["results"]]


@pytest.mark.django_db
def test_list_shows_published_stories_newest_first(api_client):
    older = make_article(headline="Older", publish_at=hours_ago(5))
    newer = make_article(headline="Newer", publish_at=hours_ago(1))

    response = api_client.get(LIST)

    assert response.status_code == 200
    assert headlines(response) == [newer.headline, older.headline]


def test_list_hides_drafts_scheduled_and_unpublished_stories(
    api_client, published_article, hidden_articles
):
    response = api_client.get(LIST)

    assert headlines(response) == [published_article.headline]


@pytest.mark.parametrize(
    "hidden",
    ["draft_article", "in_review_article", "scheduled_article", "unpublished_article"],
)
def test_detail_of_a_hidden_story_is_404(api_client, request, hidden):
    article = request.getfixturevalue(hidden)

    response = api_client.get(detail(article))

    assert response.status_code == 404


def test_search_finds_no_hidden_story(api_client, hidden_articles):
    for article in hidden_articles:
        response = api_client.get(LIST, {"q": article.headline.split()[-1]})
        assert response.json()["results"] == []


@pytest.mark.django_db
def test_unknown_uuid_is_404(api_client):
    response = api_client.get(f"/api/v1/articles/{uuid.uuid4()}/")

    assert response.status_code == 404


@pytest.mark.django_db
def test_detail_carries_the_story_with_its_relations(api_client):
    place = make_place(name="Ain al-Asad", slug="ain-al-asad")
    topic = make_topic(name="US withdrawal", slug="us-withdrawal")
    article = make_article(topics=[topic], places=[place], dateline=place)
    quote = make_quote(article=article, text="We are ready.")
    make_event(articles=[article], slug="handover")
    article.add_correction(kind="correction", text="Fixed a date.")

    data = api_client.get(detail(article)).json()

    assert data["uuid"] == str(article.uuid)
    assert data["headline"] == article.headline
    assert data["body"] == article.body
    assert data["web_url"].endswith(article.get_absolute_url())
    assert data["topics"] == [{"slug": "us-withdrawal", "name": "US withdrawal"}]
    assert data["dateline"]["slug"] == "ain-al-asad"
    assert data["quotes"][0]["text"] == "We are ready."
    assert data["quotes"][0]["source"]["slug"] == quote.source.slug
    assert [e["slug"] for e in data["events"]] == ["handover"]
    assert data["corrections"][0]["text"] == "Fixed a date."
    assert data["version"] == 2
    assert data["byline"][0]["name"].startswith("Reporter")


@pytest.mark.django_db
def test_translations_list_only_published_editions(api_client):
    original = make_article(language="en")
    arabic = make_article(language="ar", translation_of=original)
    make_article(language="ckb", translation_of=original, status=Article.Status.DRAFT)

    data = api_client.get(detail(arabic)).json()

    assert [t["uuid"] for t in data["translations"]] == [str(original.uuid)]
    assert (
        api_client.get(detail(original)).json()["translations"][0]["language"] == "ar"
    )


@pytest.mark.django_db
def test_fields_picks_the_fields_a_partner_wants(api_client):
    make_article()

    item = api_client.get(LIST, {"fields": "uuid,headline"}).json()["results"][0]

    assert set(item) == {"uuid", "headline"}


@pytest.mark.django_db
def test_unknown_field_name_is_400_naming_fields(api_client):
    make_article()

    response = api_client.get(LIST, {"fields": "uuid,nonsense"})

    assert response.status_code == 400
    assert "fields" in response.json()


@pytest.mark.django_db
def test_each_filter_narrows_the_list(api_client):
    topic, section, place, source = (
        make_topic(),
        make_section(),
        make_place(),
        make_source(),
    )
    wanted = make_article(
        topics=[topic], places=[place], section=section, language="ar"
    )
    make_quote(article=wanted, source=source)
    event = make_event(articles=[wanted])
    make_article()

    for params in [
        {"topic": topic.slug},
        {"section": section.slug},
        {"place": place.slug},
        {"source": source.slug},
        {"event": event.slug},
        {"language": "ar"},
    ]:
        response = api_client.get(LIST, params)
        assert headlines(response) == [wanted.headline], params


@pytest.mark.django_db
def test_date_filters_bound_the_publication_time(api_client):
    old = make_article(publish_at=hours_ago(72))
    new = make_article(publish_at=hours_ago(1))
    cut = hours_ago(24).isoformat()

    assert headlines(api_client.get(LIST, {"published_after": cut})) == [new.headline]
    assert headlines(api_client.get(LIST, {"published_before": cut})) == [old.headline]


@pytest.mark.django_db
def test_updated_since_lists_stories_saved_after_the_time(api_client):
    article = make_article()
    since = api_client.get(detail(article)).json()["modified_at"]
    article.add_correction(kind="update", text="New figures.")

    response = api_client.get(LIST, {"updated_since": since})

    assert article.headline in headlines(response)


@pytest.mark.django_db
def test_q_searches_like_the_site(api_client):
    make_article(headline="Detainees moved from Hasakah")
    make_article(headline="Border fence finished")

    assert headlines(api_client.get(LIST, {"q": "hasakah"})) == [
        "Detainees moved from Hasakah"
    ]


@pytest.mark.django_db
def test_ordering_oldest_first(api_client):
    older = make_article(publish_at=hours_ago(5))
    newer = make_article(publish_at=hours_ago(1))

    response = api_client.get(LIST, {"ordering": "published_at"})

    assert headlines(response) == [older.headline, newer.headline]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("topic", "no-such-topic"),
        ("section", "no-such-section"),
        ("place", "no-such-place"),
        ("source", "no-such-source"),
        ("event", "no-such-event"),
        ("language", "xx"),
        ("from", "2026-13-45"),
        ("to", "yesterday"),
        ("published_after", "not-a-date"),
        ("published_before", "2026-02-30T10:00"),
        ("updated_since", "soon"),
        ("ordering", "headline"),
        ("page_size", "0"),
        ("page_size", "101"),
        ("page_size", "ten"),
        ("cursor", "!!!not-base64"),
    ],
)
def test_a_bad_value_is_400_naming_the_field(api_client, param, value):
    make_article()

    response = api_client.get(LIST, {param: value})

    assert response.status_code == 400
    assert param in response.json()


@pytest.mark.django_db
def test_a_cursor_with_a_forged_position_is_400(api_client):
    import base64

    forged = base64.b64encode(b"p=not-a-time").decode()

    response = api_client.get(LIST, {"cursor": forged})

    assert response.status_code == 400
    assert "cursor" in response.json()


@pytest.mark.django_db
def test_cursor_pages_through_every_story_once(api_client):
    made = {make_article(publish_at=hours_ago(n)).headline for n in range(1, 8)}

    seen, url = [], LIST + "?page_size=3"
    while url:
        page = api_client.get(url).json()
        seen += [item["headline"] for item in page["results"]]
        url = page["next"]

    assert sorted(seen) == sorted(made)


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", [1, 100])
def test_list_runs_a_fixed_number_of_queries(
    api_client, django_assert_num_queries, page_size
):
    topic, place, source = make_topic(), make_place(), make_source()
    original = make_article(language="ar", publish_at=hours_ago(100))
    for n in range(1, 6):
        article = make_article(
            topics=[topic],
            places=[place],
            publish_at=hours_ago(n),
            translation_of=original,
        )
        make_quote(article=article, source=source)
        make_event(articles=[article])
        make_figure(article=article, source=source)
        article.add_correction(kind="update", text="More.")

    # 1 articles (section and dateline columns and live coverage joined; live
    # updates counted in a subquery) + 2 lists: figures with sources, corrections;
    # + 5 rows: bylines with authors, topics, places, quotes with sources,
    # events; + 1 for every story's other editions (the original, its
    # translations and the story's own); and the page cache's two on a miss: the
    # coverage version, the next scheduled story. On PostgreSQL the lists go in
    # one round trip and the rows in another (run_together()): 5.
    with django_assert_num_queries(LIST_QUERIES):
        response = api_client.get(LIST, {"page_size": page_size})

    assert response.status_code == 200


@pytest.mark.django_db
def test_the_ninjs_list_reads_live_updates_where_the_json_reads_figures(
    api_client, django_assert_num_queries
):
    original = make_article(language="ar", publish_at=hours_ago(100))
    for n in range(1, 4):
        make_article(publish_at=hours_ago(n), translation_of=original)

    # The JSON list's 11, with live updates (and their authors) read instead of
    # counted (ninjs carries them as associations), and no figures (ninjs shows
    # none); the byline with authors as records, not rows (names in each
    # story's own edition). On PostgreSQL, 5 as the JSON list's.
    with django_assert_num_queries(LIST_QUERIES):
        response = api_client.get(LIST, {"format": "ninjs", "page_size": 10})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "to=9999-12-31",
        "published_after=0001-01-01T00:00:00%2B05:00",
        "updated_since=9999-12-31T23:59:59-05:00",
    ],
)
def test_a_date_outside_any_sensible_year_is_a_400_naming_the_field(
    api_client, db, query
):
    response = api_client.get(f"/api/v1/articles/?{query}")

    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_a_change_feed_since_year_one_is_a_400(api_client, db):
    response = api_client.get("/api/v1/changes/?since=0001-01-01T00:00:00%2B05:00")

    assert response.status_code == 400
    assert "since" in response.json()
