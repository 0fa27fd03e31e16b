"""The Arabic and Kurdish editions speak their own language: interface, dates, direction."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import formats, translation

from events.models import Event, Precision
from tests.factories import (
    make_article,
    make_author,
    make_correction,
    make_event,
    make_figure,
    make_place,
    make_quote,
    make_section,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db

EDITIONS = ["ar", "ckb"]
# 21 January 2026, 15:04 UTC: 18:04 in Baghdad, long past at any hour the suite runs.
PUBLISHED = datetime.datetime(2026, 1, 21, 15, 4, tzinfo=datetime.UTC)
# How each edition writes that moment, and the month known only to the month.
DATETIME = {
    "ar": "21 كانون الثاني 2026، الساعة 18:04",
    "ckb": "21 کانوونی دووەم 2026، کاتژمێر 18:04",
}
DATE = {"ar": "21 كانون الثاني 2026", "ckb": "21 کانوونی دووەم 2026"}
MONTH = {"ar": "كانون الثاني 2026", "ckb": "کانوونی دووەم 2026"}
# Strings of the interface that each page must show translated.
PAGE_STRINGS = {
    "home": ["Latest stories", "The full timeline", "Main topics"],
    "story": ["Who said what", "Events in this story", "Baghdad time"],
    "timeline": ["Timeline of the security transition", "Filter the timeline"],
    "search": ["Search published stories, sources, topics and places"],
    "source": ["Quoted in our coverage", "Who they are"],
    "topic": ["RSS feed for this topic", "This topic on the timeline"],
}
# On every page: navigation, footer, skip link.
EVERY_PAGE = ["Skip to main content", "Stories", "Timeline", "Sources", "Sitemap"]
ARABIC_INDIC_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def make_vocabulary() -> dict:
    """Names shared by the editions, still only in English (as before translation)."""
    return {
        "topic": make_topic(name="ISIS", slug="isis", is_featured=True),
        "source": make_source(
            name="Adnan al-Kinani", slug="adnan-al-kinani", role="analyst"
        ),
        "place": make_place(name="Ain al-Asad", slug="ain-al-asad"),
        "section": make_section(name="Security", slug="security"),
        "author": make_author(name="Shafaq News staff", slug="staff"),
    }


def make_edition_story(lang: str, vocabulary: dict):
    """One story of the edition with a quote, a correction, a figure and an event."""
    topic, source, place = (vocabulary[k] for k in ("topic", "source", "place"))
    story = make_article(
        language=lang,
        slug="ain-al-asad",
        headline="عين الأسد" if lang == "ar" else "عەین ئەلئەسەد",
        standfirst="نص تجريبي." if lang == "ar" else "دەقی تاقیکردنەوە.",
        body="<p>نص عين الأسد.</p>",
        section=vocabulary["section"],
        topics=[topic],
        authors=[vocabulary["author"]],
        dateline=place,
        publish_at=PUBLISHED,
    )
    make_quote(article=story, source=source, text="قرار متوقع.")
    make_correction(article=story, text="تصحيح الرقم.")
    make_figure(
        value=12000,
        qualifier="about",
        unit="people",
        counts="foreign fighters held",
        place=place,
        article=story,
        source=source,
    )
    make_event(
        title=f"US forces leave Ain al-Asad ({lang})",
        slug=f"withdrawal-{lang}",
        date=datetime.date(2026, 1, 1),
        date_precision=Precision.MONTH,
        place=place,
        category=Event.Category.WITHDRAWAL,
        articles=[story],
        actors=[source],
        topics=[topic],
    )
    return story


@pytest.fixture
def edition_world(request):
    lang = request.param
    return {"lang": lang, "story": make_edition_story(lang, make_vocabulary())}


def pages(lang) -> dict[str, str]:
    return {
        "home": f"/{lang}/",
        "story": f"/{lang}/stories/ain-al-asad/",
        "timeline": f"/{lang}/timeline/",
        "search": f"/{lang}/search/?q=ain",
        "source": f"/{lang}/sources/adnan-al-kinani/",
        "topic": f"/{lang}/topics/isis/",
        "stories": f"/{lang}/stories/",
        "sources": f"/{lang}/sources/",
        "place": f"/{lang}/places/ain-al-asad/",
        "event": f"/{lang}/events/withdrawal-{lang}/",
        "section": f"/{lang}/sections/security/",
        "author": f"/{lang}/authors/staff/",
        "corrections": f"/{lang}/corrections/",
    }


def visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "head"]):
        hidden.decompose()
    return soup.get_text(" ")


@pytest.mark.parametrize("edition_world", EDITIONS, indirect=True)
@pytest.mark.parametrize("page", list(PAGE_STRINGS))
def test_each_page_of_the_edition_reads_right_to_left_in_its_language(
    client, edition_world, page
):
    lang = edition_world["lang"]

    response = client.get(pages(lang)[page])

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="rtl">' in html
    text = visible_text(html)
    with translation.override(lang):
        for english in PAGE_STRINGS[page] + EVERY_PAGE:
            translated = translation.gettext(english)
            assert translated != english
            assert translated in text, (page, english)
            assert english not in text.replace("Shafaq News staff", ""), (page, english)


@pytest.mark.parametrize("edition_world", EDITIONS, indirect=True)
def test_the_story_page_dates_the_story_in_the_editions_order(client, edition_world):
    lang = edition_world["lang"]

    html = client.get(pages(lang)["story"]).content.decode()

    assert DATETIME[lang] in html
    assert not ARABIC_INDIC_DIGITS.search(html)


@pytest.mark.parametrize("edition_world", EDITIONS, indirect=True)
def test_the_timeline_names_a_month_known_only_to_the_month(client, edition_world):
    lang = edition_world["lang"]

    html = client.get(pages(lang)["timeline"]).content.decode()

    assert MONTH[lang] in html
    assert "January" not in visible_text(html)


@pytest.mark.parametrize("edition_world", EDITIONS, indirect=True)
def test_the_source_page_dates_its_quotes_in_the_editions_order(client, edition_world):
    lang = edition_world["lang"]

    html = client.get(pages(lang)["source"]).content.decode()

    assert DATE[lang] in html


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_editions_format_modules_give_day_month_year_and_a_24_hour_clock(lang):
    moment = PUBLISHED.astimezone(datetime.timezone(datetime.timedelta(hours=3)))

    with translation.override(lang):
        assert formats.date_format(moment, "DATETIME_FORMAT") == DATETIME[lang]
        assert formats.date_format(moment.date(), "DATE_FORMAT") == DATE[lang]
        assert formats.date_format(moment.date(), "YEAR_MONTH_FORMAT") == MONTH[lang]
        assert formats.number_format(12000.5, 1, force_grouping=True) == "12,000.5"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 6


def test_the_english_edition_keeps_djangos_english_formats():
    with translation.override("en"):
        assert formats.date_format(PUBLISHED.date(), "DATE_FORMAT") == "Jan. 21, 2026"


@pytest.mark.parametrize("edition_world", EDITIONS, indirect=True)
@pytest.mark.parametrize("page", list(pages("ar")))
def test_every_latin_run_on_an_rtl_page_is_isolated_from_the_text_around_it(
    client, edition_world, page
):
    # The vocabulary (names of sources, places, topics) may still be English on an
    # Arabic page: each such run must sit in <bdi>, an element with dir, or <time>,
    # or fill its block alone, so that its punctuation and order do not scramble.
    lang = edition_world["lang"]
    response = client.get(pages(lang)[page])
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    blocks = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "td", "th"}
    blocks |= {"figcaption", "label", "summary", "button", "div", "section", "nav"}
    blocks |= {"option"}  # each option of a select stands on its own line
    blocks |= {"text", "title"}  # an SVG label is placed on its own, never in a line

    scrambled = []
    for node in soup.body.find_all(string=re.compile("[A-Za-z]")):
        if node.parent.name in {"script", "style"} or re.search(
            "[\u0600-\u06ff]", node
        ):
            continue
        element, isolated = node.parent, False
        while element is not None and element.name not in blocks:
            if element.name in {"bdi", "time"} or element.has_attr("dir"):
                isolated = True
                break
            element = element.parent
        if isolated or element is None or element.has_attr("dir"):
            continue
        block_text = element.get_text(" ", strip=True)
        if not re.search("[\u0600-\u06ff]", block_text):
            continue  # the block holds only this run: nothing to scramble against
        scrambled.append((element.name, block_text[:80]))

    assert scrambled == []
