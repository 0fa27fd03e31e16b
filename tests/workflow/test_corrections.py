"""An editor adds a correction on the story page; readers see it everywhere it matters."""

import pytest

from articles.models import ArticleChange
from tests.factories import make_article, make_topic
from tests.workflow.admin_forms import change_url, open_and_post

pytestmark = pytest.mark.django_db

NEW_CORRECTION = {
    "corrections-TOTAL_FORMS": "1",
    "corrections-0-kind": "correction",
    "corrections-0-text": "An earlier version gave the wrong date for the transfer.",
}


def test_a_correction_added_in_the_admin_updates_the_story_and_the_corrections_page(
    client, editor_client
):
    article = make_article(topics=[make_topic()])
    response = open_and_post(editor_client, article, **NEW_CORRECTION)
    assert response.status_code == 302

    article.refresh_from_db()
    assert article.updated_at is not None
    assert article.ninjs_version == 2
    assert ArticleChange.objects.filter(
        article_uuid=article.uuid, kind="corrected"
    ).exists()
    page = client.get("/en/corrections/").content.decode()
    assert "An earlier version gave the wrong date" in page
    story = client.get(article.get_absolute_url()).content.decode()
    assert "CorrectionComment" in story
    assert "An earlier version gave the wrong date" in story


def test_corrections_cannot_be_rewritten_or_removed_in_the_admin(editor_client, editor):
    from articles import workflow

    article = make_article(topics=[make_topic()])
    workflow.add_correction(
        article, by=editor, kind="update", text="Added the CENTCOM figure."
    )
    html = editor_client.get(change_url(article)).content.decode()
    assert 'name="corrections-0-text"' not in html
    assert 'name="corrections-0-DELETE"' not in html


def test_a_draft_offers_no_correction_form(editor_client):
    article = make_article(status="draft", publish_at=None)
    html = editor_client.get(change_url(article)).content.decode()
    assert 'name="corrections-__prefix__-text"' not in html
