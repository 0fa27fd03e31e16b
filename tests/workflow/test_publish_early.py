"""'Publish now' on a scheduled story: it went live now, and no surface says otherwise.

The sweep reads every public surface that carries a time (pages, JSON-LD, RSS, Atom,
sitemaps, the API, ninjs, headers) and fails on any time in the future.
"""

import datetime
import email.utils
import re

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests.factories import hours_ahead, make_article, make_topic

pytestmark = pytest.mark.django_db

ISO = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})"
)
RFC_2822 = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2} "
    r"(?:[+-]\d{4}|GMT)"
)


def times_in(text: str) -> list[datetime.datetime]:
    found = [
        datetime.datetime.fromisoformat(m.replace(" ", "T").replace("Z", "+00:00"))
        for m in ISO.findall(text)
    ]
    found += [email.utils.parsedate_to_datetime(m) for m in RFC_2822.findall(text)]
    return found


def public_surfaces(story: Article, topic) -> list[str]:
    return [
        "/en/",
        "/en/stories/",
        story.get_absolute_url(),
        f"/en/topics/{topic.slug}/",
        "/en/feeds/stories.rss",
        "/en/feeds/stories.atom",
        f"/en/feeds/topics/{topic.slug}.rss",
        "/sitemap.xml",
        "/sitemap-stories.xml",
        "/sitemap-news.xml",
        "/api/v1/articles/",
        f"/api/v1/articles/{story.uuid}/",
        "/api/v1/articles/?format=ninjs",
        f"/api/v1/articles/{story.uuid}/?format=ninjs",
        "/api/v1/changes/",
    ]


def test_publishing_a_scheduled_story_early_stamps_the_real_time_everywhere(
    client, editor
):
    topic = make_topic(slug="sinjar")
    story = make_article(
        headline="Sinjar agreement signed",
        status=Article.Status.DRAFT,
        publish_at=None,
        topics=[topic],
    )
    workflow.schedule_article(story, by=editor, at=hours_ahead(48))
    before = timezone.now()

    workflow.publish_article(story, by=editor)

    story.refresh_from_db()
    assert before <= story.publish_at <= timezone.now()
    assert before <= story.first_published_at <= timezone.now()
    latest = timezone.now() + datetime.timedelta(minutes=1)
    for url in public_surfaces(story, topic):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode() + " " + response.get("Last-Modified", "")
        if "sitemap.xml" not in url:  # the index lists sitemaps, not stories
            assert any(
                mark in text for mark in (story.headline, str(story.uuid), story.slug)
            ), url
        future = [t for t in times_in(text) if t > latest]
        assert not future, (url, future)


def test_rescheduling_a_story_not_yet_public_moves_its_planned_first_publication(
    editor,
):
    story = make_article(publish_at=hours_ahead(48), topics=[make_topic()])
    story.publish_at = hours_ahead(72)
    story.save()
    assert story.first_published_at == story.publish_at

    workflow.unpublish_article(story, by=editor)  # withdrawn before its time

    story.refresh_from_db()
    assert story.first_published_at is None


def test_a_story_once_public_keeps_its_first_publication_time(editor):
    story = make_article(topics=[make_topic()])
    first = story.first_published_at
    workflow.unpublish_article(story, by=editor)
    story.refresh_from_db()

    workflow.publish_article(story, by=editor)

    story.refresh_from_db()
    assert story.first_published_at == first
    assert story.publish_at > first


def test_publishing_early_announces_the_story_once_at_the_real_time(api_client, editor):
    from articles.models import ArticleChange
    from partners.models import APIKey, WebhookDelivery, WebhookSubscription

    key, _ = APIKey.issue(name="Wire partner")
    WebhookSubscription.objects.create(
        api_key=key, url="https://93.184.215.14/hooks", events=["published"]
    )
    story = make_article(
        status=Article.Status.DRAFT, publish_at=None, topics=[make_topic()]
    )
    workflow.schedule_article(story, by=editor, at=hours_ahead(48))

    workflow.publish_article(story, by=editor)

    changes = ArticleChange.objects.filter(article_uuid=story.uuid)
    assert [c.kind for c in changes] == ["published"]
    assert changes.get().changed_at <= timezone.now()
    pending = WebhookDelivery.objects.filter(
        article_uuid=story.uuid, status=WebhookDelivery.Status.PENDING
    )
    assert [d.occurred_at <= timezone.now() for d in pending] == [True]
