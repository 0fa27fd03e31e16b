"""A live story's page is bounded: the newest updates, and plain links to the earlier
ones, a page at a time (readers/live.py), in every edition, from the page cache."""

import json
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles import workflow
from readers.live import KEY_EVENTS, PAGE_UPDATES
from tests.factories import hours_ago, make_live_article, make_live_update

pytestmark = pytest.mark.django_db

MORE = 7  # updates past the first page


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def listed(response) -> list[str]:
    """The ids of the updates in a page's list, in order."""
    return [a["id"] for a in soup(response).select(".live__updates .live-update")]


def newest_first_ids(article) -> list[str]:
    return [u.anchor for u in article.live_updates.newest_first()]


def earlier_link(response):
    return soup(response).select_one("[data-live-earlier]")


def pages_url(article, page: int) -> str:
    path = reverse("articles:live_updates_page", kwargs={"slug": article.slug})
    return f"{path}?page={page}"


@pytest.fixture
def long_story():
    """A live story with PAGE_UPDATES + MORE updates, ten minutes apart."""
    return make_live_article(
        headline="Live: a long day", slug="live-long-day", updates=PAGE_UPDATES + MORE
    )


def test_a_long_live_story_shows_its_newest_updates_and_links_to_the_rest(
    client, long_story
):
    response = client.get(long_story.get_absolute_url())

    assert listed(response) == newest_first_ids(long_story)[:PAGE_UPDATES]
    link = earlier_link(response)
    assert link["href"] == pages_url(long_story, 2)
    assert link.get_text() == "Earlier updates"
    assert not link.has_attr("onclick") and not link.has_attr("style")


def test_the_earlier_pages_show_every_other_update_once_in_order_then_404(
    client, long_story
):
    first = listed(client.get(long_story.get_absolute_url()))
    second_page = client.get(pages_url(long_story, 2))
    second = listed(second_page)

    assert second_page.status_code == 200
    assert first + second == newest_first_ids(long_story)
    assert len(second) == MORE
    assert earlier_link(second_page) is None
    newer = soup(second_page).select_one('a[rel="prev"]')
    assert newer["href"] == long_story.get_absolute_url()
    for past in ("3", "0", "-1", "abc", "2.5", "99999999999999999999"):
        response = client.get(pages_url(long_story, 2).replace("=2", f"={past}"))
        assert response.status_code == 404, past


def test_the_pages_chain_from_each_to_the_next(client):
    story = make_live_article(slug="live-three-pages", updates=2 * PAGE_UPDATES + 1)

    seen, url = [], story.get_absolute_url()
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += listed(response)
        link = soup(response).select_one('a[rel="next"]')
        url = link["href"] if link else None

    assert seen == newest_first_ids(story)
    assert sorted(Counter(seen).values()) == [1] * len(seen)


def test_a_story_with_one_page_of_updates_has_no_earlier_link(client):
    story = make_live_article(slug="live-short", updates=PAGE_UPDATES)

    response = client.get(story.get_absolute_url())

    assert len(listed(response)) == PAGE_UPDATES
    assert earlier_link(response) is None
    assert client.get(pages_url(story, 2)).status_code == 404


def test_json_ld_lists_the_updates_the_page_shows(client, long_story):
    pinned = long_story.live_updates.newest_first().last()  # the oldest, on page 2
    pinned.pin()

    page = soup(client.get(long_story.get_absolute_url()))

    data = json.loads(page.find("script", type="application/ld+json").string)
    shown = newest_first_ids(long_story)[:PAGE_UPDATES] + [pinned.anchor]
    assert [u["@id"].rsplit("#", 1)[1] for u in data["liveBlogUpdate"]] == shown
    assert [a["id"] for a in page.select(".live__pinned .live-update")] == [
        pinned.anchor
    ]
    assert pinned.anchor not in listed_of(page)


def listed_of(page) -> list[str]:
    return [a["id"] for a in page.select(".live__updates .live-update")]


