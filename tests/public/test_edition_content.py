"""Every edition's content: translated vocabularies with the English fallback, linked
translations (links, hreflang in pages and sitemap, the edition switcher) and search
as Sorani and Persian keyboards type it."""

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from articles.search import normalize_text
from tests.factories import hours_ago, make_article, make_topic

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text_of(page: BeautifulSoup) -> str:
    return " ".join(page.get_text().split())


@pytest.fixture
def translated_world(world):
    """The world with Arabic and Sorani names for its vocabularies; Hasakah stays
    English only (the fallback case)."""
    world["section"].name_ar, world["section"].name_ckb = "أمن", "ئاسایش"
    world["section"].save()
    world["topic"].name_ar, world["topic"].name_ckb = "داعش", "داعش"
    world["topic"].save()
    world["place"].name_ar, world["place"].name_ckb = (
        "قاعدة عين الأسد",
        "بنکەی عەین ئەسەد",
    )
    world["place"].save()
    world["source"].name_ar = "عدنان الكناني"
    world["source"].name_ckb = "عەدنان کینانی"
    world["source"].role_ar = "عميد متقاعد"
    world["source"].role_ckb = "عەمیدی خانەنشین"
    world["source"].save()
    world["withdrawal"].title_ar = "القوات الأمريكية تغادر عين الأسد"
    world["withdrawal"].title_ckb = "هێزەکانی ئەمریکا عەین ئەسەد بەجێدەهێڵن"
    world["withdrawal"].save()
    return world


# Translated vocabularies ----------------------------------------------------------


@pytest.mark.parametrize(
    "edition, place, section, role",
    [
        ("en", "Ain al-Asad", "Security", "retired brigadier general"),
        ("ar", "قاعدة عين الأسد", "أمن", "عميد متقاعد"),
        ("ckb", "بنکەی عەین ئەسەد", "ئاسایش", "عەمیدی خانەنشین"),
    ],
)
def test_each_edition_reads_the_vocabularies_in_its_own_language(
    client, translated_world, edition, place, section, role
):
    place_page = text_of(soup(client.get(f"/{edition}/places/ain-al-asad/")))
    section_page = text_of(soup(client.get(f"/{edition}/sections/security/")))
    source_page = text_of(soup(client.get(f"/{edition}/sources/adnan-al-kinani/")))
    topic_page = soup(client.get(f"/{edition}/topics/isis/"))
    timeline = text_of(soup(client.get(f"/{edition}/timeline/")))
    home = soup(client.get(f"/{edition}/"))

    assert place in place_page
    assert section in section_page
    assert role in source_page
    expected_topic = {"en": "ISIS"}.get(edition, "داعش")
    assert expected_topic in topic_page.find("h1").get_text()
    home_topics = [
        a.get_text(strip=True) for a in home.select('.tag[href*="/topics/"]')
    ]
    assert expected_topic in home_topics
    expected_event = {
        "en": "US forces leave Ain al-Asad",
        "ar": "القوات الأمريكية تغادر عين الأسد",
        "ckb": "هێزەکانی ئەمریکا عەین ئەسەد بەجێدەهێڵن",
    }[edition]
    assert expected_event in timeline


@pytest.mark.parametrize("edition", ["ar", "ckb"])
def test_an_untranslated_place_reads_in_english(client, translated_world, edition):
    page = soup(client.get(f"/{edition}/places/hasakah/"))

    assert "Hasakah" in page.find("h1").get_text()


def test_the_story_page_names_its_tags_in_the_edition_language(
    client, translated_world
):
    untranslated = make_topic(name="Border security", slug="border-security")
    story = make_article(
        headline="القوات العراقية تتسلم قاعدة عين الأسد",
        slug="iraq-ain-al-asad-ar",
        language="ar",
        section=translated_world["section"],
        topics=[translated_world["topic"], untranslated],
        translation_of=translated_world["story"],
    )

    page = soup(client.get(story.get_absolute_url()))

    assert page.select_one(".story__kicker").get_text(strip=True) == "أمن"
    tags = [a.get_text(strip=True) for a in page.select(".tag-list .tag")]
    assert sorted(tags) == ["Border security", "داعش"]  # no Arabic name yet: English


def test_vocabulary_values_fall_back_to_english_in_python_too(translated_world):
    hasakah = translated_world["hasakah"]
    hasakah.refresh_from_db()

    with translation.override("ckb"):
        assert hasakah.name == "Hasakah"
        assert translated_world["place"].name == "بنکەی عەین ئەسەد"
    with translation.override("en"):
        assert translated_world["place"].name == "Ain al-Asad"


def test_every_editions_names_are_searched_in_every_edition(client, translated_world):
    for edition in ["en", "ar", "ckb"]:
        by_sorani = soup(client.get(f"/{edition}/search/", {"q": "عەین ئەسەد"}))
        assert by_sorani.select_one('.tag[href$="/places/ain-al-asad/"]'), edition


# Linked translations --------------------------------------------------------------


@pytest.fixture
def editions(world):
    english = world["story"]
    arabic = make_article(
        headline="العراق يتسلم عين الأسد",
        slug="iraq-ain-al-asad-ar",
        language="ar",
        translation_of=english,
    )
    kurdish = make_article(
        headline="عێراق عەین ئەسەد وەردەگرێتەوە",
        slug="iraq-ain-al-asad-ckb",
        language="ckb",
        translation_of=english,
    )
    return {"en": english, "ar": arabic, "ckb": kurdish}


