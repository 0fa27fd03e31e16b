"""Preview the unsaved form as readers will see it; move a schedule without
unpublishing; Publish now over a schedule asks first."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, ArticleChange, StatusChange
from tests.factories import hours_ahead, make_article, make_source, make_topic
from tests.workflow.admin_forms import change_form_data, change_url

pytestmark = pytest.mark.django_db


def preview_url(story) -> str:
    return reverse("admin:articles_article_preview", args=[story.pk])


def test_preview_shows_the_unsaved_form_and_saves_nothing(editor_client):
    story = make_article(status=Article.Status.DRAFT, publish_at=None)
    version, revisions = story.edit_version, Version.objects.count()
    page = editor_client.get(change_url(story))
    source = make_source(name="Nawal al-Moussawi")
    data = change_form_data(
        page,
        headline="Unsaved headline for the preview",
        body="<p>Unsaved <strong>words</strong>.</p>",
        **{
            "quotes-TOTAL_FORMS": "1",
            "quotes-0-source": source.pk,
            "quotes-0-text": "An unsaved quote",
            "quotes-0-position": "0",
        },
    )
    response = editor_client.post(preview_url(story), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Unsaved headline for the preview" in html
    assert "Unsaved <strong>words</strong>." in html
    assert "An unsaved quote" in html and "Nawal al-Moussawi" in html
    assert "Readers cannot see this page" in html
    story.refresh_from_db()
    assert story.headline != "Unsaved headline for the preview"
    assert story.edit_version == version
    assert not story.quotes.exists()
    assert Version.objects.count() == revisions


@pytest.mark.parametrize("language", ["ar", "ckb"])
def test_preview_speaks_the_storys_edition(editor_client, language):
    story = make_article(status=Article.Status.DRAFT, publish_at=None)
    page = editor_client.get(change_url(story))
    response = editor_client.post(
        preview_url(story), change_form_data(page, language=language)
    )
    assert f'lang="{language}" dir="rtl"' in response.content.decode()


def test_a_new_story_previews_before_its_first_save(reporter_client, reporter):
    page = reporter_client.get(reverse("admin:articles_article_add"))
    data = change_form_data(
        page,
        headline="Never saved",
        slug="never-saved",
        body="<p>Draft text.</p>",
        language="en",
        topics=[],
        places=[],
        related_articles=[],
    )
    response = reporter_client.post(reverse("admin:articles_article_preview_new"), data)
    assert response.status_code == 200, response.context.get("errors")
    assert "Never saved" in response.content.decode()
    assert not Article.objects.exists()


def test_an_invalid_form_previews_as_a_clear_400(editor_client):
    story = make_article(status=Article.Status.DRAFT, publish_at=None)
    page = editor_client.get(change_url(story))
    response = editor_client.post(
        preview_url(story), change_form_data(page, headline="")
    )
    assert response.status_code == 400
    assert "cannot be shown until" in response.content.decode()


def scheduled(hours=3) -> Article:
    story = make_article(
        status=Article.Status.IN_REVIEW, publish_at=None, topics=[make_topic()]
    )
    story.publish(at=hours_ahead(hours))
    return story


def test_an_editor_moves_a_scheduled_time_without_unpublishing(editor_client, editor):
    story = scheduled(3)
    later = hours_ahead(6).replace(microsecond=0)
    page = editor_client.get(change_url(story))
    response = editor_client.post(
        change_url(story),
        change_form_data(
            page,
            publish_at_0=later.astimezone().strftime("%Y-%m-%d"),
            publish_at_1=later.astimezone().strftime("%H:%M:%S"),
            _workflow="reschedule",
        ),
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED and story.is_scheduled
    assert story.publish_at == later
    assert story.first_published_at == later
    change = ArticleChange.objects.get(article_uuid=story.uuid)
    assert change.changed_at == later  # partners hear of it at the new time
    move = StatusChange.objects.filter(article=story).last()
    assert move.changed_by == editor and "Schedule moved" in move.note
    assert not Article.objects.published().filter(pk=story.pk).exists()


def test_a_schedule_cannot_move_into_the_past(editor_client):
    story = scheduled(3)
    page = editor_client.get(change_url(story))
    response = editor_client.post(
        change_url(story),
        change_form_data(page, publish_at_0="2020-01-01", publish_at_1="10:00:00"),
    )
    assert response.status_code == 200
    assert "publish_at" in response.context["adminform"].form.errors
    story.refresh_from_db()
    assert story.is_scheduled


def test_the_form_offers_to_move_a_schedule_and_not_to_schedule_again(editor_client):
    story = scheduled(3)
    actions = dict(editor_client.get(change_url(story)).context["workflow_actions"])
    assert "reschedule" in actions and "schedule" not in actions


def test_publish_now_over_a_schedule_asks_for_confirmation_first(editor_client):
    story = scheduled(3)
    page = editor_client.get(change_url(story))
    response = editor_client.post(
        change_url(story), change_form_data(page, _workflow="publish")
    )
    confirm = reverse("admin:articles_article_publish_now", args=[story.pk])
    assert response["Location"] == confirm
    story.refresh_from_db()
    assert story.is_scheduled  # nothing happened yet
    question = editor_client.get(confirm).content.decode()
    assert "Publish now instead of at the scheduled time?" in question
    editor_client.post(confirm)
    story.refresh_from_db()
    assert story.is_published


def test_bulk_publish_leaves_scheduled_stories_on_their_schedule(editor_client):
    story = scheduled(3)
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [story.pk]},
    )
    story.refresh_from_db()
    assert story.is_scheduled


def test_a_reporter_cannot_move_a_schedule(reporter):
    from articles import permissions

    assert not permissions.can_reschedule(reporter, scheduled(3))
    assert "publish_at" in permissions.locked_fields(reporter, scheduled(3))


def test_the_publish_now_question_is_only_asked_of_a_scheduled_story(editor_client):
    story = make_article(status=Article.Status.IN_REVIEW, publish_at=None)
    confirm = reverse("admin:articles_article_publish_now", args=[story.pk])
    assert editor_client.get(confirm)["Location"] == change_url(story)
    editor_client.post(confirm)
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW


def test_a_reporter_cannot_reach_the_publish_now_question(reporter_client):
    story = scheduled(3)
    confirm = reverse("admin:articles_article_publish_now", args=[story.pk])
    assert reporter_client.post(confirm).status_code in (403, 404)
    story.refresh_from_db()
    assert story.is_scheduled


def test_a_story_she_may_only_read_offers_no_unsaved_preview(reporter_client, reporter):
    story = make_article(
        status=Article.Status.IN_REVIEW, publish_at=None, created_by=reporter
    )
    html = reporter_client.get(change_url(story)).content.decode()
    assert "desk-preview" not in html
    assert preview_url(story) in html  # the saved story's preview stays
