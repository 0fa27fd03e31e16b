import datetime
import email.utils
import json

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from articles.models import Article
from tests.factories import hours_ago, make_article, make_quote
from tests.public.conftest import jpeg_upload

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def headlines(response) -> list[str]:
    return [h.get_text(strip=True) for h in soup(response).select(".card__title")]


def test_root_redirects_to_an_edition(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_story_list_shows_newest_first(client, world):
    response = client.get("/en/stories/")

    assert response.status_code == 200
    assert headlines(response) == [world["story"].headline, world["older"].headline]


def test_story_list_is_paginated(client, world):
    for n in range(25):
        make_article(headline=f"Filler {n}", publish_at=hours_ago(40 + n))

    first = client.get("/en/stories/")
    second = client.get("/en/stories/?page=2")

    assert len(headlines(first)) == 20
    assert len(headlines(second)) == 7
    assert 'rel="next"' in first.content.decode()


def test_story_list_shows_only_the_active_edition(client, world):
    make_article(headline="خبر بالعربية", slug="arabic-story", language="ar")

    english = client.get("/en/stories/")
    arabic = client.get("/ar/stories/")

    assert "خبر بالعربية" not in english.content.decode()
    assert headlines(arabic) == ["خبر بالعربية"]
    assert 'dir="rtl"' in arabic.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("topic=isis", ["story", "older"]),
        ("section=security", ["story", "older"]),
        ("place=ain-al-asad", ["story"]),
        ("source=adnan-al-kinani", ["story"]),
        ("event=ain-al-asad-withdrawal", ["story"]),
        ("place=hasakah&event=transfer-150-detainees", ["story", "older"]),
    ],
)
def test_story_list_filters_by_slug(client, world, query, expected):
    make_article(headline="Unrelated story")

    response = client.get(f"/en/stories/?{query}")

    assert headlines(response) == [world[key].headline for key in expected]


def test_story_list_filters_by_publication_dates(client, world):
    yesterday = world["older"].publish_at.astimezone().date()

    response = client.get(f"/en/stories/?from={yesterday}&to={yesterday}")

    assert headlines(response) == [world["older"].headline]


def test_active_filters_are_shown_each_with_a_link_removing_it(client, world):
    response = client.get("/en/stories/?topic=isis&place=hasakah&page=1")

    chips = {
        a.get_text(" ", strip=True): a["href"] for a in soup(response).select(".chip")
    }
    assert any("ISIS" in label for label in chips)
    removing_topic = next(href for label, href in chips.items() if "ISIS" in label)
    assert removing_topic == "/en/stories/?place=hasakah"


@pytest.mark.parametrize(
    "query",
    [
        "topic=no-such-topic",
        "section=nope",
        "place=atlantis",
        "source=nobody",
        "event=never",
        "from=yesterday",
        "to=2026-13-45",
        "topic=%00%ff",
        "page=999",
        "page=abc",
    ],
)
def test_bad_story_filter_renders_the_page_and_ignores_it(client, world, query):
    response = client.get(f"/en/stories/?{query}")

    assert response.status_code in (200, 404)  # a page past the end is a 404
    if response.status_code == 200 and not query.startswith("page"):
        assert len(headlines(response)) == 2
        assert "were ignored" in response.content.decode()


def test_bad_filter_message_names_the_filter(client, world):
    response = client.get("/en/stories/?topic=isis&place=atlantis")

    notice = soup(response).select_one(".message--warning").get_text(" ", strip=True)
    assert "Place" in notice
    assert headlines(response) == [world["story"].headline, world["older"].headline]


