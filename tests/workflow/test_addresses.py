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


def test_a_freed_slug_belongs_to_the_story_that_took_it(client, editor_client, editor):
    x = make_article(slug="sinjar-talks", topics=[make_topic()])
    open_and_post(editor_client, x, slug="sinjar-deal")
    y = make_article(slug="sinjar-talks", headline="Another story on Sinjar")

    assert client.get("/en/stories/sinjar-talks/").status_code == 200  # Y's page
    workflow.unpublish_article(y, by=editor)

    # Y held the address, so it answers for Y: gone, not a redirect to X.
    assert client.get("/en/stories/sinjar-talks/").status_code == 410
    assert client.get("/en/stories/sinjar-deal/").status_code == 200


@pytest.mark.parametrize(
    "state",
    [Article.Status.DRAFT, Article.Status.IN_REVIEW, "scheduled"],
)
def test_an_old_slug_held_by_a_story_not_yet_public_is_not_redirected(
    client, editor_client, state
):
    x = make_article(slug="hasakah-prison", topics=[make_topic()])
    open_and_post(editor_client, x, slug="hasakah-prison-transfer")
    if state == "scheduled":
        from tests.factories import hours_ahead

        make_article(slug="hasakah-prison", publish_at=hours_ahead(5))
    else:
        make_article(slug="hasakah-prison", status=state, publish_at=None)

    assert client.get("/en/stories/hasakah-prison/").status_code == 404


def test_an_old_slug_no_story_holds_still_redirects(client, editor_client):
    x = make_article(slug="old-address", topics=[make_topic()])
    open_and_post(editor_client, x, slug="new-address")

    response = client.get("/en/stories/old-address/")

    assert response.status_code == 301
    assert response["Location"] == "/en/stories/new-address/"
