"""Readers follow a live story: the page without JavaScript, its polled endpoint,
JSON-LD, feeds, the partners' API and ninjs."""

import json

import feedparser
import pytest
from bs4 import BeautifulSoup

from articles import workflow
from articles.models import LiveCoverage
from readers.dates import machine_time
from tests.api.test_ninjs import assert_valid_ninjs
from tests.factories import (
    hours_ago,
    make_article,
    make_author,
    make_live_article,
    make_live_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_story():
    """A live story with four updates: one key event, one pinned, one corrected."""
    article = make_live_article(headline="Live: transfers", slug="live-transfers")
    author = make_author(name="Desk Reporter")
    make_live_update(
        article=article, title="Buses leave", posted_at=hours_ago(2), author=author
    )
    make_live_update(
        article=article,
        title="Handover confirmed",
        posted_at=hours_ago(1.5),
        is_key_event=True,
    )
    make_live_update(
        article=article, title="Background", posted_at=hours_ago(1), is_pinned=True
    )
    corrected = make_live_update(
        article=article, title="Numbers", posted_at=hours_ago(0.5)
    )
    corrected.body = "<p>Twelve buses.</p>"
    corrected.save_correction(note="We first said ten.")
    return article


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_page_shows_key_points_key_events_and_updates_newest_first_without_js(
    client, live_story
):
    page = soup(client.get(live_story.get_absolute_url()))

    points = [li.get_text(strip=True) for li in page.select(".live__key-points li")]
    assert points == ["First point", "Second point"]
    key_events = page.select(".live__key-events a")
    handover = live_story.live_updates.get(title="Handover confirmed")
    assert [a["href"] for a in key_events] == [f"#update-{handover.pk}"]
    pinned = page.select(".live__pinned .live-update__title")
    assert [h.get_text() for h in pinned] == ["Background"]
    titles = [h.get_text() for h in page.select(".live__updates .live-update__title")]
    assert titles == ["Numbers", "Handover confirmed", "Buses leave"]


def test_each_update_has_a_permalink_and_a_share_link(client, live_story):
    page = soup(client.get(live_story.get_absolute_url()))

    for update in live_story.live_updates.all():
        element = page.find(id=f"update-{update.pk}")
        assert element is not None
        assert (
            element.select_one(".live-update__time")["href"] == f"#update-{update.pk}"
        )
        share = element.select_one("[data-live-share]")["href"]
        assert (
            share
            == f"http://testserver{live_story.get_absolute_url()}#update-{update.pk}"
        )


def test_a_corrected_update_says_so_with_its_note(client, live_story):
    page = soup(client.get(live_story.get_absolute_url()))

    corrected = page.select(".live-update__corrected")
    assert len(corrected) == 1
    assert "Corrected" in corrected[0].get_text()
    assert "We first said ten." in corrected[0].get_text()


def test_new_updates_are_announced_in_a_polite_live_region_by_a_static_script(
    client, live_story
):
    page = soup(client.get(live_story.get_absolute_url()))

    region = page.select_one("[data-live-announcer]")
    assert region["aria-live"] == "polite"
    assert page.select_one("[data-live]")["data-live-endpoint"].endswith(
        "/updates.json"
    )
    scripts = [s.get("src") for s in page.find_all("script") if s.get("src")]
    assert any(src.endswith("js/live.js") for src in scripts)
    inline = [s for s in page.find_all("script") if not s.get("src")]
    assert all(s.get("type") == "application/ld+json" for s in inline)


def test_an_ordinary_story_has_no_live_parts(client):
    article = make_article()

    page = soup(client.get(article.get_absolute_url()))

    assert page.select_one("[data-live]") is None
    assert "live.js" not in str(page)


def test_json_ld_is_a_live_blog_posting_with_its_updates(client, live_story):
    page = soup(client.get(live_story.get_absolute_url()))

    data = json.loads(page.find("script", type="application/ld+json").string)

    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"] == machine_time(live_story.live.started_at)
    assert "coverageEndTime" not in data
    updates = data["liveBlogUpdate"]
    assert [u["headline"] for u in updates] == [
        "Numbers",
        "Background",
        "Handover confirmed",
        "Buses leave",
    ]
    assert all(u["@type"] == "BlogPosting" for u in updates)
    assert updates[0]["url"].endswith(f"#{live_story.live_updates.first().anchor}")
    assert updates[0]["articleBody"] == "Twelve buses."


def test_json_ld_gives_the_end_of_coverage_once_it_ended(client, live_story):
    live_story.live.end()

    page = soup(client.get(live_story.get_absolute_url()))

    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["coverageEndTime"] == machine_time(LiveCoverage.objects.get().ended_at)
    assert "Coverage ended" in page.select_one(".live__heading").get_text()


@pytest.mark.parametrize("suffix", ["updates.rss", "updates.atom"])
def test_the_story_feed_has_one_item_per_update(client, live_story, suffix):
    response = client.get(f"{live_story.get_absolute_url()}{suffix}")

    feed = feedparser.parse(response.content)
    assert response.status_code == 200
    assert len(feed.entries) == 4
    assert feed.entries[0].title == "Numbers"
    anchors = {u.anchor for u in live_story.live_updates.all()}
    assert {e.link for e in feed.entries} == {
        f"http://testserver{u.get_absolute_url()}"
        for u in live_story.live_updates.all()
    }
    assert {e.id for e in feed.entries} == {
        f"{live_story.uuid.urn}#{anchor}" for anchor in anchors
    }


def test_the_page_links_its_update_feeds(client, live_story):
    page = soup(client.get(live_story.get_absolute_url()))

    alternates = {link["type"] for link in page.select('link[rel="alternate"][type]')}
    assert {"application/rss+xml", "application/atom+xml"} <= alternates


# The polled endpoint ---------------------------------------------------------


def endpoint(article):
    return f"{article.get_absolute_url()}updates.json"


def test_the_poll_answers_304_while_nothing_changed(client, live_story):
    first = client.get(endpoint(live_story))
    since = first.json()["since"]
    url = f"{endpoint(live_story)}?since={since}"

    fresh = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=fresh["ETag"])
    cached_again = client.get(url, HTTP_IF_NONE_MATCH=fresh["ETag"])

    assert fresh.status_code == 200
    assert fresh.json()["updates"] == []
    assert "max-age" in fresh["Cache-Control"] and "public" in fresh["Cache-Control"]
    assert again.status_code == 304
    assert cached_again.status_code == 304
    assert cached_again["X-Page-Cache"] == "hit"


