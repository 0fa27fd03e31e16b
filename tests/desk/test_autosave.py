"""Nothing lost: the words being typed are kept on the server per editor and story,
offered back after a crash, a closed tab or an expired session, and never overwrite
anyone's save."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from articles.models import Article, Autosave
from tests.factories import make_article, make_section
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


def add_url() -> str:
    return reverse("admin:articles_article_add")


def open_new_story_form(client) -> str:
    """Open the add form as a new tab would; return the form's autosave key."""
    page = client.get(add_url())
    assert page.status_code == 200
    key = page.context["autosave_key"]
    assert f'name="autosave_key" value="{key}"' in page.content.decode()
    return key


def test_a_new_story_is_autosaved_before_its_first_save(reporter_client, reporter):
    key = open_new_story_form(reporter_client)
    reporter_client.post(
        autosave_url(), {"headline": "Unsaved scoop", "body": "", "key": key}
    )
    page = reporter_client.get(add_url())
    assert "Unsaved scoop" in page.content.decode()
    restored = reporter_client.get(add_url(), {"restore": "autosave", "key": key})
    assert restored.context["adminform"].form["headline"].value() == "Unsaved scoop"
    # The restored form goes on autosaving into the same record.
    assert restored.context["autosave_key"] == key


def test_every_new_story_form_gets_its_own_key(reporter_client):
    keys = {open_new_story_form(reporter_client) for _tab in range(3)}
    assert len(keys) == 3


def test_two_new_stories_in_two_tabs_keep_two_autosaves(reporter_client, reporter):
    tab_a, tab_b = (
        open_new_story_form(reporter_client),
        open_new_story_form(reporter_client),
    )
    for key, words in [(tab_a, "Floods in Basra"), (tab_b, "Oil talks in Erbil")]:
        for _keystroke in range(2):  # typing goes on: each tab updates its own
            response = reporter_client.post(
                autosave_url(),
                {"headline": words, "body": f"<p>{words}</p>", "key": key},
            )
            assert response.json()["saved"] is True
    kept = dict(Autosave.objects.filter(user=reporter).values_list("key", "headline"))
    assert kept == {tab_a: "Floods in Basra", tab_b: "Oil talks in Erbil"}


