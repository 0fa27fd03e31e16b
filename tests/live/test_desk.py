"""The desk runs live coverage from the story's admin page: post, correct, pin, end."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles import permissions, workflow
from articles.models import Article, ArticleChange, LiveCoverage, LiveUpdate
from tests.factories import (
    make_article,
    make_author,
    make_live_article,
    make_live_update,
    make_topic,
)
from tests.workflow.admin_forms import change_url, open_and_post

pytestmark = pytest.mark.django_db


def post_url(article):
    return reverse("admin:articles_article_live_post", args=[article.pk])


def live_url(article, action):
    return reverse("admin:articles_article_live", args=[article.pk, action])


def test_the_story_page_offers_a_compact_update_form_at_the_top(editor_client):
    article = make_live_article()

    html = editor_client.get(change_url(article)).content.decode()

    assert html.index('name="live-body"') < html.index('name="headline"')
    assert f'action="{post_url(article)}"' in html


def test_posting_the_compact_form_posts_an_update_timed_now(editor_client, editor):
    article = make_live_article()
    author = make_author(user=editor)

    response = editor_client.post(
        post_url(article),
        {
            "live-title": "Convoy leaves Hasakah",
            "live-body": "<p>Buses left <script>x()</script>at dawn.</p>",
            "live-is_key_event": "on",
        },
    )

    assert response.status_code == 302
    assert response.url == change_url(article)
    update = article.live_updates.get()
    assert update.title == "Convoy leaves Hasakah"
    assert "<script" not in update.body and "at dawn" in update.body
    assert update.is_key_event and not update.is_pinned
    assert update.author == author and update.created_by == editor
    assert ArticleChange.objects.filter(
        article_uuid=article.uuid, kind="live_update"
    ).exists()


def test_posting_an_update_does_not_conflict_with_an_editor_holding_the_story(
    editor_client, editor
):
    article = make_live_article(topics=[make_topic()])
    page = editor_client.get(change_url(article))

    workflow.post_live_update(article, by=editor, body="<p>Meanwhile.</p>")
    response = open_and_post(editor_client, article, standfirst="New standfirst.")

    assert page.status_code == 200
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.standfirst == "New standfirst."


def test_an_empty_update_is_refused_with_a_message(editor_client):
    article = make_live_article()

    response = editor_client.post(
        post_url(article), {"live-body": "<p> </p>"}, follow=True
    )

    assert not article.live_updates.exists()
    assert "Write the update for readers" in response.content.decode()


def test_updates_cannot_be_posted_once_coverage_has_ended(editor, editor_client):
    article = make_live_article()
    editor_client.post(live_url(article, "end"))

    article.live_coverage.refresh_from_db()
    assert article.live_coverage.status == LiveCoverage.Status.ENDED
    assert article.live_coverage.ended_at is not None
    with pytest.raises(PermissionDenied):
        workflow.post_live_update(article, by=editor, body="<p>Late.</p>")
    html = editor_client.get(change_url(article)).content.decode()
    assert 'name="live-body"' not in html
    assert "Resume live coverage" in html


def test_an_editor_starts_live_coverage_from_the_story_page(editor_client):
    article = make_article()

    editor_client.post(live_url(article, "start"))

    assert LiveCoverage.objects.get(article=article).is_live


def test_a_reporter_posts_to_a_live_story_they_are_bylined_on_and_no_other(
    reporter, client
):
    author = make_author(user=reporter)
    theirs = make_live_article(authors=[author])
    other = make_live_article()
    client.force_login(reporter)

    client.post(post_url(theirs), {"live-body": "<p>From the crossing.</p>"})
    client.post(post_url(other), {"live-body": "<p>Not mine.</p>"})

    assert theirs.live_updates.count() == 1
    assert not other.live_updates.exists()
    assert not permissions.can_run_coverage(reporter, theirs)
    assert not permissions.can_pin_update(reporter, theirs.live_updates.get())
    with pytest.raises(PermissionDenied):
        workflow.post_live_update(theirs, by=reporter, body="<p>x</p>", is_pinned=True)


def test_a_reporter_sees_the_form_on_their_published_live_story(reporter, client):
    theirs = make_live_article(authors=[make_author(user=reporter)])
    client.force_login(reporter)

    html = client.get(change_url(theirs)).content.decode()

    assert 'name="live-body"' in html
    assert 'name="live-is_pinned"' not in html


def test_correcting_an_update_marks_it_corrected_for_readers(editor_client, editor):
    update = make_live_update()
    url = reverse("admin:articles_liveupdate_change", args=[update.pk])
    page = editor_client.get(url)
    assert page.status_code == 200

    response = editor_client.post(
        url,
        {
            "posted_at_0": update.posted_at.strftime("%Y-%m-%d"),
            "posted_at_1": update.posted_at.strftime("%H:%M:%S"),
            "title": update.title,
            "body": "<p>Twelve buses, not ten.</p>",
            "correction_note": "The number of buses was wrong.",
        },
    )

    assert response.status_code == 302
    update.refresh_from_db()
    assert update.is_corrected
    assert update.correction_note == "The number of buses was wrong."
    assert "Twelve buses" in update.body
    assert ArticleChange.objects.filter(kind="live_update").exists()


def test_a_reporter_corrects_only_their_own_updates(reporter, editor):
    article = make_live_article(authors=[make_author(user=reporter)])
    own = workflow.post_live_update(article, by=reporter, body="<p>Mine.</p>")
    desk = workflow.post_live_update(article, by=editor, body="<p>Desk.</p>")

    assert permissions.can_edit_update(reporter, own)
    assert not permissions.can_edit_update(reporter, desk)
    assert permissions.can_edit_update(editor, own)


def test_pinning_an_update_unpins_the_previous_one(editor_client):
    article = make_live_article(updates=3)
    first, second, _third = article.live_updates.newest_first()

    editor_client.post(live_url(article, "pin"), {"update": first.pk})
    editor_client.post(live_url(article, "pin"), {"update": second.pk})

    assert list(article.live_updates.filter(is_pinned=True)) == [second]
    editor_client.post(live_url(article, "unpin"), {"update": second.pk})
    assert not article.live_updates.filter(is_pinned=True).exists()


def test_the_database_allows_one_pinned_update_per_story():
    article = make_live_article()
    make_live_update(article=article, is_pinned=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_live_update(article=article, is_pinned=True)


def test_posting_pinned_moves_the_pin(editor):
    article = make_live_article()
    old = make_live_update(article=article, is_pinned=True)

    new = workflow.post_live_update(
        article, by=editor, body="<p>Now this.</p>", is_pinned=True
    )

    old.refresh_from_db()
    assert new.is_pinned and not old.is_pinned


def test_an_ordinary_story_takes_no_updates(editor):
    article = make_article()

    with pytest.raises(PermissionDenied):
        workflow.post_live_update(article, by=editor, body="<p>x</p>")
    with pytest.raises(ValidationError):
        article.post_live_update(body="<p>x</p>")


def test_updates_to_a_draft_are_not_announced_to_partners(editor):
    article = make_live_article(status=Article.Status.DRAFT, publish_at=None)

    workflow.post_live_update(article, by=editor, body="<p>Prepared.</p>")

    assert not ArticleChange.objects.exists()
    assert LiveUpdate.objects.count() == 1


def test_the_live_update_admin_lists_and_opens(editor_client):
    update = make_live_update()

    listing = editor_client.get(reverse("admin:articles_liveupdate_changelist"))

    assert listing.status_code == 200
    assert str(update) in listing.content.decode()
