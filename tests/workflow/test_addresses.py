"""Story addresses never die: renames redirect, withdrawn stories answer 410."""

import pytest

from articles import workflow
from articles.models import Article
from tests.factories import make_article, make_topic
from tests.workflow.admin_forms import open_and_post

pytestmark = pytest.mark.django_db


def test_every_old_address_of_a_twice_renamed_story_redirects_to_the_current_one(
    client, editor_client
):
    article = make_article(slug="first-slug", topics=[make_topic()])
    open_and_post(editor_client, article, slug="second-slug")
    open_and_post(editor_client, article, slug="third-slug")

    for old in ["first-slug", "second-slug"]:
        response = client.get(f"/en/stories/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/en/stories/third-slug/"
    assert client.get("/en/stories/third-slug/").status_code == 200


def test_renaming_back_to_an_old_slug_serves_the_story_there(client, editor_client):
    article = make_article(slug="alpha", topics=[make_topic()])
    open_and_post(editor_client, article, slug="beta")
    open_and_post(editor_client, article, slug="alpha")
    assert client.get("/en/stories/alpha/").status_code == 200
    assert client.get("/en/stories/beta/")["Location"] == "/en/stories/alpha/"


def test_an_unpublished_story_answers_410_without_its_text(client, editor):
    article = make_article(slug="withdrawn", body="<p>Words we withdrew.</p>")
    workflow.unpublish_article(article, by=editor)
    response = client.get("/en/stories/withdrawn/")
    assert response.status_code == 410
    html = response.content.decode()
    assert "no longer published" in html
    assert "Words we withdrew" not in html
    assert article.headline not in html


def test_an_old_address_of_an_unpublished_story_also_answers_410(
    client, editor_client, editor
):
    article = make_article(slug="old-name", topics=[make_topic()])
    open_and_post(editor_client, article, slug="new-name")
    workflow.unpublish_article(Article.objects.get(pk=article.pk), by=editor)
    assert client.get("/en/stories/old-name/").status_code == 410


def test_a_draft_address_is_a_plain_404(client):
    make_article(slug="secret-draft", status=Article.Status.DRAFT, publish_at=None)
    assert client.get("/en/stories/secret-draft/").status_code == 404
