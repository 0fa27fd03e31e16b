"""Each edition's interactive timeline (TimelineJS locale and direction, strict CSP),
its TimelineJS JSON, and the language its feeds, sitemaps and ninjs carry."""

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from tests.factories import make_article, make_event

pytestmark = pytest.mark.django_db

VENDOR = settings.BASE_DIR / "static" / "vendor" / "timelinejs-3.9.11"
CKB_LOCALE = settings.BASE_DIR / "static" / "js" / "timelinejs-locale" / "ckb.json"


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(
    "edition, language, direction",
    [
        ("en", "en", "ltr"),
        ("ar", "ar", "rtl"),
        ("ckb", "/static/js/timelinejs-locale/ckb.json", "rtl"),
    ],
)
def test_the_interactive_timeline_reads_in_each_editions_locale_and_direction(
    client, db, edition, language, direction
):
    page = soup(client.get(f"/{edition}/timeline/interactive/"))

    embed = page.select_one("#timeline-embed")
    assert embed["data-language"] == language
    assert embed["data-source"] == f"/api/v1/timeline/?language={edition}"
    assert embed["data-script-path"] == "/static/vendor/timelinejs-3.9.11/js/"
    assert embed["dir"] == direction
    assert page.find("html")["dir"] == direction
    scripts = [s["src"] for s in page.select("script[src]")]
    assert "/static/vendor/timelinejs-3.9.11/js/timeline.js" in scripts
    assert "/static/js/timeline-interactive.js" in scripts


def test_the_interactive_timeline_page_has_no_inline_script_or_style(client, db):
    page = soup(client.get("/ar/timeline/interactive/"))

    assert not [s for s in page.find_all("script") if not s.get("src")] or all(
        s.get("type") == "application/ld+json"
        for s in page.find_all("script")
        if not s.get("src")
    )
    assert not page.find_all("style")
    assert not page.select("[style]")
    assert not [
        tag for tag in page.find_all() if any(a.startswith("on") for a in tag.attrs)
    ]


def test_the_vendored_timelinejs_has_its_licence_files_and_arabic_locale():
    for path in [
        "LICENSE",
        "js/timeline.js",
        "css/timeline.css",
        "css/icons/tl-icons.woff2",
        "js/locale/ar.json",
    ]:
        assert (VENDOR / path).is_file(), path
    arabic = json.loads((VENDOR / "js/locale/ar.json").read_text())
    assert (arabic["lang"], arabic["direction"]) == ("ar", "rtl")


def test_the_sorani_timelinejs_locale_reads_right_to_left_with_iraqi_months():
    sorani = json.loads(CKB_LOCALE.read_text())

    assert (sorani["lang"], sorani["direction"]) == ("ckb", "rtl")
    assert sorani["date"]["month"][0] == "کانوونی دووەم"
    for key in ("month", "month_abbr"):
        assert len(sorani["date"][key]) == 12
    for key in ("day", "day_abbr"):
        assert len(sorani["date"][key]) == 7
    english_keys = {"loading", "return_to_title", "loading_timeline", "zoom_in"}
    assert english_keys <= set(sorani["messages"])


@pytest.mark.parametrize(
    "language, title",
    [("ar", "القوات تغادر"), ("ckb", "هێزەکان دەڕۆن"), ("en", "Forces leave")],
)
def test_the_timelinejs_json_speaks_the_asked_edition(api_client, language, title):
    english = make_article(headline="English story", slug="english")
    arabic = make_article(headline="خبر", slug="khabar", language="ar")
    make_event(
        title="Forces leave",
        title_ar="القوات تغادر",
        title_ckb="هێزەکان دەڕۆن",
        slug="forces-leave",
        articles=[english, arabic],
    )

    data = api_client.get("/api/v1/timeline/", {"language": language}).json()

    slide = data["events"][0]
    assert slide["text"]["headline"] == title
    story_links = BeautifulSoup(slide["text"]["text"], "html.parser").select("li a")
    expected = {"ar": ["خبر"], "en": ["English story"], "ckb": []}[language]
    assert [a.get_text() for a in story_links] == expected


def test_an_unknown_timeline_language_is_a_json_400(api_client, db):
    response = api_client.get("/api/v1/timeline/", {"language": "xx"})

    assert response.status_code == 400
    assert "language" in response.json()


@pytest.mark.parametrize("edition", ["en", "ar", "ckb"])
def test_each_edition_has_its_own_feed_in_its_language(client, db, edition):
    for language in ("en", "ar", "ckb"):
        make_article(headline=f"Story in {language}", language=language)

    root = ET.fromstring(client.get(f"/{edition}/feeds/stories.rss").content)

    assert root.findtext("channel/language") == edition
    assert [item.findtext("title") for item in root.iter("item")] == [
        f"Story in {edition}"
    ]


def test_the_news_sitemap_names_each_storys_language(client, db):
    for language in ("en", "ar", "ckb"):
        make_article(headline=f"Story in {language}", language=language, slug=language)

    root = ET.fromstring(client.get("/sitemap-news.xml").content)

    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "n": "http://www.google.com/schemas/sitemap-news/0.9",
    }
    languages = {
        url.findtext("s:loc", namespaces=ns).split("/")[3]: url.findtext(
            "n:news/n:publication/n:language", namespaces=ns
        )
        for url in root.findall("s:url", ns)
    }
    assert languages == {"en": "en", "ar": "ar", "ckb": "ckb"}


def test_ninjs_carries_each_storys_language(api_client, db):
    story = make_article(headline="چیرۆک", language="ckb")

    response = api_client.get(f"/api/v1/articles/{story.uuid}/", {"format": "ninjs"})

    assert response.status_code == 200, response.content[:300]
    assert response.json()["language"] == "ckb"
