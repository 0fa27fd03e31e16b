"""Each role logs in to the admin and tries what it may and may not do."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article, StatusChange
from tests.factories import make_article, make_topic
from tests.workflow.admin_forms import change_url, open_and_post

pytestmark = pytest.mark.django_db


def own_draft(user, **overrides):
    fields = {"status": Article.Status.DRAFT, "publish_at": None, "created_by": user}
    return make_article(topics=[make_topic()], **fields | overrides)


def test_the_roles_migration_creates_the_three_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Reporter",
        "Editor",
        "Administrator",
    }


def test_only_editors_and_administrators_hold_the_publish_permission(
    reporter, editor, administrator
):
    assert not reporter.has_perm("articles.publish_article")
    assert editor.has_perm("articles.publish_article")
    assert administrator.has_perm("articles.publish_article")


def test_a_reporter_creates_a_draft_in_the_admin(reporter_client, reporter):
    page = reporter_client.get(reverse("admin:articles_article_add"))
    assert page.status_code == 200
    assert (
        'name="publish_at_0"' not in page.content.decode()
    )  # reporters cannot schedule


def test_a_reporter_edits_their_own_draft(reporter_client, reporter):
    article = own_draft(reporter)
    response = open_and_post(reporter_client, article, headline="A sharper headline")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "A sharper headline"


def test_a_reporter_does_not_see_someone_elses_story(reporter_client, editor):
    article = own_draft(editor, headline="The editor's own draft")
    changelist = reporter_client.get(reverse("admin:articles_article_changelist"))
    assert "The editor&#x27;s own draft" not in changelist.content.decode()
    response = reporter_client.get(change_url(article))
    assert response.status_code == 302  # "doesn't exist", back to the list


def test_a_reporter_cannot_save_someone_elses_draft(reporter_client, editor):
    article = own_draft(editor)
    response = reporter_client.post(change_url(article), {"headline": "Hijacked"})
    assert response.status_code in (302, 403)
    article.refresh_from_db()
    assert article.headline != "Hijacked"


def test_a_reporter_cannot_edit_their_story_once_submitted(reporter_client, reporter):
    article = own_draft(reporter, status=Article.Status.IN_REVIEW)
    page = reporter_client.get(change_url(article))
    assert page.status_code == 200
    assert 'name="headline"' not in page.content.decode()  # read-only
    response = reporter_client.post(change_url(article), {"headline": "Changed"})
    assert response.status_code == 403


def test_a_reporter_cannot_edit_a_published_story_they_wrote(reporter_client, reporter):
    article = make_article(created_by=reporter)
    response = reporter_client.post(change_url(article), {"headline": "Changed"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline != "Changed"


def test_a_reporter_submits_their_draft_for_review(reporter_client, reporter):
    article = own_draft(reporter)
    response = open_and_post(reporter_client, article, _workflow="submit")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    change = StatusChange.objects.get(article=article)
    assert (change.changed_by, change.to_status) == (reporter, "in_review")


def test_a_reporter_is_not_offered_the_publish_button(reporter_client, reporter):
    article = own_draft(reporter)
    html = reporter_client.get(change_url(article)).content.decode()
    assert 'value="submit"' in html
    assert 'value="publish"' not in html
    assert 'value="schedule"' not in html


def test_a_reporter_who_posts_publish_anyway_is_refused(reporter_client, reporter):
    article = own_draft(reporter)
    response = open_and_post(reporter_client, article, _workflow="publish")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Only an editor may publish" in m for m in messages)


def test_a_reporter_cannot_use_the_publish_or_unpublish_actions(
    reporter_client, reporter
):
    own_draft(reporter)
    response = reporter_client.get(reverse("admin:articles_article_changelist"))
    actions = [
        choice[0] for choice in response.context["action_form"].fields["action"].choices
    ]
    assert "submit_selected" in actions
    assert "publish_selected" not in actions
    assert "unpublish_selected" not in actions
    assert "delete_selected" not in actions


def test_a_reporter_may_add_a_source_but_not_manage_topics(reporter_client):
    assert reporter_client.get(reverse("admin:sources_source_add")).status_code == 200
    assert reporter_client.get(reverse("admin:articles_topic_add")).status_code == 403


def test_an_editor_publishes_a_story_in_review(editor_client, editor, reporter):
    article = own_draft(reporter, status=Article.Status.IN_REVIEW)
    response = open_and_post(editor_client, article, _workflow="publish")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_published
    assert article.status_changes.last().changed_by == editor


def test_an_editor_sends_a_story_back_with_a_note(editor_client, reporter):
    article = own_draft(reporter, status=Article.Status.IN_REVIEW)
    open_and_post(
        editor_client,
        article,
        _workflow="send_back",
        workflow_note="Attribute the 150 figure.",
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.status_changes.last().note == "Attribute the 150 figure."


def test_an_editor_edits_someone_elses_published_story(editor_client, reporter):
    article = make_article(created_by=reporter, topics=[make_topic()])
    response = open_and_post(editor_client, article, standfirst="Updated standfirst.")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.standfirst == "Updated standfirst."


def test_an_editor_cannot_move_a_published_storys_time_from_the_form(editor_client):
    article = make_article(topics=[make_topic()])
    published_at = article.publish_at

    page = editor_client.get(change_url(article))
    response = open_and_post(
        editor_client, article, publish_at_0="2099-01-01", publish_at_1="09:00:00"
    )

    assert 'name="publish_at_0"' not in page.content.decode()
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.publish_at == published_at
    assert article.is_published


def test_an_editor_unpublishes_with_the_bulk_action(editor_client):
    article = make_article()
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish_selected", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED


def test_an_editor_cannot_manage_accounts(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_an_administrator_manages_accounts_and_api_keys(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_add")).status_code == 200
    assert administrator.has_perm("partners.add_apikey")


def test_a_reporter_cannot_rewrite_a_quote_in_someone_elses_story(
    reporter_client, editor
):
    from tests.factories import make_quote

    quote = make_quote(article=make_article(created_by=editor), text="Original words")
    url = reverse("admin:sources_quote_change", args=[quote.pk])

    reporter_client.post(url, {"text": "Rewritten", "source": quote.source_id})

    quote.refresh_from_db()
    assert quote.text == "Original words"
