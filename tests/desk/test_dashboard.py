"""The admin speaks newsroom: its home is the desk, its lists have the desk's filters,
and an editor's send-back note reaches the reporter everywhere she looks."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import hours_ago, hours_ahead, make_article, make_correction
from tests.workflow.admin_forms import change_url

pytestmark = pytest.mark.django_db

NOTE = "Name the second official and say where the figure comes from."


@pytest.fixture
def newsroom(reporter, editor):
    """One story in every queue of the desk, the reporter's and others'."""
    sent_back = make_article(
        headline="Sent back story",
        status="in_review",
        publish_at=None,
        created_by=reporter,
    )
    sent_back.send_back(by=editor, note=NOTE)
    return {
        "sent_back": sent_back,
        "draft": make_article(
            headline="My plain draft",
            status="draft",
            publish_at=None,
            created_by=reporter,
        ),
        "review": make_article(
            headline="Waiting for review",
            status="in_review",
            publish_at=None,
            created_by=reporter,
        ),
        "scheduled": make_article(
            headline="Tomorrow's story", publish_at=hours_ahead(20)
        ),
        "published": make_article(headline="Out this morning", publish_at=hours_ago(2)),
        "others": make_article(
            headline="Someone else's draft", status="draft", publish_at=None
        ),
    }


def test_the_admin_is_titled_as_the_desk(reporter_client):
    html = reporter_client.get(reverse("admin:index")).content.decode()
    assert "Shafaq Coverage desk" in html
    assert "Django administration" not in html


def test_the_reporters_desk_shows_her_queues_and_the_editors_note(
    reporter_client, newsroom
):
    response = reporter_client.get(reverse("admin:index"))
    desk = response.context["desk"]
    html = response.content.decode()
    assert [s.headline for s in desk.queues["sent_back"].stories] == ["Sent back story"]
    assert desk.queues["sent_back"].stories[0].send_back_note == NOTE
    assert NOTE in html
    assert [s.headline for s in desk.queues["drafts"].stories] == ["My plain draft"]
    assert "in_review" not in desk.queues  # reviewing is for editors
    assert "Someone else's draft" not in html
    assert "Write a new story" in html


def test_the_editors_desk_shows_review_schedule_publications_and_corrections(
    editor_client, newsroom
):
    make_correction(article=newsroom["published"], text="The date was wrong.")
    response = editor_client.get(reverse("admin:index"))
    desk = response.context["desk"]
    html = response.content.decode()
    assert [s.headline for s in desk.queues["in_review"].stories] == [
        "Waiting for review"
    ]
    assert desk.queues["in_review"].count == 1
    assert [s.headline for s in desk.queues["scheduled"].stories] == [
        "Tomorrow's story"
    ]
    assert "(Baghdad time)" in html
    assert "Out this morning" in html
    assert "The date was wrong." in html


def test_the_send_back_note_tops_the_storys_form_until_she_resubmits(
    client, reporter, editor, newsroom
):
    story = newsroom["sent_back"]
    client.force_login(reporter)
    html = client.get(change_url(story)).content.decode()
    assert NOTE in html and "desk-send-back" in html
    story.submit_for_review(by=reporter)
    client.force_login(editor)
    assert "desk-send-back" not in client.get(change_url(story)).content.decode()


def test_the_story_list_shows_the_note_and_filters_by_the_desks_queues(
    client, reporter, editor, newsroom
):
    url = reverse("admin:articles_article_changelist")

    def listed(user, **params):
        client.force_login(user)
        response = client.get(url, params)
        return {story.headline for story in response.context["cl"].result_list}

    client.force_login(reporter)
    assert NOTE in client.get(url).content.decode()
    assert listed(reporter, desk="sent_back") == {"Sent back story"}
    assert listed(reporter, desk="mine") == {
        "Sent back story",
        "My plain draft",
        "Waiting for review",
    }
    assert listed(editor, desk="review") == {"Waiting for review"}
    assert listed(editor, desk="scheduled") == {"Tomorrow's story"}
    assert listed(reporter, desk="review") == set()  # not her job


def test_the_desk_costs_a_fixed_number_of_queries(
    editor_client, newsroom, django_assert_max_num_queries
):
    for _ in range(5):
        make_article(status=Article.Status.IN_REVIEW, publish_at=None)
    # session, user, the second factor's devices (TOTP, static), profile (made on
    # first visit, which moves the coverage version); 5 queues x (stories + count);
    # corrections (list + count); autosaves; paused webhooks; sources to review; the
    # permissions behind the app list and recent actions
    with django_assert_max_num_queries(28):
        editor_client.get(reverse("admin:index"))


def test_editors_see_how_many_sources_wait_for_review_and_reporters_do_not(
    editor_client, reporter
):
    from django.test import Client

    from tests.factories import make_source

    make_source(added_by=reporter)
    make_source(added_by=reporter)
    make_source(added_by=reporter).mark_reviewed(by=reporter)
    make_source()  # entered before reporters could add sources: nothing to review
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert "2 sources added by reporters are waiting for your review" in page
    assert f"{reverse('admin:sources_source_changelist')}?review=needed" in page
    reporter_client = Client()
    reporter_client.force_login(reporter)
    mine = reporter_client.get(reverse("admin:index")).content.decode()
    assert "waiting for your review" not in mine
