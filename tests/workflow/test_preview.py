"""Staff preview a story exactly as readers will see it; nobody indexes or caches it."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import hours_ahead, make_article

pytestmark = pytest.mark.django_db


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def test_an_editor_previews_a_draft_marked_as_a_preview_and_not_indexed(editor_client):
    article = make_article(
        status=Article.Status.DRAFT, publish_at=None, headline="Draft under embargo"
    )
    response = editor_client.get(preview_url(article))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Draft under embargo" in html
    assert "Readers cannot see this page" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_the_preview_uses_the_public_story_template(editor_client):
    article = make_article(publish_at=hours_ahead(4))
    response = editor_client.get(preview_url(article))
    assert "articles/article_detail.html" in [t.name for t in response.templates]


def test_a_visitor_who_is_not_signed_in_cannot_preview(client):
    article = make_article(status=Article.Status.DRAFT, publish_at=None)
    response = client.get(preview_url(article))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_reporter_cannot_preview_someone_elses_draft(reporter_client, editor):
    article = make_article(
        status=Article.Status.DRAFT, publish_at=None, created_by=editor
    )
    assert reporter_client.get(preview_url(article)).status_code == 404


def test_the_change_page_links_to_the_preview(editor_client):
    article = make_article(status=Article.Status.DRAFT, publish_at=None)
    html = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    )
    assert preview_url(article) in html.content.decode()
