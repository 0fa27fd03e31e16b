"""A source's item carries its newest quotes; all of them are a paginated list."""

import pytest

from articles.models import Article
from partners.serializers.sources import QUOTES_SHOWN
from tests.factories import (
    hours_ago,
    hours_ahead,
    make_article,
    make_quote,
    make_source,
)


def quotes_of(source, count, *, per_story=1):
    """`count` quotes of `source`, `per_story` to a story, stories an hour apart
    (newest first); returns their texts in the API's order."""
    texts = []
    for n in range((count + per_story - 1) // per_story):
        story = make_article(publish_at=hours_ago(n + 1))
        for position in range(min(per_story, count - len(texts))):
            text = f"Quote {len(texts)}"
            make_quote(source=source, article=story, position=position, text=text)
            texts.append(text)
    return texts


def walk(api_client, url, **params):
    """Every item of a paginated list, following `next` to the end."""
    items, response = [], api_client.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        data = response.json()
        items += data["results"]
        if not data["next"]:
            return items
        response = api_client.get(data["next"])


@pytest.mark.django_db
def test_a_sources_item_carries_its_newest_quotes_and_links_to_all_of_them(
    api_client,
):
    source = make_source()
    texts = quotes_of(source, QUOTES_SHOWN + 5)

    data = api_client.get(f"/api/v1/sources/{source.slug}/").json()

    assert [q["text"] for q in data["quotes"]] == texts[:QUOTES_SHOWN]
    assert data["quotes_url"] == (
        f"http://testserver/api/v1/sources/{source.slug}/quotes/"
    )
    every = walk(api_client, data["quotes_url"], page_size=4)
    assert [q["text"] for q in every] == texts
    assert every[0]["article"]["api_url"].startswith("http://testserver/api/v1/")


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", [1, 2, 3])
def test_walking_a_sources_quotes_visits_each_once_when_stories_share_them(
    api_client, page_size
):
    source = make_source()
    texts = quotes_of(source, 7, per_story=3)
    url = f"/api/v1/sources/{source.slug}/quotes/"

    forwards = walk(api_client, url, page_size=page_size)

    assert [q["text"] for q in forwards] == texts
    # And back again from the last page.
    last = api_client.get(url, {"page_size": page_size})
    while last.json()["next"]:
        last = api_client.get(last.json()["next"])
    backwards, response = [], last
    while True:
        data = response.json()
        backwards = data["results"] + backwards
        if not data["previous"]:
            break
        response = api_client.get(data["previous"])
    assert [q["text"] for q in backwards] == texts


@pytest.mark.django_db
def test_a_sources_quotes_are_only_those_in_published_stories(api_client):
    source = make_source()
    make_quote(source=source, article=make_article(), text="On the record.")
    for hidden in (
        make_article(status=Article.Status.DRAFT),
        make_article(publish_at=hours_ahead(5)),
    ):
        make_quote(source=source, article=hidden, text="Not public.")

    every = walk(api_client, f"/api/v1/sources/{source.slug}/quotes/")
    item = api_client.get(f"/api/v1/sources/{source.slug}/").json()

    assert [q["text"] for q in every] == ["On the record."]
    assert [q["text"] for q in item["quotes"]] == ["On the record."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/sources/nobody/quotes/", 404),
        ("/api/v1/sources/{slug}/quotes/?page_size=0", 400),
        ("/api/v1/sources/{slug}/quotes/?cursor=!!!", 400),
    ],
)
def test_bad_requests_for_a_sources_quotes_are_json_errors(api_client, path, status):
    source = make_source()
    make_quote(source=source, article=make_article())

    response = api_client.get(path.format(slug=source.slug))

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.django_db
def test_a_source_unquoted_in_any_public_story_has_no_quotes_list(api_client):
    source = make_source()
    make_quote(source=source, article=make_article(status=Article.Status.DRAFT))

    response = api_client.get(f"/api/v1/sources/{source.slug}/quotes/")

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("quotes", [1, QUOTES_SHOWN * 3])
def test_a_sources_item_and_quotes_cost_the_same_queries_however_many_quotes(
    api_client, django_assert_num_queries, quotes
):
    source = make_source()
    quotes_of(source, quotes)

    # The source (with its affiliation), then its quotes with their stories.
    with django_assert_num_queries(2):
        item = api_client.get(f"/api/v1/sources/{source.slug}/")
    # The source, then a page of its quotes with their stories.
    with django_assert_num_queries(2):
        page = api_client.get(f"/api/v1/sources/{source.slug}/quotes/")

    assert len(item.json()["quotes"]) == min(quotes, QUOTES_SHOWN)
    assert len(page.json()["results"]) == min(quotes, 20)


def test_the_schema_documents_a_sources_quotes_link_and_paginated_list(api_client, db):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()

    detail = schema["components"]["schemas"]["SourceDetail"]["properties"]
    assert detail["quotes_url"]["format"] == "uri"
    operation = schema["paths"]["/api/v1/sources/{slug}/quotes/"]["get"]
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert "Paginated" in body["$ref"]
    assert {p["name"] for p in operation["parameters"]} >= {"cursor", "page_size"}