def test_a_key_event_on_an_earlier_page_links_to_its_permalink_which_finds_it(
    client, long_story
):
    oldest = long_story.live_updates.newest_first().last()
    oldest.is_key_event = True
    oldest.save()
    newest = long_story.live_updates.newest_first().first()
    newest.is_key_event = True
    newest.save()

    page = soup(client.get(long_story.get_absolute_url()))
    hrefs = [a["href"] for a in page.select(".live__key-events a")]

    permalink = reverse(
        "articles:live_update", kwargs={"slug": long_story.slug, "pk": oldest.pk}
    )
    assert hrefs == [f"#{newest.anchor}", permalink]
    response = client.get(permalink)
    assert response.status_code == 302
    assert response["Location"] == f"{pages_url(long_story, 2)}#{oldest.anchor}"
    on_first = reverse(
        "articles:live_update", kwargs={"slug": long_story.slug, "pk": newest.pk}
    )
    assert (
        client.get(on_first)["Location"]
        == f"{long_story.get_absolute_url()}#{newest.anchor}"
    )


def test_the_key_events_list_is_bounded_too(client):
    story = make_live_article(slug="live-many-key-events")
    for i in range(KEY_EVENTS + 3):
        make_live_update(article=story, posted_at=hours_ago(30 - i), is_key_event=True)

    page = soup(client.get(story.get_absolute_url()))

    assert len(page.select(".live__key-events li")) == KEY_EVENTS


def test_shares_from_an_earlier_page_use_the_permalink(client, long_story):
    response = client.get(pages_url(long_story, 2))

    for update in soup(response).select(".live__updates .live-update"):
        pk = update["id"].removeprefix("update-")
        share = update.select_one("[data-live-share]")["href"]
        assert share == "http://testserver" + reverse(
            "articles:live_update", kwargs={"slug": long_story.slug, "pk": pk}
        )
        assert update.select_one(".live-update__time")["href"] == f"#{update['id']}"


def test_an_update_of_another_story_or_none_has_no_permalink(client, long_story):
    other = make_live_update()

    for pk in (other.pk, 10**9):
        url = reverse(
            "articles:live_update", kwargs={"slug": long_story.slug, "pk": pk}
        )
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "language,earlier,title",
    [
        ("en", "Earlier updates", "Updates, page 2"),
        ("ar", "تحديثات سابقة", "التحديثات، الصفحة 2"),
        ("ckb", "نوێکردنەوە پێشووترەکان", "نوێکردنەوەکان، پەڕەی 2"),
    ],
)
def test_every_edition_pages_its_live_stories(client, language, earlier, title):
    story = make_live_article(
        slug=f"live-{language}", language=language, updates=PAGE_UPDATES + 1
    )

    response = client.get(story.get_absolute_url())
    link = earlier_link(response)
    with translation.override(language):
        expected = pages_url(story, 2)
    second = client.get(link["href"])

    assert link["href"] == expected and link["href"].startswith(f"/{language}/")
    assert link.get_text() == earlier
    assert second.status_code == 200
    assert soup(second).select_one("#updates-heading").get_text() == title
    assert len(listed(second)) == 1


def test_a_story_that_is_not_public_has_no_earlier_updates(client, editor, long_story):
    url = pages_url(long_story, 2)
    permalink = reverse(
        "articles:live_update",
        kwargs={"slug": long_story.slug, "pk": long_story.live_updates.first().pk},
    )
    assert client.get(url).status_code == 200

    workflow.unpublish_article(long_story, by=editor, public_reason="Legal review.")

    assert client.get(url).status_code == 404
    assert client.get(permalink).status_code == 404


def test_an_ordinary_story_has_no_pages_of_updates(client):
    story = make_live_article(slug="not-live-after-all")
    story.live_coverage.delete()

    assert client.get(pages_url(story, 1)).status_code == 404


