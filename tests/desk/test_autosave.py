"""Nothing lost: the words being typed are kept on the server per editor and story,
offered back after a crash, a closed tab or an expired session, and never overwrite
anyone's save."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from articles.models import Article, Autosave
from tests.factories import make_article
from tests.workflow.admin_forms import change_form_data, change_url

pytestmark = pytest.mark.django_db


def autosave_url(story=None) -> str:
    if story is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[story.pk])


def draft(**overrides) -> Article:
    fields = {"status": Article.Status.DRAFT, "publish_at": None}
    return make_article(**fields | overrides)


def test_typing_is_autosaved_for_this_editor_and_story(editor_client, editor):
    story = draft(headline="Old headline")
    response = editor_client.post(
        autosave_url(story),
        {"headline": "New headline", "standfirst": "", "body": "<p>New words</p>"},
    )
    assert response.status_code == 200
    assert "Autosaved at" in response.json()["message"]
    kept = Autosave.objects.get(user=editor, article=story)
    assert kept.body == "<p>New words</p>"
    story.refresh_from_db()
    assert story.headline == "Old headline"  # the story itself is untouched


def test_two_editors_autosaves_of_one_story_never_overwrite_each_other(
    client, editor, administrator
):
    story = draft()
    for user, words in [(editor, "<p>Mine</p>"), (administrator, "<p>Theirs</p>")]:
        client.force_login(user)
        client.post(autosave_url(story), {"headline": "H", "body": words})
    assert Autosave.objects.get(user=editor).body == "<p>Mine</p>"
    assert Autosave.objects.get(user=administrator).body == "<p>Theirs</p>"


def test_the_session_dies_mid_edit_and_the_text_comes_back(client, reporter):
    client.force_login(reporter)
    story = draft(created_by=reporter, headline="Camp report")
    client.post(
        autosave_url(story),
        {"headline": "Camp report", "body": "<p>Half a paragraph about al-Hol</p>"},
    )
    Session.objects.all().delete()  # the session expires, the tab is gone
    assert client.post(autosave_url(story), {"body": "x"}).status_code == 302

    client.force_login(reporter)
    page = client.get(change_url(story)).content.decode()
    assert "Unsaved text was kept for you" in page
    restored = client.get(change_url(story), {"restore": "autosave"})
    form = restored.context["adminform"].form
    assert form["body"].value() == "<p>Half a paragraph about al-Hol</p>"
    response = client.post(change_url(story), change_form_data(restored))
    assert response.status_code == 302
    story.refresh_from_db()
    assert "al-Hol" in story.body
    assert not Autosave.objects.exists()  # saved: nothing left to offer


def test_a_new_story_is_autosaved_before_its_first_save(reporter_client, reporter):
    reporter_client.post(autosave_url(), {"headline": "Unsaved scoop", "body": ""})
    page = reporter_client.get(reverse("admin:articles_article_add"))
    assert "Unsaved scoop" in page.content.decode()
    restored = reporter_client.get(
        reverse("admin:articles_article_add"), {"restore": "autosave"}
    )
    assert restored.context["adminform"].form["headline"].value() == "Unsaved scoop"


def test_restoring_text_from_before_someone_elses_save_shows_the_conflict(
    client, editor, administrator
):
    story = draft(body="<p>Original</p>")
    client.force_login(editor)
    client.post(
        autosave_url(story),
        {"body": "<p>Editor's words</p>", "base_version": story.edit_version},
    )
    story.body = "<p>Administrator saved this</p>"
    story.save()  # someone else saves in the meantime
    restored = client.get(change_url(story), {"restore": "autosave"})
    response = client.post(change_url(story), change_form_data(restored))
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    story.refresh_from_db()
    assert story.body == "<p>Administrator saved this</p>"


def test_discarding_the_autosave_removes_it(editor_client, editor):
    story = draft()
    editor_client.post(autosave_url(story), {"body": "<p>x</p>"})
    editor_client.post(
        reverse("admin:articles_article_autosave_discard", args=[story.pk])
    )
    assert not Autosave.objects.exists()


def test_a_reporter_cannot_autosave_into_someone_elses_story(reporter_client, editor):
    story = draft(created_by=editor)
    response = reporter_client.post(autosave_url(story), {"body": "<p>x</p>"})
    assert response.status_code == 404
    assert not Autosave.objects.exists()


def test_a_reporter_cannot_autosave_into_her_story_once_submitted(
    reporter_client, reporter
):
    story = draft(created_by=reporter, status=Article.Status.IN_REVIEW)
    response = reporter_client.post(autosave_url(story), {"body": "<p>x</p>"})
    assert response.status_code == 403
    assert response.json()["error"]


def test_an_autosaved_body_is_sanitised(editor_client):
    story = draft()
    editor_client.post(
        autosave_url(story), {"body": '<p onclick="x()">Hi<script>x()</script></p>'}
    )
    assert Autosave.objects.get().body == "<p>Hi</p>"


def test_autosave_accepts_only_post(editor_client):
    assert editor_client.get(autosave_url(draft())).status_code == 405
