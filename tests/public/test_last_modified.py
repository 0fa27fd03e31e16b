"""A feed or sitemap that lost a story is never "not modified since" before the loss.

Feeds and sitemaps date themselves by their newest item. A withdrawn, deleted or
edited story does not make that date newer, so a client revalidating with only
If-Modified-Since (feed readers, CDNs, search engines) was answered 304 and kept
serving the withdrawn story. The sweep withdraws, deletes and edits a story and
asks every story feed and sitemap again with the Last-Modified it had before.
"""

import email.utils

import pytest
from django.contrib.auth.models import Group
from django.utils.http import http_date

from articles import workflow
from tests.factories import (
    hours_ago,
    make_article,
    make_event,
    make_live_article,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db

SURFACES = [
    "/en/feeds/stories.rss",
    "/en/feeds/stories.atom",
    "/en/feeds/topics/{topic}.rss",
    "/sitemap-stories.xml",
    "/sitemap-topics.xml",
]


@pytest.fixture
def editor(db):
    user = make_user(is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def withdraw(story, editor):
    workflow.unpublish_article(story, by=editor)


def delete(story, editor):
    story.delete()


def retitle(story, editor):
    story.headline = "Convoy retitled after the edit"
    story.save_edit(expected_version=story.edit_version, by=editor)


@pytest.mark.parametrize("change", [withdraw, delete, retitle])
@pytest.mark.parametrize("template", SURFACES)
def test_a_changed_story_is_never_answered_not_modified_since_before(
    client, editor, change, template
):
    topic = make_topic()
    make_article(topics=[topic], publish_at=hours_ago(1), headline="Newest story")
    story = make_article(
        topics=[topic], publish_at=hours_ago(5), headline="Convoy leaves"
    )
    url = template.format(topic=topic.slug)
    before = client.get(url)
    assert before.status_code == 200
    stated = before["Last-Modified"]

    change(story, editor)
    response = client.get(url, HTTP_IF_MODIFIED_SINCE=stated)

    assert response.status_code == 200, (url, change.__name__)
    changed = email.utils.parsedate_to_datetime(response["Last-Modified"])
    assert changed > email.utils.parsedate_to_datetime(stated)
    if change is not retitle:
        assert story.slug not in response.content.decode()


def test_an_unchanged_feed_is_still_not_modified(client):
    make_article(publish_at=hours_ago(2))
    stated = client.get("/en/feeds/stories.rss")["Last-Modified"]

    response = client.get("/en/feeds/stories.rss", HTTP_IF_MODIFIED_SINCE=stated)

    assert response.status_code == 304


@pytest.mark.parametrize("suffix", ["updates.rss", "updates.atom"])
def test_a_live_feed_that_lost_an_update_is_not_answered_not_modified(client, suffix):
    story = make_live_article(updates=3)
    url = f"{story.get_absolute_url()}{suffix}"
    stated = client.get(url)["Last-Modified"]
    removed = story.live_updates.order_by("posted_at").first()
    anchor = f"#{removed.anchor}<"  # the guid's end, not a prefix of a longer one

    removed.delete()
    response = client.get(url, HTTP_IF_MODIFIED_SINCE=stated)

    assert response.status_code == 200
    assert anchor not in response.content.decode()


def test_the_timeline_feed_keeps_no_event_that_was_deleted(client):
    make_event(title="Kept event")
    removed = make_event(title="Deleted event")
    first = client.get("/en/feeds/timeline.rss")
    stated = first.get("Last-Modified") or http_date()  # what a client last saw

    removed.delete()
    response = client.get("/en/feeds/timeline.rss", HTTP_IF_MODIFIED_SINCE=stated)

    assert response.status_code == 200
    assert "Deleted event" not in response.content.decode()