def test_story_list_runs_a_fixed_number_of_queries(
    client, world, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(10):
        make_article(topics=[world["topic"]])

    # count, stories (+ section, live coverage; a card shows no byline); the form's
    # topic, place and source choices (one query), sections and events.
    with django_assert_num_queries(5):
        client.get("/en/stories/")


def test_story_page_shows_the_whole_story(client, world):
    story = world["story"]

    response = client.get(story.get_absolute_url())

    page = soup(response)
    assert page.select_one("h1").get_text() == story.headline
    assert len(page.select("h1")) == 1
    assert story.standfirst in page.select_one(".story__standfirst").get_text()
    assert "Shafaq News staff" in page.select_one(".story__byline").get_text()
    assert page.select_one(".story__meta time")["datetime"].endswith("+03:00")
    quote = page.select_one(".quote")
    assert "did not come as a surprise" in quote.get_text()
    assert quote.select_one("cite a")["href"] == "/en/sources/adnan-al-kinani/"
    assert [a.get_text() for a in page.select(".timeline-rail__title a")] == [
        "150 detainees transferred from Hasakah",
        "US forces leave Ain al-Asad",
    ]
    assert "January 2026" in page.select_one(".timeline-rail__date").get_text()
    assert "150 detainees" in page.select_one(".figure-table").get_text()
    correction = page.select_one(".correction")
    assert "Update" in correction.get_text() and correction.select_one("time")
    assert page.select_one('.tag[href="/en/topics/isis/"]')
    assert (
        world["older"].headline in page.select_one("#related-heading").parent.get_text()
    )


def test_story_page_carries_news_article_json_ld(client, world):
    story = world["story"]

    response = client.get(story.get_absolute_url())

    script = soup(response).select_one('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == story.headline
    assert data["inLanguage"] == "en"
    published = datetime.datetime.fromisoformat(data["datePublished"])
    # To the second, like the page's <time datetime> (HTML allows no microseconds).
    expected = story.first_published_at or story.publish_at
    assert published == expected.replace(microsecond=0)
    assert data["dateModified"]
    assert data["author"][0]["name"] == "Shafaq News staff"
    assert data["author"][0]["url"] == "http://testserver/en/authors/staff/"
    assert data["publisher"]["logo"]["url"].startswith("http://testserver/static/")
    assert (
        data["mainEntityOfPage"]["@id"]
        == f"http://testserver{story.get_absolute_url()}"
    )


def test_json_ld_cannot_break_out_of_its_script_element(client, world):
    story = world["story"]
    story.headline = "</script><script>alert(1)</script>"
    story.save()

    response = client.get(story.get_absolute_url())

    script = soup(response).select_one('script[type="application/ld+json"]')
    assert "</script>" not in script.string
    assert json.loads(script.string)["headline"] == story.headline


def test_story_page_has_social_tags_canonical_and_hreflang(client, world):
    story = world["story"]
    make_article(
        headline="العراق يتسلم عين الأسد",
        slug="العراق-يتسلم-عين-الأسد",
        language="ar",
        translation_of=story,
    )

    page = soup(client.get(story.get_absolute_url()))

    assert page.select_one('link[rel="canonical"]')["href"].endswith(
        story.get_absolute_url()
    )
    hreflangs = {
        link["hreflang"] for link in page.select('link[rel="alternate"][hreflang]')
    }
    assert hreflangs == {"en", "ar"}
    assert page.select_one('meta[property="og:title"]')["content"] == story.headline
    assert page.select_one('meta[name="twitter:card"]')
    # Open Graph locales are language_TERRITORY (ogp.me), one per other edition too.
    assert page.select_one('meta[property="og:locale"]')["content"] == "en_US"
    assert [
        m["content"] for m in page.select('meta[property="og:locale:alternate"]')
    ] == ["ar_IQ"]


def test_story_with_an_arabic_slug_is_found(client):
    article = make_article(headline="عودة", slug="عودة-النازحين", language="ar")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200


def test_story_page_lead_image_is_a_responsive_picture(client, world):
    story = world["story"]
    story.lead_image = jpeg_upload()
    story.lead_image_alt = "Soldiers at the gate of Ain al-Asad"
    story.save()

    page = soup(client.get(story.get_absolute_url()))

    picture = page.select_one(".story__figure picture")
    assert picture.select_one('source[type="image/webp"]')["srcset"].count("w,") == 2
    img = picture.select_one("img")
    assert img["alt"] == "Soldiers at the gate of Ain al-Asad"
    assert (img["width"], img["height"]) == ("1200", "675")
    assert img["src"].endswith(".jpg")


def test_unknown_story_is_a_branded_404(client, db):
    response = client.get("/en/stories/no-such-story/")

    assert response.status_code == 404


def test_story_in_another_edition_is_not_found_under_this_one(client, world):
    response = client.get(f"/ar/stories/{world['story'].slug}/")

    assert response.status_code == 404


def test_story_page_runs_a_fixed_number_of_queries(
    client, world, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(5):
        make_quote(article=world["story"], source=world["source"])
        world["story"].related_articles.add(make_article())

    # story (+ section, dateline), bylines, topics, corrections, quotes (+ source),
    # events (+ place), figures (+ source), related stories (cards: no byline),
    # places mentioned (for the map), translations.
    with django_assert_num_queries(10):
        client.get(world["story"].get_absolute_url())


def test_section_page_lists_its_stories(client, world):
    response = client.get("/en/sections/security/")

    assert soup(response).select_one("h1").get_text() == "Security"
    assert headlines(response) == [world["story"].headline, world["older"].headline]


def test_topic_page_lists_its_stories_and_events(client, world):
    response = client.get("/en/topics/isis/")

    page = soup(response)
    assert headlines(response) == [world["story"].headline, world["older"].headline]
    assert "US forces leave Ain al-Asad" in page.select_one(".timeline-rail").get_text()
    assert page.select_one('a[href="/en/feeds/topics/isis.rss"]')


def test_author_page_lists_their_stories(client, world):
    response = client.get("/en/authors/staff/")

    assert headlines(response) == [world["story"].headline]


@pytest.mark.parametrize(
    "url", ["/en/sections/nope/", "/en/topics/nope/", "/en/authors/nope/"]
)
def test_unknown_slug_is_a_404(client, db, url):
    assert client.get(url).status_code == 404


def test_corrections_page_lists_corrections_of_published_stories_newest_first(
    client, world
):
    world["older"].add_correction(kind="correction", text="Fixed the border length.")

    response = client.get("/en/corrections/")

    texts = [p.get_text() for p in soup(response).select(".correction__text")]
    assert texts == ["Fixed the border length.", "Adds the CENTCOM figure."]


def test_published_story_agrees_with_the_queryset(world, scheduled_article):
    public = set(Article.objects.published())

    assert {a for a in Article.objects.all() if a.is_published} == public


@pytest.mark.parametrize("query", ["to=9999-12-31", "from=0001-01-01"])
def test_a_date_outside_any_sensible_year_is_ignored_with_a_notice(client, db, query):
    response = client.get(f"/en/stories/?{query}")

    assert response.status_code == 200
    assert "between the years 1900 and 2999" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/en/stories/%00/",
        "/en/topics/a%00b/",
        "/en/sources/%00/",
        "/en/places/%00/",
        "/en/feeds/topics/%00.rss",
        "/api/v1/events/%00/",
    ],
)
def test_an_address_with_a_nul_byte_is_not_found(client, db, url):
    # PostgreSQL refuses NUL in a query; the URL patterns never let it through.
    assert client.get(url).status_code == 404


def test_an_arabic_slug_still_reaches_its_story(client, db):
    story = make_article(language="ar", slug="عين-الأسد", headline="عين الأسد")

    assert client.get(story.get_absolute_url()).status_code == 200


def last_past(hour: int, minute: int) -> datetime.datetime:
    """The most recent past instant at hour:minute UTC (between 0 and 24 hours ago)."""
    now = timezone.now().astimezone(datetime.UTC)
    moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return moment if moment <= now else moment - datetime.timedelta(days=1)


# 22:30 UTC is already tomorrow in Baghdad (01:30); 02:30 UTC is the same day there
# (05:30). Whatever the wall clock says, one of these stories sits on each side of
# midnight, so a surface printing UTC dates beside Baghdad ones fails here.
@pytest.mark.parametrize("utc_time", [(22, 30), (2, 30)], ids=["22:30Z", "02:30Z"])
def test_page_json_ld_and_feeds_date_a_story_at_one_instant_and_one_calendar_day(
    client, world, utc_time
):
    story = world["story"]
    story.publish_at = story.first_published_at = last_past(*utc_time)
    story.save()
    baghdad_day = timezone.localtime(story.publish_at).date()

    page = soup(client.get(story.get_absolute_url()))
    shown = page.select_one(".story__meta time")["datetime"]
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    og = page.select_one('meta[property="article:published_time"]')["content"]
    rss = feedparser.parse(client.get("/en/feeds/stories.rss").content)
    atom = feedparser.parse(client.get("/en/feeds/stories.atom").content)
    rss_entry = next(e for e in rss.entries if e.title == story.headline)
    atom_entry = next(e for e in atom.entries if e.title == story.headline)

    moments = [datetime.datetime.fromisoformat(stamp) for stamp in (shown, og)]
    moments.append(datetime.datetime.fromisoformat(data["datePublished"]))
    moments.append(email.utils.parsedate_to_datetime(rss_entry.published))  # RFC 822
    moments.append(datetime.datetime.fromisoformat(atom_entry.published))  # RFC 3339
    for moment in moments:
        assert moment == story.publish_at
        assert moment.date() == baghdad_day, moment
