"""Hostile or odd autosave requests: every refusal a JSON 4xx, never a 500."""

import pytest
from django.urls import reverse

from articles.models import Article, Autosave
from tests.factories import make_article

pytestmark = pytest.mark.django_db
JSON = {"Accept": "application/json"}


def url(story=None):
    if story is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[story.pk])


@pytest.mark.parametrize(
    "data",
    [
        {"headline": "H", "key": "k" * 100_000},
        {"headline": "H", "key": "é" * 30},
        {"headline": "H", "key": "a" * 22, "base_version": "nine"},
        {"headline": "H", "key": "a" * 22, "base_version": "-1"},
        {"headline": "H", "key": "a" * 22, "base_version": "9" * 40},
        {"headline": "H\x00", "key": "a" * 22},
        {"body": "<p>x</p>" * 10, "key": ["a" * 22, "b" * 22]},
    ],
)
def test_a_malformed_new_story_autosave_is_a_json_refusal_or_kept(
    reporter_client, data
):
    response = reporter_client.post(url(), data, headers=JSON)
    assert response.status_code in (200, 400), response.content[:300]
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("object_id", ["abc", "999999", "-1", "1%00", "9" * 40])
def test_an_autosave_for_a_story_that_is_not_there_is_a_json_404(
    reporter_client, object_id
):
    response = reporter_client.post(
        f"/admin/articles/article/{object_id}/autosave/", {"body": "x"}, headers=JSON
    )
    assert response.status_code in (404, 400), response.content[:300]


def test_a_published_story_a_reporter_cannot_edit_refuses_her_autosave(
    reporter_client, reporter
):
    story = make_article(created_by=reporter)
    response = reporter_client.post(url(story), {"body": "x"}, headers=JSON)
    assert response.status_code in (403, 404)
    assert not Autosave.objects.filter(article=story).exists()
    assert story.status == Article.Status.PUBLISHED