def test_a_cached_poll_costs_one_indexed_query(
    client, live_story, django_assert_num_queries
):
    url = f"{endpoint(live_story)}?since={client.get(endpoint(live_story)).json()['since']}"
    etag = client.get(url)["ETag"]

    # The page cache asks the database whether the story changed since (CacheTag),
    # so every server process agrees the moment an update is posted.
    with django_assert_num_queries(1):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304


def test_a_new_update_reaches_the_poll_at_once_with_an_announcement(
    client, live_story, editor
):
    since = client.get(endpoint(live_story)).json()["since"]
    url = f"{endpoint(live_story)}?since={since}"
    client.get(url)  # cached: nothing new

    update = workflow.post_live_update(
        live_story, by=editor, title="Second convoy", body="<p>More buses.</p>"
    )
    data = client.get(url).json()

    assert data["new"] == 1
    assert data["announcement"] == "1 new update"
    assert [u["id"] for u in data["updates"]] == [update.anchor]
    assert "Second convoy" in data["updates"][0]["html"]
    assert data["since"] > since
    page = client.get(live_story.get_absolute_url()).content.decode()
    assert "Second convoy" in page  # the page cache let go of the page too


def test_a_correction_reaches_the_poll_without_counting_as_new(client, live_story):
    since = client.get(endpoint(live_story)).json()["since"]
    update = live_story.live_updates.get(title="Buses leave")
    update.body = "<p>Buses left at dawn.</p>"
    update.save_correction(note="Time added.")

    data = client.get(f"{endpoint(live_story)}?since={since}").json()

    assert data["new"] == 0
    assert data["announcement"] == "Updates were corrected"
    assert [u["id"] for u in data["updates"]] == [update.anchor]


@pytest.mark.parametrize(
    "since",
    [
        "yesterday",
        "2026-13-45T00:00:00Z",
        "2026-01-01",
        # Valid ISO 8601, but outside what a datetime can hold once moved to UTC.
        "9999-12-31T23:59:59-23:00",
        "0001-01-01T00:00:00+23:00",
        "9999-12-31T23:59:59Z",
    ],
)
def test_a_malformed_since_is_a_400_naming_it(client, live_story, since):
    response = client.get(endpoint(live_story), {"since": since})

    assert response.status_code == 400
    assert "since" in response.json()


def test_an_ordinary_story_has_no_update_endpoints(client, api_client):
    article = make_article()

    assert client.get(endpoint(article)).status_code == 404
    assert client.get(f"{article.get_absolute_url()}updates.rss").status_code == 404
    assert (
        api_client.get(f"/api/v1/articles/{article.uuid}/updates/").status_code == 404
    )


# The partners' API -----------------------------------------------------------


def updates_url(article):
    return f"/api/v1/articles/{article.uuid}/updates/"


