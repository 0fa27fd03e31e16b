import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest

from tests.factories import hours_ago, make_article

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def test_stories_rss_items_carry_uuid_guid_dates_author_and_categories(client, world):
    response = client.get("/en/feeds/stories.rss")

    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.language == "en"
    first = feed.entries[0]
    story = world["story"]
    assert first.title == story.headline
    assert first.id == f"urn:uuid:{story.uuid}"
    assert first.guidislink is False
    assert first.link == f"http://testserver{story.get_absolute_url()}"
    assert first.published_parsed[:5] == story.publish_at.utctimetuple()[:5]
    assert {tag.term for tag in first.tags} == {"Security", "ISIS"}
    assert "Shafaq News staff" in first.author


def test_stories_atom_has_published_and_updated_dates(client, world):
    story = world["story"]
    story.add_correction(kind="update", text="New figures.")

    feed = feedparser.parse(client.get("/en/feeds/stories.atom").content)

    entry = feed.entries[0]
    assert entry.id == f"urn:uuid:{story.uuid}"
    assert entry.published_parsed < entry.updated_parsed


def test_topic_feed_lists_the_topics_stories(client, world):
    make_article(headline="Off topic")

    feed = feedparser.parse(client.get("/en/feeds/topics/isis.rss").content)

    assert [e.title for e in feed.entries] == [
        world["story"].headline,
        world["older"].headline,
    ]


def test_unknown_topic_feed_is_a_404(client, db):
    assert client.get("/en/feeds/topics/nope.rss").status_code == 404


def test_timeline_feed_lists_events_with_stable_guids(client, world):
    feed = feedparser.parse(client.get("/en/feeds/timeline.rss").content)

    assert [e.title for e in feed.entries] == [
        "Jan. 17, 2026: US forces leave Ain al-Asad",
        "January 2026: 150 detainees transferred from Hasakah",
    ]
    assert feed.entries[0].id == f"urn:shafaq:event:{world['withdrawal'].pk}"
    assert "Withdrawal" in {tag.term for tag in feed.entries[0].tags}


def sitemap_entries(client) -> dict:
    """Every URL of every sitemap the index lists, with its lastmod."""
    index = ET.fromstring(client.get("/sitemap.xml").content)
    entries = {}
    for location in index.iter(f"{SITEMAP}loc"):
        root = ET.fromstring(client.get(location.text).content)
        for url in root.iter(f"{SITEMAP}url"):
            entries[url.findtext(f"{SITEMAP}loc")] = url.findtext(f"{SITEMAP}lastmod")
    return entries


def test_the_sitemap_index_names_one_sitemap_per_section(client, world):
    index = ET.fromstring(client.get("/sitemap.xml").content)

    locations = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert index.tag == f"{SITEMAP}sitemapindex"
    assert "http://testserver/sitemap-stories.xml" in locations
    assert "http://testserver/sitemap-events.xml" in locations


def test_a_section_sitemap_splits_into_pages_past_its_limit(client, world, monkeypatch):
    monkeypatch.setattr("readers.sitemaps.ArticleSitemap.limit", 1)

    index = ET.fromstring(client.get("/sitemap.xml").content)
    second = client.get("/sitemap-stories.xml?p=2")

    locations = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-stories.xml?p=2" in locations
    assert second.status_code == 200


def test_sitemap_lists_public_pages_in_every_edition_with_lastmod(client, world):
    entries = sitemap_entries(client)
    story_url = f"http://testserver{world['story'].get_absolute_url()}"
    assert entries[story_url] == str(world["story"].publish_at.astimezone().date())
    for path in [
        "/en/",
        "/ar/timeline/",
        "/ckb/topics/isis/",
        "/en/sources/centcom/",
        "/en/places/hasakah/",
        "/en/events/ain-al-asad-withdrawal/",
        "/en/sections/security/",
    ]:
        assert f"http://testserver{path}" in entries
    assert entries["http://testserver/en/"]


def test_news_sitemap_lists_only_the_last_two_days(client, world):
    make_article(headline="Old news", publish_at=hours_ago(24 * 3))

    root = ET.fromstring(client.get("/sitemap-news.xml").content)

    titles = [n.findtext(f"{NEWS}title") for n in root.iter(f"{NEWS}news")]
    assert titles == [world["story"].headline, world["older"].headline]
    news = next(root.iter(f"{NEWS}news"))
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Shafaq Coverage"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    published = news.findtext(f"{NEWS}publication_date")
    assert datetime.datetime.fromisoformat(published) == world["story"].publish_at


def test_robots_txt_names_both_sitemaps(client, db):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines


def test_healthz_answers_ok(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_feeds_run_a_fixed_number_of_queries(
    client, world, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(5):
        make_article(topics=[world["topic"]])

    # stories (+ section, dateline), bylines, topics.
    with django_assert_num_queries(3):
        client.get("/en/feeds/stories.rss")


def test_the_sitemap_index_dates_stories_by_their_latest_change(
    client, world, django_assert_max_num_queries
):
    for _ in range(30):
        make_article(publish_at=hours_ago(100))
    world["story"].add_correction(kind="update", text="Adds the CENTCOM figure.")
    world["story"].refresh_from_db()

    # Fixed whatever the number of stories: one query or aggregate per section,
    # the page cache's look at the schedule, and the sections' own lookups.
    with django_assert_max_num_queries(14):
        index = ET.fromstring(client.get("/sitemap.xml").content)

    lastmods = {
        entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod")
        for entry in index.iter(f"{SITEMAP}sitemap")
    }
    stories = datetime.datetime.fromisoformat(
        lastmods["http://testserver/sitemap-stories.xml"]
    )
    assert stories == world["story"].updated_at


def test_the_browsers_favicon_request_finds_the_site_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


def test_the_news_sitemap_lists_at_most_1000_urls_the_newest(client):
    import datetime

    from articles.models import Article
    from tests.factories import hours_ago

    at = hours_ago(3)
    Article.objects.bulk_create(
        Article(
            headline=f"Wire item {n}",
            slug=f"wire-item-{n}",
            status=Article.Status.PUBLISHED,
            publish_at=at + datetime.timedelta(seconds=n),
            first_published_at=at + datetime.timedelta(seconds=n),
        )
        for n in range(1005)
    )

    xml = client.get("/sitemap-news.xml").content.decode()

    assert xml.count("<url>") == 1000
    assert "/wire-item-1004/" in xml  # the newest stay
    assert "/wire-item-4/" not in xml  # the oldest five go
