"""Two editors open the same story; the second save must not overwrite the first."""

import pytest
from django.test import Client

from articles.models import Article
from tests.factories import make_article, make_topic
from tests.workflow.admin_forms import change_form_data, change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(editor, db):
    from django.contrib.auth.models import Group

    from tests.factories import make_user

    second = make_user(username="second-editor", is_staff=True)
    second.groups.add(Group.objects.get(name="Editor"))
    first_client, second_client = Client(), Client()
    first_client.force_login(editor)
    second_client.force_login(second)
    return first_client, second_client


def test_the_second_save_is_refused_and_keeps_the_losing_editors_text(two_editors):
    first, second = two_editors
    article = make_article(topics=[make_topic()], headline="Original headline")
    first_page = first.get(change_url(article))
    second_page = second.get(change_url(article))

    saved = first.post(
        change_url(article),
        change_form_data(first_page, headline="First editor's headline"),
    )
    refused = second.post(
        change_url(article),
        change_form_data(
            second_page,
            headline="Second editor's headline",
            standfirst="A standfirst the second editor spent an hour on.",
        ),
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Someone else saved this story while you were editing it" in html
    # The losing editor's words are still in the form...
    assert "A standfirst the second editor spent an hour on." in html
    assert 'value="Second editor&#x27;s headline"' in html
    # ...and the current version is shown beside them.
    assert "First editor&#x27;s headline" in html
    article.refresh_from_db()
    assert article.headline == "First editor's headline"


def test_after_reading_the_conflict_the_editor_can_save_deliberately(two_editors):
    first, second = two_editors
    article = make_article(topics=[make_topic()])
    first_page, second_page = (
        first.get(change_url(article)),
        second.get(change_url(article)),
    )
    first.post(change_url(article), change_form_data(first_page, headline="First"))
    refused = second.post(
        change_url(article), change_form_data(second_page, headline="Second")
    )

    resubmitted = second.post(
        change_url(article), change_form_data(refused, headline="Second")
    )

    assert resubmitted.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Second"


def test_a_form_opened_before_publication_cannot_overwrite_the_published_story(
    two_editors, editor
):
    first, _ = two_editors
    article = make_article(
        status=Article.Status.IN_REVIEW, publish_at=None, topics=[make_topic()]
    )
    stale_page = first.get(change_url(article))
    from articles import workflow

    workflow.publish_article(article, by=editor)

    response = first.post(
        change_url(article), change_form_data(stale_page, headline="Stale")
    )

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.headline != "Stale"
    assert article.is_published