def test_adding_editing_or_deleting_an_update_refreshes_the_cached_earlier_pages(
    client, editor, long_story
):
    url = pages_url(long_story, 2)
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"

    # A new update pushes the oldest of page 1 onto page 2.
    pushed = newest_first_ids(long_story)[PAGE_UPDATES - 1]
    workflow.post_live_update(long_story, by=editor, body="<p>Just in.</p>")
    after_post = client.get(url)
    assert after_post["X-Page-Cache"] == "miss"
    assert listed(after_post)[0] == pushed

    oldest = long_story.live_updates.newest_first().last()
    oldest.body = "<p>Twelve buses, not ten.</p>"
    workflow.correct_live_update(oldest, by=editor, note="We first said ten.")
    assert "Twelve buses" in client.get(url).content.decode()

    oldest.delete()
    assert oldest.anchor not in listed(client.get(url))


def captured(client, path) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_query_counts_of_a_live_story_do_not_grow_with_its_updates(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    story = make_live_article(slug="live-growing", updates=PAGE_UPDATES + 1)
    paths = [story.get_absolute_url(), pages_url(story, 2)]
    small = {path: captured(client, path) for path in paths}

    for i in range(3 * PAGE_UPDATES):
        make_live_update(article=story, posted_at=hours_ago(50 + i), is_key_event=True)
    large = {path: captured(client, path) for path in paths}

    assert {p: len(q) for p, q in large.items()} == {
        p: len(q) for p, q in small.items()
    }
    for sqls in large.values():
        assert [sql for sql, n in Counter(sqls).items() if n > 1] == []


def test_a_live_story_page_costs_one_query_more_than_an_ordinary_story(
    client, settings, long_story, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    ordinary = make_live_article(slug="live-then-not")
    ordinary.live_coverage.delete()
    plain = len(captured(client, ordinary.get_absolute_url()))

    # The newest updates (one more than shown), the pinned update and key events.
    with django_assert_num_queries(plain + 1):
        client.get(long_story.get_absolute_url())


def test_an_earlier_page_costs_a_fixed_number_of_queries(
    client, settings, long_story, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    # The story, a bounded count of its updates, the page of them with authors.
    with django_assert_num_queries(3):
        client.get(pages_url(long_story, 2))


def test_a_poll_from_long_ago_lists_a_bounded_number_and_says_it_is_incomplete(
    client, long_story
):
    url = reverse("articles:live_updates", kwargs={"slug": long_story.slug})

    data = client.get(f"{url}?since=2000-01-01T00:00:00Z").json()
    recent = client.get(f"{url}?since={data['since']}").json()

    assert len(data["updates"]) == PAGE_UPDATES
    assert [u["id"] for u in data["updates"]] == newest_first_ids(long_story)[
        :PAGE_UPDATES
    ]
    assert data["complete"] is False
    assert recent["complete"] is True and recent["updates"] == []


@pytest.mark.parametrize(
    "count", [0, 1, PAGE_UPDATES - 1, PAGE_UPDATES, PAGE_UPDATES + 1]
)
def test_the_first_page_is_exactly_the_newest_updates_whatever_is_pinned_or_key(
    client, count
):
    story = make_live_article(slug=f"live-edge-{count}", updates=count)
    for i, update in enumerate(story.live_updates.newest_first()):
        if i % 3 == 0:
            update.is_key_event = True
            update.save()
    oldest = story.live_updates.newest_first().last()
    if oldest:
        oldest.pin()

    response = client.get(story.get_absolute_url())
    page = soup(response)

    ids = newest_first_ids(story)
    pinned = [oldest.anchor] if oldest else []
    first = [i for i in ids[:PAGE_UPDATES] if i not in pinned]
    assert listed(response) == first
    assert [a["id"] for a in page.select(".live__pinned .live-update")] == pinned
    assert (earlier_link(response) is not None) == (count > PAGE_UPDATES)
    keys = [u.anchor for u in story.live_updates.newest_first() if u.is_key_event]
    assert len(page.select(".live__key-events li")) == min(len(keys), KEY_EVENTS)
