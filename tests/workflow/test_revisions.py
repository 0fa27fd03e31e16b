"""Every admin save is a revision; any two can be compared, and one restored."""

import pytest
from django.urls import reverse

from articles import revisions, workflow
from articles.models import Article
from tests.factories import make_article, make_source, make_topic
from tests.workflow.admin_forms import change_form_data, change_url, open_and_post

pytestmark = pytest.mark.django_db


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def quoted_story():
    article = make_article(topics=[make_topic()], headline="First headline")
    article.quotes.create(source=make_source(name="al-Kinani"), text="The first words.")
    return article


def test_each_admin_save_keeps_a_revision_with_the_quotes(editor_client, editor):
    article = quoted_story()
    open_and_post(editor_client, article, headline="Second headline")
    versions = revisions.versions_of(article)
    assert versions.count() == 1
    version = versions.get()
    assert version.revision.user == editor
    assert version.field_dict["headline"] == "Second headline"
    quote_rows = [v.object_repr for v in version.revision.version_set.all()]
    assert any("The first words." in row for row in quote_rows)


def test_the_history_page_shows_a_readable_diff_between_two_revisions(editor_client):
    article = quoted_story()
    open_and_post(editor_client, article, headline="Second headline")
    open_and_post(editor_client, article, headline="Third <script>headline</script>")

    response = editor_client.get(history_url(article))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Second" in html and "Third" in html
    assert "&lt;script&gt;" in html  # shown, escaped
    assert "<script>headline" not in html


def test_any_two_revisions_can_be_compared(editor_client):
    article = quoted_story()
    for headline in ["Two", "Three", "Four"]:
        open_and_post(editor_client, article, headline=headline)
    oldest, *_, newest = reversed(list(revisions.versions_of(article)))
    response = editor_client.get(
        history_url(article), {"from": oldest.pk, "to": newest.pk}
    )
    labels = [diff.label for diff in response.context["diffs"]]
    assert labels == ["Headline"]


def test_restoring_brings_back_the_words_and_quotes_as_a_new_revision(
    editor_client, editor
):
    article = quoted_story()
    open_and_post(editor_client, article, headline="Good headline")
    good = revisions.versions_of(article).first()
    page = editor_client.get(change_url(article))
    editor_client.post(
        change_url(article),
        change_form_data(
            page, headline="Bad headline", **{"quotes-0-text": "Misquoted."}
        ),
    )
    workflow.add_correction(article, by=editor, kind="correction", text="Fixed a date.")

    response = editor_client.post(
        reverse("admin:articles_article_restore", args=[article.pk, good.pk])
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Good headline"
    assert article.quotes.get().text == "The first words."
    # The restore is itself a revision, and the corrections log is untouched.
    assert revisions.versions_of(article).count() == 4
    assert "Restored" in revisions.versions_of(article).first().revision.comment
    assert article.corrections.count() == 1
    assert article.is_published


def test_a_reporter_cannot_restore_a_published_story(client, reporter, editor_client):
    article = quoted_story()
    article.created_by = reporter
    article.save()
    open_and_post(editor_client, article, headline="Edited")
    version = revisions.versions_of(article).first()
    client.force_login(reporter)
    response = client.post(
        reverse("admin:articles_article_restore", args=[article.pk, version.pk])
    )
    assert response.status_code == 403


def test_workflow_transitions_are_kept_as_revisions_and_shown_in_the_history(
    editor_client, editor
):
    article = make_article(
        status=Article.Status.IN_REVIEW, publish_at=None, topics=[make_topic()]
    )
    workflow.publish_article(article, by=editor)
    html = editor_client.get(history_url(article)).content.decode()
    assert "In review → Published" in html
    assert editor.username in html
