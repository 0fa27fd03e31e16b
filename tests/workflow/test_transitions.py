"""Draft → in review → published (or scheduled) → unpublished, and nothing else."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles import workflow
from articles.models import Article, ArticleChange, SlugHistory
from tests.factories import hours_ago, hours_ahead, make_article, make_topic

pytestmark = pytest.mark.django_db


def draft(**overrides):
    fields = {"status": Article.Status.DRAFT, "publish_at": None}
    return make_article(topics=[make_topic()], **fields | overrides)


def changes_for(article, kind):
    return ArticleChange.objects.filter(article_uuid=article.uuid, kind=kind)


def test_submitting_a_draft_puts_it_in_review_and_records_who(reporter):
    article = draft(created_by=reporter)
    workflow.submit_for_review(article, by=reporter)
    change = article.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "draft",
        "in_review",
        reporter,
    )
    assert change.changed_at is not None


def test_a_story_in_review_cannot_be_submitted_again(editor):
    article = draft(status=Article.Status.IN_REVIEW)
    with pytest.raises(PermissionDenied):
        workflow.submit_for_review(article, by=editor)
    with pytest.raises(ValidationError, match="cannot be submitted for review"):
        article.submit_for_review(by=editor)


def test_sending_back_needs_a_note(editor):
    article = draft(status=Article.Status.IN_REVIEW)
    with pytest.raises(ValidationError, match="Say what the reporter should change"):
        workflow.send_back(article, by=editor, note="  ")
    assert article.status_changes.count() == 0


def test_a_draft_cannot_be_sent_back(editor):
    with pytest.raises(PermissionDenied):
        workflow.send_back(draft(), by=editor, note="Why?")


def test_publishing_now_makes_the_story_public_and_tells_partners(editor):
    article = draft(status=Article.Status.IN_REVIEW)
    workflow.publish_article(article, by=editor)
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert article.status_changes.last().to_status == "published"
    assert changes_for(article, "published").exists()


def test_scheduling_keeps_the_story_hidden_until_its_time(editor):
    article = draft(status=Article.Status.IN_REVIEW)
    workflow.schedule_article(article, by=editor, at=hours_ahead(2))
    article.refresh_from_db()
    assert article.is_scheduled
    assert not Article.objects.published().filter(pk=article.pk).exists()
    # Partners hear of it at its time, not before.
    assert changes_for(article, "published").get().changed_at == article.publish_at


def test_scheduling_in_the_past_is_refused(editor):
    article = draft()
    with pytest.raises(ValidationError, match="future time"):
        workflow.schedule_article(article, by=editor, at=hours_ago(1))


def test_a_scheduled_story_can_be_published_at_once(editor):
    article = make_article(publish_at=hours_ahead(5), topics=[make_topic()])
    workflow.publish_article(article, by=editor)
    assert article.is_published


def test_a_live_story_cannot_be_published_again(editor):
    article = make_article(topics=[make_topic()])
    with pytest.raises(PermissionDenied):
        workflow.publish_article(article, by=editor)
    with pytest.raises(ValidationError, match="cannot be published again"):
        article.publish(by=editor)


def test_publishing_an_incomplete_story_names_what_is_missing(editor):
    article = make_article(
        status=Article.Status.DRAFT,
        publish_at=None,
        standfirst="",
        body="",
        section=None,
    )
    with pytest.raises(ValidationError) as refused:
        workflow.publish_article(article, by=editor)
    message = refused.value.messages[0]
    for missing in ["a standfirst", "a body", "a section", "at least one topic"]:
        assert missing in message
    assert "a headline" not in message
    assert article.status == Article.Status.DRAFT


def test_a_lead_image_without_alt_text_blocks_publication():
    article = Article(
        headline="Headline",
        standfirst="Standfirst.",
        body="<p>Body.</p>",
        lead_image="lead/photo.jpg",
        lead_image_width=10,
        lead_image_height=10,
    )
    assert "alt text for the lead image" in article.missing_for_publication()
    article.lead_image_alt = "Soldiers at the gate of Ain al-Asad"
    assert "alt text for the lead image" not in article.missing_for_publication()


def test_a_reporter_cannot_publish_schedule_or_unpublish(reporter):
    article = draft(created_by=reporter)
    with pytest.raises(PermissionDenied):
        workflow.publish_article(article, by=reporter)
    with pytest.raises(PermissionDenied):
        workflow.schedule_article(article, by=reporter, at=hours_ahead(1))
    live = make_article(created_by=reporter)
    with pytest.raises(PermissionDenied):
        workflow.unpublish_article(live, by=reporter)


def test_unpublishing_records_the_removal_for_partners(editor):
    article = make_article()
    workflow.unpublish_article(article, by=editor, note="Legal review.")
    assert article.status == Article.Status.UNPUBLISHED
    assert article.status_changes.last().note == "Legal review."
    assert changes_for(article, "unpublished").exists()


def test_a_draft_cannot_be_unpublished(editor):
    with pytest.raises(PermissionDenied):
        workflow.unpublish_article(draft(), by=editor)
    with pytest.raises(ValidationError):
        draft().unpublish(by=editor)


def test_an_unpublished_story_can_be_published_again(editor):
    article = make_article(status=Article.Status.UNPUBLISHED, topics=[make_topic()])
    workflow.publish_article(article, by=editor)
    assert article.is_published


def test_deleting_a_story_readers_saw_tells_partners(editor):
    article = make_article()
    uuid = article.uuid
    workflow.delete_article(article, by=editor)
    assert ArticleChange.objects.filter(article_uuid=uuid, kind="deleted").exists()


def test_deleting_a_draft_leaves_no_trace_in_the_partner_feed(reporter):
    article = draft(created_by=reporter)
    uuid = article.uuid
    workflow.delete_article(article, by=reporter)
    assert not ArticleChange.objects.filter(article_uuid=uuid).exists()


def test_a_reporter_cannot_delete_a_published_story(reporter):
    with pytest.raises(PermissionDenied):
        workflow.delete_article(make_article(created_by=reporter), by=reporter)


def test_a_correction_moves_the_updated_time_and_reaches_partners(editor):
    article = make_article()
    correction = workflow.add_correction(
        article, by=editor, kind="correction", text="We misspelt Qamishli."
    )
    article.refresh_from_db()
    assert article.updated_at == correction.created_at
    assert article.ninjs_version == 2
    assert changes_for(article, "corrected").exists()


def test_a_reporter_cannot_add_a_correction(reporter):
    with pytest.raises(PermissionDenied):
        workflow.add_correction(
            make_article(), by=reporter, kind="correction", text="x"
        )


def test_every_save_bumps_the_edit_version():
    article = make_article()
    before = article.edit_version
    article.save()
    assert article.edit_version == before + 1


def test_renaming_a_draft_keeps_no_old_slug(editor):
    article = draft(slug="first-name")
    article.slug = "second-name"
    workflow.edit_article(article, by=editor, expected_version=article.edit_version)
    assert not SlugHistory.objects.exists()


def test_a_story_withdrawn_before_its_time_was_never_published():
    article = make_article(
        status=Article.Status.DRAFT, publish_at=None, topics=[make_topic()]
    )
    article.publish(at=hours_ahead(5))
    article.unpublish()
    article.refresh_from_db()

    assert article.first_published_at is None
