"""Every cursor walk, forwards and backwards, visits every item exactly once, even
when many items share the value they are ordered by (a wire batch with one
publish_at, sources with one name, events on one day)."""

import datetime
import itertools

import pytest
from django.utils import timezone

from articles.models import Article, ArticleChange
from tests.factories import (
    make_article,
    make_event,
    make_place,
    make_quote,
    make_section,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db

PAGE = 10


def walk(api_client, url, params, *, key, backwards_from_end, **headers):
    """Follow `next` to the end, then `previous` back to the start; the keys seen."""
    forwards, pages = [], []
    answer = api_client.get(url, {**params, "page_size": PAGE}, **headers).json()
    while True:
        pages.append(answer)
        forwards += [key(item) for item in answer["results"]]
        if not answer["next"]:
            break
        answer = api_client.get(answer["next"], **headers).json()
    backwards = []
    answer = pages[-1] if backwards_from_end else pages[2]
    backwards = [key(item) for item in reversed(answer["results"])]
    while answer["previous"]:
        answer = api_client.get(answer["previous"], **headers).json()
        backwards += [key(item) for item in reversed(answer["results"])]
    return forwards, backwards


def wire_batch():
    """45 stories with one publish_at (and one modified_at), plus three others."""
    at = timezone.now() - datetime.timedelta(hours=2)
    stories = [make_article(publish_at=at) for _ in range(45)]
    for hours in (1, 3, 4):
        stories.append(
            make_article(publish_at=at + datetime.timedelta(hours=hours - 2))
        )
    Article.objects.update(modified_at=at)
    for story in stories:
        ArticleChange.objects.create(
            article_uuid=story.uuid, language="en", kind="published", changed_at=at
        )
    return stories


def same_name_catalogue():
    for n in range(22):
        make_quote(source=make_source(name="Security official", slug=f"official-{n}"))
        make_place(name="Checkpoint", slug=f"checkpoint-{n}")
        make_topic(name=f"Topic {n:02}", slug=f"topic-{n:02}")
        make_section(name="Desk", slug=f"desk-{n}", position=1)
        make_event(date=datetime.date(2026, 1, 1), slug=f"same-day-{n}")


LISTS = [
    ("/api/v1/articles/", {}, "uuid"),
    ("/api/v1/articles/", {"ordering": "published_at"}, "uuid"),
    ("/api/v1/articles/", {"ordering": "-modified_at"}, "uuid"),
    ("/api/v1/articles/", {"ordering": "modified_at"}, "uuid"),
    ("/api/v1/articles/", {"format": "ninjs"}, "uri"),
    ("/api/v1/changes/", {}, "uuid"),
    ("/api/v1/sources/", {}, "slug"),
    ("/api/v1/places/", {}, "slug"),
    ("/api/v1/topics/", {}, "slug"),
    ("/api/v1/sections/", {}, "slug"),
    ("/api/v1/events/", {}, "slug"),
]


@pytest.mark.parametrize(("url", "params", "field"), LISTS)
@pytest.mark.parametrize("backwards_from_end", [True, False])
def test_every_list_walks_each_item_once_both_ways(
    api_client, url, params, field, backwards_from_end
):
    if url.startswith(("/api/v1/articles/", "/api/v1/changes/")):
        wire_batch()
    else:
        same_name_catalogue()

    forwards, backwards = walk(
        api_client,
        url,
        params,
        key=lambda item: item[field],
        backwards_from_end=backwards_from_end,
    )

    assert len(forwards) == len(set(forwards)) > 2 * PAGE
    if backwards_from_end:
        assert backwards == list(reversed(forwards))
    else:  # from page 3 back to the start
        assert backwards == list(reversed(forwards[: 3 * PAGE]))


def test_the_drafts_list_walks_each_draft_once_both_ways(api_client, editor):
    at = timezone.now()
    for _ in range(25):
        make_article(status=Article.Status.DRAFT, publish_at=None)
    Article.objects.update(modified_at=at)
    api_client.force_authenticate(editor)

    forwards, backwards = walk(
        api_client,
        "/api/v1/drafts/",
        {},
        key=lambda item: item["uuid"],
        backwards_from_end=True,
    )

    assert len(forwards) == len(set(forwards)) == 25
    assert backwards == list(reversed(forwards))
    assert list(itertools.islice(forwards, 1))