def test_a_story_links_and_hreflangs_every_published_edition(client, editions):
    for language, story in editions.items():
        page = soup(client.get(story.get_absolute_url()))

        hreflangs = {
            link["hreflang"]: link["href"]
            for link in page.select('head link[rel="alternate"][hreflang]')
        }
        assert sorted(hreflangs) == ["ar", "ckb", "en"]
        for other_language, other in editions.items():
            assert hreflangs[other_language].endswith(other.get_absolute_url())
        read_in = {a["hreflang"] for a in page.select(".story__translations a")}
        assert read_in == set(editions) - {language}


def test_the_edition_switcher_goes_to_the_translation_or_that_editions_home(
    client, editions
):
    lone = make_article(headline="Only in English", slug="only-in-english")

    linked = soup(client.get(editions["en"].get_absolute_url()))
    alone = soup(client.get(lone.get_absolute_url()))

    def switcher(page):
        return {
            a["hreflang"]: a["href"] for a in page.select(".edition-switcher__link")
        }

    assert switcher(linked)["ar"] == editions["ar"].get_absolute_url()
    assert switcher(linked)["ckb"] == editions["ckb"].get_absolute_url()
    assert switcher(alone)["ar"] == "/ar/"
    assert switcher(alone)["ckb"] == "/ckb/"


def test_a_draft_translation_is_neither_linked_nor_hreflanged(client, world):
    make_article(
        headline="مسودة",
        slug="draft-ar",
        language="ar",
        status="draft",
        translation_of=world["story"],
    )

    content = client.get(world["story"].get_absolute_url()).content.decode()

    assert "draft-ar" not in content


def test_the_story_sitemap_carries_hreflang_alternates_per_edition(client, editions):
    make_article(headline="Alone", slug="alone")
    root = ET.fromstring(client.get("/sitemap-stories.xml").content)

    alternates = {}
    for url in root.iter(f"{SITEMAP}url"):
        links = url.findall(f"{XHTML}link")
        alternates[url.findtext(f"{SITEMAP}loc")] = {
            link.get("hreflang"): link.get("href") for link in links
        }
    expected = {
        language: f"http://testserver{story.get_absolute_url()}"
        for language, story in editions.items()
    }
    for url in expected.values():
        assert alternates[url] == expected
    assert alternates["http://testserver/en/stories/alone/"] == {}


def test_the_story_sitemap_query_count_does_not_grow_with_translations(
    client, editions, django_assert_max_num_queries
):
    for n in range(5):
        make_article(
            headline=f"Arabic {n}",
            language="ar",
            slug=f"ar-{n}",
            translation_of=make_article(slug=f"en-{n}"),
        )

    with django_assert_max_num_queries(8):
        client.get("/sitemap-stories.xml")


# Search as Sorani and Persian keyboards type -------------------------------------


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("کرکوک", "كركوك"),  # keheh U+06A9 for kaf
        ("دیالی", "ديالى"),  # farsi yeh U+06CC for yeh and alef maqsura
        ("دیا\u200cلی", "ديالى"),  # a zero-width non-joiner inside the word
        ("۱۵۰", "150"),  # Persian digits
        ("١٥٠", "150"),  # Arabic-Indic digits
        ("ھەولێر", "هەولێر"),  # heh doachashmee as Sorani writes h
    ],
)
def test_sorani_and_persian_spellings_normalise_like_arabic(typed, stored):
    assert normalize_text(typed) == normalize_text(stored)


@pytest.mark.parametrize("edition", ["ar", "ckb"])
@pytest.mark.parametrize("query", ["کرکوک", "دیالی", "دیا\u200cلی", "كرکوک"])
def test_a_story_spelt_in_arabic_is_found_from_a_sorani_keyboard(
    client, edition, query
):
    # Each name stands as its own word: PostgreSQL matches whole words, and only the
    # definite article (with its prefixes) is stripped, never a bare و.
    make_article(
        headline="تعزيزات أمنية تصل كركوك ثم ديالى",
        slug=f"kirkuk-diyala-{edition}",
        language=edition,
        body="<p>وصلت قوات إلى كركوك، ثم إلى ديالى.</p>",
        publish_at=hours_ago(2),
    )

    page = soup(client.get(f"/{edition}/search/", {"q": query}))

    titles = [
        " ".join(h.get_text().split()) for h in page.select(".search-result__title")
    ]
    assert titles == ["تعزيزات أمنية تصل كركوك ثم ديالى"]


def test_each_edition_searches_only_its_own_stories(client, db):
    make_article(headline="كركوك اليوم", slug="kirkuk-ar", language="ar")
    make_article(headline="کەرکووک ئەمڕۆ کرکوک", slug="kirkuk-ckb", language="ckb")

    arabic = soup(client.get("/ar/search/", {"q": "كركوك"}))
    kurdish = soup(client.get("/ckb/search/", {"q": "كركوك"}))

    def titles(page):
        return [
            " ".join(h.get_text().split()) for h in page.select(".search-result__title")
        ]

    assert titles(arabic) == ["كركوك اليوم"]
    assert titles(kurdish) == ["کەرکووک ئەمڕۆ کرکوک"]
