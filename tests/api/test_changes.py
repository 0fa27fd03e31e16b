import datetime

import pytest

from articles.models import Article, ArticleChange
from tests.factories import hours_ago, hours_ahead, make_article

URL = "/api/v1/changes/"


def feed(api_client, **params):
    response = api_client.get(URL, params)
    assert response.status_code == 200, response.content
    return [(c["uuid"], c["kind"]) for c in response.json()["results"]]


def draft(**overrides):
    return make_article(status=Article.Status.DRAFT, publish_at=None, **overrides)


@pytest.mark.django_db
def test_publishing_a_story_is_reported_with_where_to_fetch_it(api_client):
    article = draft()
    article.publish()

    item = api_client.get(URL).json()["results"][0]

    assert (item["uuid"], item["kind"]) == (str(article.uuid), "published")
    assert item["api_url"].endswith(f"/api/v1/articles/{article.uuid}/")


@pytest.mark.django_db
def test_an_unpublish_is_reported(api_client):
    article = draft()
    article.publish()
    since = datetime.datetime.now(datetime.UTC).isoformat()
    article.unpublish()

    assert feed(api_client, since=since) == [(str(article.uuid), "unpublished")]


@pytest.mark.django_db
def test_a_deleted_story_is_reported(api_client):
    article = draft()
    article.publish()
    uuid = str(article.uuid)
    article.delete()

    assert feed(api_client)[-1] == (uuid, "deleted")


@pytest.mark.django_db
def test_a_correction_is_reported_in_order(api_client):
    article = draft()
    article.publish()
    article.add_correction(kind="correction", text="Fixed.")

    assert [kind for _uuid, kind in feed(api_client)] == ["published", "corrected"]


@pytest.mark.django_db
def test_an_edit_to_a_public_story_is_reported_as_an_update(api_client):
    article = draft()
    article.publish()
    article.refresh_from_db()
    article.standfirst = "A sharper standfirst."
    article.save_edit(expected_version=article.edit_version)

    assert [kind for _uuid, kind in feed(api_client)] == ["published", "updated"]


@pytest.mark.django_db
def test_an_edit_to_a_draft_is_not_reported(api_client):
    article = draft()
    article.headline = "Still a draft"
    article.save_edit(expected_version=article.edit_version)

    assert feed(api_client) == []


@pytest.mark.django_db
def test_a_scheduled_story_is_not_announced_before_it_is_public(api_client):
    article = draft()
    article.publish(at=hours_ahead(2))

    assert feed(api_client) == []


@pytest.mark.django_db
def test_a_story_whose_time_came_is_announced_then(api_client):
    article = draft()
    ArticleChange.objects.create(
        article_uuid=article.uuid,
        language="en",
        kind="published",
        changed_at=hours_ago(1),
    )

    assert feed(api_client) == []  # still a draft: nothing to fetch
    Article.objects.filter(pk=article.pk).update(
        status="published", publish_at=hours_ago(1)
    )
    assert feed(api_client) == [(str(article.uuid), "published")]


@pytest.mark.django_db
def test_since_returns_only_later_changes(api_client):
    first, second = draft(), draft()
    first.publish()
    since = api_client.get(URL).json()["results"][-1]["changed_at"]
    second.publish()

    assert feed(api_client, since=since) == [(str(second.uuid), "published")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("param", "value"),
    [("since", "last tuesday"), ("kind", "moved"), ("language", "xx")],
)
def test_a_bad_changes_filter_is_400(api_client, param, value):
    response = api_client.get(URL, {param: value})

    assert response.status_code == 400
    assert param in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", [1, 100])
def test_changes_feed_runs_one_query(api_client, django_assert_num_queries, page_size):
    for _ in range(4):
        article = draft()
        article.publish()
        article.unpublish()

    # the changes, with the "is it public now" check as a subquery
    with django_assert_num_queries(1):
        feed(api_client, page_size=page_size)