def test_the_api_lists_updates_newest_first(api_client, live_story):
    response = api_client.get(updates_url(live_story))

    assert response.status_code == 200
    titles = [u["title"] for u in response.json()["results"]]
    assert titles == ["Numbers", "Background", "Handover confirmed", "Buses leave"]
    numbers = response.json()["results"][0]
    assert numbers["corrected_at"] is not None
    assert numbers["correction_note"] == "We first said ten."
    # The permalink: it finds the update on whichever page shows it now.
    assert numbers["web_url"].endswith(f"/updates/{numbers['id']}/")


def test_the_api_answers_304_to_a_matching_etag(api_client, live_story):
    first = api_client.get(updates_url(live_story))

    again = api_client.get(updates_url(live_story), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304


def test_the_api_since_lists_only_later_changes(api_client, live_story, editor):
    before = api_client.get(updates_url(live_story)).json()["results"][0]["modified_at"]
    workflow.post_live_update(live_story, by=editor, body="<p>Later.</p>")

    response = api_client.get(updates_url(live_story), {"since": before})

    assert [u["body"] for u in response.json()["results"]] == ["<p>Later.</p>"]


def test_the_api_pages_updates_with_a_cursor(api_client, live_story):
    first = api_client.get(updates_url(live_story), {"page_size": 3}).json()
    second = api_client.get(first["next"]).json()

    ids = [u["id"] for u in first["results"] + second["results"]]
    assert len(ids) == len(set(ids)) == 4
    assert second["next"] is None


def test_the_api_rejects_a_bad_since(api_client, live_story):
    response = api_client.get(updates_url(live_story), {"since": "soon"})

    assert response.status_code == 400
    assert "since" in response.json()


def test_the_api_updates_list_runs_a_fixed_number_of_queries(
    api_client, live_story, django_assert_num_queries
):
    # 1 the story (live coverage joined) + 1 updates (authors joined); the
    # throttle and the cursor run none; the page cache's two on a miss (the
    # coverage version, the next scheduled story).
    with django_assert_num_queries(4):
        response = api_client.get(updates_url(live_story), {"page_size": 100})

    assert response.status_code == 200


def test_the_story_in_the_api_says_it_is_live(api_client, live_story):
    data = api_client.get(f"/api/v1/articles/{live_story.uuid}/").json()

    assert data["live"]["status"] == "live"
    assert data["live"]["key_points"] == ["First point", "Second point"]
    assert data["live"]["updates_url"].endswith(updates_url(live_story))
    assert data["version"] == 5


def test_the_story_list_counts_a_live_storys_updates_in_its_version(
    api_client, live_story
):
    results = api_client.get("/api/v1/articles/").json()["results"]

    [item] = [item for item in results if item["uuid"] == str(live_story.uuid)]
    assert item["version"] == 5


def test_ninjs_carries_the_updates_and_validates(api_client, live_story):
    item = api_client.get(
        f"/api/v1/articles/{live_story.uuid}/", {"format": "ninjs"}
    ).json()

    assert_valid_ninjs(item)
    updates = [a for a in item["associations"] if a["name"].startswith("update-")]
    assert len(updates) == 4
    assert {"literal": "live-coverage", "name": "Live coverage"} in item["genres"]
    corrected = next(u for u in updates if u.get("descriptions"))
    assert "We first said ten." in corrected["descriptions"][0]["value"]
    key = next(u for u in updates if u.get("genres"))
    assert key["uri"].startswith(f"urn:uuid:{live_story.uuid}#update-")


def test_ninjs_list_of_live_stories_validates(api_client, live_story):
    make_live_article(updates=2)

    items = api_client.get("/api/v1/articles/", {"format": "ninjs"}).json()["results"]

    for item in items:
        assert_valid_ninjs(item)


def test_the_api_updates_are_served_from_the_page_cache_until_one_is_posted(
    api_client, live_story, editor, django_assert_num_queries
):
    first = api_client.get(updates_url(live_story))
    with django_assert_num_queries(1):
        again = api_client.get(updates_url(live_story))

    workflow.post_live_update(live_story, by=editor, body="<p>Just in.</p>")
    after = api_client.get(updates_url(live_story))

    assert first["X-Page-Cache"] == "miss"
    assert again["X-Page-Cache"] == "hit"
    assert after.json()["results"][0]["body"] == "<p>Just in.</p>"


def test_the_api_updates_of_a_story_taken_down_are_gone_from_the_cache(
    api_client, live_story, editor
):
    api_client.get(updates_url(live_story))

    workflow.unpublish_article(live_story, by=editor, public_reason="Legal review.")

    assert api_client.get(updates_url(live_story)).status_code == 404