def test_saving_one_new_story_forgets_only_its_own_autosave(reporter_client, reporter):
    section = make_section()
    tab_a, tab_b = (
        open_new_story_form(reporter_client),
        open_new_story_form(reporter_client),
    )
    for key, words in [(tab_a, "Floods in Basra"), (tab_b, "Oil talks in Erbil")]:
        reporter_client.post(autosave_url(), {"headline": words, "key": key})
    page = reporter_client.get(add_url(), {"restore": "autosave", "key": tab_a})
    data = change_form_data(
        page,
        headline="Floods in Basra",
        slug="floods-in-basra",
        section=section.pk,
        body="<p>The river rose overnight.</p>",
        autosave_key=tab_a,
    )
    for empty in ("topics", "places", "related_articles"):
        data.pop(empty, None)
    response = reporter_client.post(add_url(), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Article.objects.filter(headline="Floods in Basra").exists()
    left = Autosave.objects.get(user=reporter)
    assert (left.key, left.headline) == (tab_b, "Oil talks in Erbil")


def test_the_add_form_offers_every_unsaved_new_story_and_picks_none(
    reporter_client, reporter
):
    first, second = (
        open_new_story_form(reporter_client),
        open_new_story_form(reporter_client),
    )
    reporter_client.post(autosave_url(), {"headline": "Floods in Basra", "key": first})
    reporter_client.post(autosave_url(), {"body": "<p>Only a body</p>", "key": second})

    page = reporter_client.get(add_url())
    html = page.content.decode()
    assert "You have 2 new stories that were never saved" in html
    assert "Floods in Basra" in html
    assert "(no headline yet)" in html
    for key in (first, second):
        assert f"restore=autosave&amp;key={key}" in html
        assert f'name="key" value="{key}"' in html  # its own discard button
    form = page.context["adminform"].form
    assert not form["headline"].value()  # nothing filled in for her
    assert page.context["autosave_key"] not in (first, second)


def test_the_restored_story_is_not_offered_again_beside_itself(reporter_client):
    first, second = (
        open_new_story_form(reporter_client),
        open_new_story_form(reporter_client),
    )
    reporter_client.post(autosave_url(), {"headline": "First", "key": first})
    reporter_client.post(autosave_url(), {"headline": "Second", "key": second})
    page = reporter_client.get(add_url(), {"restore": "autosave", "key": first})
    offered = [other.key for other in page.context["new_story_autosaves"]]
    assert offered == [second]


def test_discarding_one_new_story_autosave_keeps_the_others(reporter_client, reporter):
    first, second = (
        open_new_story_form(reporter_client),
        open_new_story_form(reporter_client),
    )
    reporter_client.post(autosave_url(), {"headline": "First", "key": first})
    reporter_client.post(autosave_url(), {"headline": "Second", "key": second})
    reporter_client.post(
        reverse("admin:articles_article_autosave_discard_new"), {"key": first}
    )
    assert list(Autosave.objects.values_list("key", flat=True)) == [second]


def test_a_new_story_autosave_without_the_forms_key_is_refused(reporter_client):
    for key in ("", "short", "<script>alert(1)</script>-and-more-text"):
        response = reporter_client.post(autosave_url(), {"headline": "H", "key": key})
        assert response.status_code == 400
        assert "autosave key" in response.json()["error"]
    assert not Autosave.objects.exists()


def test_one_editors_form_key_never_reaches_another_editors_autosave(
    client, reporter, editor
):
    client.force_login(reporter)
    key = open_new_story_form(client)
    client.post(autosave_url(), {"headline": "Hers", "key": key})
    client.force_login(editor)
    client.post(autosave_url(), {"headline": "His", "key": key})
    client.post(reverse("admin:articles_article_autosave_discard_new"), {"key": key})
    page = client.get(add_url(), {"restore": "autosave", "key": key})
    assert not page.context["adminform"].form["headline"].value()
    assert Autosave.objects.get(user=reporter).headline == "Hers"


@pytest.mark.parametrize(
    "words",
    [
        {},
        {"headline": "", "standfirst": "", "body": ""},
        {"headline": "  ", "standfirst": "\n", "body": "<p></p>"},
        {"body": "<p><br></p>"},
    ],
    ids=[
        "nothing",
        "empty fields",
        "whitespace and an empty paragraph",
        "a bare break",
    ],
)
def test_an_empty_form_is_never_autosaved(reporter_client, words):
    key = open_new_story_form(reporter_client)
    response = reporter_client.post(autosave_url(), {**words, "key": key})
    assert response.status_code == 200
    assert response.json()["saved"] is False
    assert not Autosave.objects.exists()
    assert "(no headline yet)" not in reporter_client.get(add_url()).content.decode()


def test_an_autosave_over_a_newer_save_says_so_and_keeps_the_words(
    editor_client, editor
):
    story = draft(body="<p>Original</p>")
    opened_at = story.edit_version
    story.body = "<p>Someone else saved this</p>"
    story.save()
    response = editor_client.post(
        autosave_url(story), {"body": "<p>Mine</p>", "base_version": opened_at}
    )
    answer = response.json()
    assert answer["saved"] is True and answer["conflict"] is True
    assert "someone else has saved this story" in answer["message"]
    assert Autosave.objects.get(user=editor).base_version == opened_at


def test_an_autosave_from_the_current_version_has_no_conflict(editor_client):
    story = draft()
    response = editor_client.post(
        autosave_url(story), {"body": "<p>Mine</p>", "base_version": story.edit_version}
    )
    assert "conflict" not in response.json()


JSON = {"accept": "application/json"}


def test_a_body_too_large_for_the_server_is_refused_in_json(reporter_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    key = open_new_story_form(reporter_client)
    response = reporter_client.post(
        autosave_url(),
        {"body": "<p>" + "word " * 5_000 + "</p>", "key": key},
        headers=JSON,
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "too large" in response.json()["detail"]
    assert not Autosave.objects.exists()


def test_too_many_fields_for_the_server_are_refused_in_json(reporter_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    fields = {f"extra{n}": "x" for n in range(10)}
    response = reporter_client.post(autosave_url(), fields, headers=JSON)
    assert response.status_code == 413
    assert "Too many fields" in response.json()["detail"]


def test_a_page_that_does_not_ask_for_json_still_gets_the_html_refusal(
    reporter_client, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = reporter_client.post(autosave_url(), {"body": "x" * 1_000})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_every_refusal_of_the_autosave_endpoint_is_json_with_a_message(
    client, reporter, editor
):
    client.force_login(reporter)
    theirs = draft(created_by=editor)
    submitted = draft(created_by=reporter, status=Article.Status.IN_REVIEW)
    mine = draft(created_by=reporter)
    refusals = [
        (client.get(autosave_url(mine), headers=JSON), 405),
        (client.post(autosave_url(theirs), {"body": "x"}, headers=JSON), 404),
        (client.post(autosave_url(submitted), {"body": "x"}, headers=JSON), 403),
        (
            client.post(autosave_url(mine), {"headline": "x" * 201}, headers=JSON),
            400,
        ),
        (client.post(autosave_url(), {"headline": "x"}, headers=JSON), 400),
    ]
    for response, status in refusals:
        assert response.status_code == status
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"]


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


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_the_kept_new_story_autosave_a_key_and_undoes_cleanly():
    """Forward: the one new-story autosave an editor had is still offered (it gets a
    key). Backward: the old schema holds one per editor, so the newest is kept."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("articles", "0017_authors_per_edition")]
    after = [("articles", "0018_autosave_per_new_story_form")]
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        apps = executor.loader.project_state(before).apps
        User = apps.get_model("auth", "User")
        OldAutosave = apps.get_model("articles", "Autosave")
        reporter = User.objects.create(username="migrating-reporter")
        OldAutosave.objects.create(user=reporter, headline="Kept before the change")

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        apps = executor.loader.project_state(after).apps
        NewAutosave = apps.get_model("articles", "Autosave")
        kept = NewAutosave.objects.get(user_id=reporter.pk)
        assert kept.headline == "Kept before the change"
        assert len(kept.key) >= 16
        NewAutosave.objects.create(
            user_id=reporter.pk, headline="A second tab", key="b" * 22
        )

        executor = MigrationExecutor(connection)
        executor.migrate(before)
        apps = executor.loader.project_state(before).apps
        left = apps.get_model("articles", "Autosave").objects.filter(
            user_id=reporter.pk
        )
        assert [autosave.headline for autosave in left] == ["A second tab"]
    finally:
        MigrationExecutor(connection).migrate(leaves)


def test_the_desk_links_each_unsaved_new_story_to_its_own_restore(reporter_client):
    first, second = (
        open_new_story_form(reporter_client),
        open_new_story_form(reporter_client),
    )
    reporter_client.post(autosave_url(), {"headline": "First", "key": first})
    reporter_client.post(autosave_url(), {"headline": "Second", "key": second})
    html = reporter_client.get(reverse("admin:index")).content.decode()
    for key in (first, second):
        assert f"{add_url()}?restore=autosave&amp;key={key}" in html
