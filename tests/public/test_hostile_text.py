"""Markup typed into a plain-text field stays text in every output readers and partners parse.

Hypothesis puts script, event-handler, `javascript:` and SVG payloads (mixed with
control characters a word processor leaves behind) into every text field of a story
and of everything around it, then reads every output a feed reader, a search engine,
a browser or a partner parses:

- the feeds (RSS, Atom, topic RSS, timeline RSS) and sitemaps must be well-formed
  XML, and every element a reader renders as HTML (RSS title/description, Atom
  type="html") must, once decoded as HTML, hold no element at all: only text;
- the story page must carry no event-handler attribute, no `javascript:` link, no
  script but ours and no SVG, and its JSON-LD must not be able to close its <script>;
- the API's plain fields must give the text back as text (partners escape it), its
  HTML fields (TimelineJS headline, text, caption, credit) must hold no live markup,
  and the body's pictures (alt, caption, credit) reach partners (API and ninjs) as
  text inside a plain <figure>;
- the desk's own text (an author's name in each edition, role and bio, a body
  picture's alt text, caption and credit) is in the world too, and the author's page
  is read like every other page.

Rows stored before input was cleaned are simulated with queryset.update(), which
skips the cleaning, so the writers' own guard is tested too.
"""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.body import editor_figure
from articles.models import Article
from articles.text import clean_text
from events.models import Event
from tests.factories import (
    hours_ago,
    make_article,
    make_author,
    make_body_image,
    make_correction,
    make_event,
    make_figure,
    make_live_update,
    make_place,
    make_quote,
    make_section,
    make_source,
    make_topic,
)

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg/onload=alert(1)>',
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(1)",
    "</script><script>alert(1)</script>",
    "&lt;img src=x onerror=alert(1)&gt;",  # already escaped once
    "<![CDATA[<b>]]>",
    "<!-- --><iframe src=//evil>",
    "' onmouseover='alert(1)",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]
# Characters an editor may paste alongside, controls XML 1.0 forbids included.
NOISE = st.text(
    alphabet=st.sampled_from(list("ab عين&<>\"'\x0b\x08\x0c\t\u2028")), max_size=6
)
HOSTILE = st.builds(
    lambda before, payload, after: before + payload + after,
    NOISE,
    st.sampled_from(PAYLOADS),
    NOISE,
)

RSS_FEEDS = ["/en/feeds/stories.rss", "/en/feeds/timeline.rss"]
ATOM = "{http://www.w3.org/2005/Atom}"
EVENT_HANDLER = re.compile(r"^on", re.IGNORECASE)
# What a story's body may hold once sanitised: text markup, links and our pictures.
BODY_TAGS = {"p", "br", "a", "figure", "img", "figcaption", "small", "span"}


def elements_in_html(fragment: str) -> list[str]:
    """The tag names a browser would build from `fragment` read as HTML."""
    return [tag.name for tag in BeautifulSoup(fragment, "html.parser").find_all(True)]


def build_world(text: str) -> dict:
    """A published story with `text` in every text field around it."""
    section = make_section(name=text[:100], description=text)
    topic = make_topic(name=f"{text[:100]} {section.pk}", description=text)
    place = make_place(name=text[:200], description=text)
    source = make_source(name=text[:200], description=text, role=text[:100])
    author = make_author(
        name=text[:150],
        job_title=text[:150],
        bio=text,
        **dict.fromkeys(("name_ar", "name_ckb"), text[:150]),
        **dict.fromkeys(("job_title_ar", "bio_ckb"), text[:150]),
    )
    picture = make_body_image(alt=text[:300], caption=text[:500], credit=text[:200])
    story = make_article(
        headline=text[:200],
        standfirst=text,
        # The rich-text body is sanitised, not escaped; its picture is rebuilt.
        body=f"<p>{text}</p>{editor_figure(picture)}",
        lead_image_caption=text[:500],
        lead_image_credit=text[:200],
        section=section,
        topics=[topic],
        places=[place],
        authors=[author],
        dateline=place,
        publish_at=hours_ago(2),
    )
    make_quote(article=story, source=source, text=text, context=text[:200])
    story.start_live_coverage(key_points=text)
    make_live_update(article=story, title=text[:100], body=f"<p>{text}</p>")
    make_correction(article=story, text=text)
    event = make_event(
        title=text[:200], summary=text, place=place, articles=[story], topics=[topic]
    )
    return {
        "story": story,
        "topic": topic,
        "pages": [
            "/en/",
            story.get_absolute_url(),
            "/en/stories/",
            topic.get_absolute_url(),
            section.get_absolute_url(),
            place.get_absolute_url(),
            source.get_absolute_url(),
            event.get_absolute_url(),
            "/en/timeline/",
            "/en/search/?q=alert",
            "/en/corrections/",
            author.get_absolute_url(),
        ],
    }


def simulate_old_dirty_rows(text: str) -> None:
    """Rows written before input was cleaned: update() skips the pre_save cleaning."""
    dirty = text[:150] + "\x0b\x08"
    Article.objects.update(headline=dirty, standfirst=dirty)
    Event.objects.update(title=dirty, summary=dirty)


def check_rss(client, url: str, text: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    channel = ET.fromstring(response.content).find("channel")
    for item in channel.iter("item"):
        for name in ("title", "description"):
            value = item.findtext(name) or ""
            assert elements_in_html(value) == [], (url, name, value)
    expected = clean_text(text, multiline=True)
    assert any(
        expected
        in BeautifulSoup(item.findtext("description") or "", "html.parser").text
        for item in channel.iter("item")
    ), "the payload reaches the reader as the text that was typed"


def check_live_feeds(client, story: Article) -> None:
    """The live updates feeds: titles plain, the sanitised update body the only HTML."""
    base = story.get_absolute_url().rstrip("/")
    rss = client.get(f"{base}/updates.rss")
    assert rss.status_code == 200
    for item in ET.fromstring(rss.content).iter("item"):
        assert elements_in_html(item.findtext("title") or "") == []
        body = BeautifulSoup(item.findtext("description") or "", "html.parser")
        # The editor may write links; the sanitiser keeps only safe ones.
        assert {tag.name for tag in body.find_all(True)} <= {"p", "br", "a"}
        for link in body.find_all("a"):
            assert not link.get("href", "").strip().lower().startswith("javascript:")
        assert not any(
            EVENT_HANDLER.match(a) for tag in body.find_all(True) for a in tag.attrs
        )
    atom = client.get(f"{base}/updates.atom")
    assert atom.status_code == 200
    ET.fromstring(atom.content)


def check_atom(client, text: str) -> None:
    response = client.get("/en/feeds/stories.atom")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    for entry in feed.iter(f"{ATOM}entry"):
        for element in entry:
            if element.get("type") == "html":
                assert elements_in_html(element.text or "") == [], element.tag
            elif element.tag == f"{ATOM}title":
                assert element.get("type") in (None, "text")


def check_sitemaps(client) -> None:
    for url in ("/sitemap-news.xml", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        ET.fromstring(response.content)  # well-formed


def check_html_page(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    page = BeautifulSoup(response.content, "html.parser")
    for element in page.find_all(True):
        assert not any(EVENT_HANDLER.match(attribute) for attribute in element.attrs)
        for attribute in ("href", "src", "action", "formaction"):
            value = str(element.get(attribute, "")).strip().lower()
            assert not value.startswith("javascript:"), element
    for svg in page.find_all("svg"):  # only our own maps and charts, drawn escaped
        assert {"map", "chart"} & set(svg.get("class", [])), svg.get("class")
        assert svg.find(["script", "foreignobject", "iframe"]) is None
    assert page.find("iframe") is None
    for script in page.find_all("script"):
        if script.get("type") == "application/ld+json":
            assert "<" not in script.string  # cannot close its element
            json.loads(script.string)
        else:
            assert script.get("src", "").startswith("/static/"), script


def check_api(client, story: Article, text: str) -> None:
    response = client.get(f"/api/v1/articles/{story.uuid}/")
    assert response.status_code == 200, response.content[:200]
    article = response.json()
    # Plain text in JSON, exactly as typed (minus control characters): partners escape it.
    assert article["headline"] == clean_text(text[:200], multiline=False)
    ninjs = client.get(f"/api/v1/articles/{story.uuid}/?format=ninjs")
    assert ninjs.status_code == 200
    for where, body in [
        ("api", article["body"]),
        *[("ninjs", body["value"]) for body in ninjs.json().get("bodies", [])],
    ]:
        html = BeautifulSoup(body, "html.parser")
        assert {tag.name for tag in html.find_all(True)} <= BODY_TAGS, (where, body)
        assert not any(
            EVENT_HANDLER.match(a) for tag in html.find_all(True) for a in tag.attrs
        ), (where, body)
        for img in html.find_all("img"):
            assert img["src"].startswith("http"), (where, img)
    timeline = client.get("/api/v1/timeline/").json()
    for slide in timeline["events"]:
        assert elements_in_html(slide["text"]["headline"]) == []
        for name, fragment in [("text", slide["text"]["text"])] + [
            (key, slide.get("media", {}).get(key, "")) for key in ("caption", "credit")
        ]:
            tags = set(elements_in_html(fragment))
            assert tags <= {"p", "ul", "li", "a"}, (name, fragment)
            for link in BeautifulSoup(fragment, "html.parser").find_all("a"):
                assert link["href"].startswith("http"), link
                assert not any(EVENT_HANDLER.match(a) for a in link.attrs)


@pytest.fixture
def uncached(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def unthrottled(settings):
    """Each example asks the API several times: ten examples pass the anonymous
    rate (60 a minute) within one test, and a 429 is not what is tested here."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "partner": "100000/minute"},
    }


@pytest.mark.django_db
@settings(
    max_examples=10,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=HOSTILE)
def test_markup_in_any_text_field_stays_text_in_every_output(
    client, uncached, unthrottled, text
):
    world = build_world(text)
    story, topic = world["story"], world["topic"]

    for url in [*RSS_FEEDS, f"/en/feeds/topics/{topic.slug}.rss"]:
        check_rss(client, url, text)
    check_atom(client, text)
    check_live_feeds(client, story)
    check_sitemaps(client)
    for url in world["pages"]:
        check_html_page(client, url)
    check_api(client, story, text)

    simulate_old_dirty_rows(text)
    for url in [
        *RSS_FEEDS,
        "/en/feeds/stories.atom",
        f"/en/feeds/topics/{topic.slug}.rss",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        ET.fromstring(response.content)
    check_sitemaps(client)
    Article.objects.all().delete()
    Event.objects.all().delete()


@pytest.mark.django_db
def test_the_reported_standfirst_reaches_rss_readers_as_text(client, uncached):
    make_article(standfirst="<img src=x onerror=alert(1)>")

    response = client.get("/en/feeds/stories.rss")

    description = ET.fromstring(response.content).find("channel/item/description").text
    assert description == "&lt;img src=x onerror=alert(1)&gt;"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/en/feeds/stories.rss",
        "/en/feeds/stories.atom",
        "/en/feeds/timeline.rss",
        "/sitemap-news.xml",
    ],
)
def test_an_old_row_with_a_vertical_tab_keeps_every_xml_output_well_formed(
    client, uncached, url
):
    story = make_article()
    make_event(articles=[story])
    Article.objects.update(headline="Tab\x0bhere", standfirst="Back\x08space")
    Event.objects.update(title="Tab\x0bhere", summary="Back\x08space")

    response = client.get(url)

    assert response.status_code == 200
    ET.fromstring(response.content)


@pytest.mark.django_db
def test_a_live_update_keeps_no_picture_typed_or_pasted_into_its_editor():
    story = make_article()
    story.start_live_coverage(key_points="One point")
    picture = make_body_image()

    update = make_live_update(
        article=story,
        body=f'<p>Text</p><img src="https://tracker.example/x.gif">{editor_figure(picture)}',
    )

    update.refresh_from_db()
    assert update.body == "<p>Text</p>"


# Every payload at once, with a right-to-left override, quotes, an ampersand and a
# control character: what the timeline, place, event and story pages now write in
# Python (readers' timeline_events and figure_table tags, the filter menus) rather
# than through templates.
EVERY_PAYLOAD = "a\u202e&'\"" + "".join(PAYLOADS) + "\x0b"
EDITIONS = ("en", "ar", "ckb")


def in_every_edition(field: str, text: str, length: int) -> dict:
    """The translated field's column in every edition, each holding `text`."""
    return {f"{field}_{language}": text[:length] for language in EDITIONS}


@pytest.mark.django_db
@pytest.mark.parametrize("language", EDITIONS)
def test_markup_in_every_editions_columns_stays_text_on_the_pages_written_in_python(
    client, uncached, language
):
    text = EVERY_PAYLOAD
    topic = make_topic(**in_every_edition("name", text, 100), slug="hostile-topic")
    place = make_place(**in_every_edition("name", text, 200), slug="hostile-place")
    source = make_source(
        **in_every_edition("name", text, 200),
        **in_every_edition("role", text, 100),
        slug="hostile-source",
    )
    story = make_article(
        headline=text[:200],
        standfirst=text,
        language=language,
        topics=[topic],
        places=[place],
        dateline=place,
    )
    make_quote(article=story, source=source, text=text, context=text[:200])
    event = make_event(
        **in_every_edition("title", text, 200),
        **in_every_edition("summary", text, 2000),
        place=place,
        articles=[story],
        topics=[topic],
        actors=[source],
    )
    for owner in ({"place": place}, {"event": event}, {"article": story}):
        make_figure(
            **in_every_edition("counts", text, 200),
            **in_every_edition("unit", text, 50),
            source=source,
            as_of=datetime.date(2026, 1, 2),
            **owner,
        )
    with translation.override(language):
        pages = [
            f"/{language}/",
            f"/{language}/stories/",
            f"/{language}/stories/?topic={topic.slug}&place={place.slug}"
            f"&source={source.slug}&event={event.slug}",
            f"/{language}/timeline/",
            f"/{language}/timeline/?place={place.slug}",
            f"/{language}/sources/",
            story.get_absolute_url(),
            topic.get_absolute_url(),
            place.get_absolute_url(),
            source.get_absolute_url(),
            event.get_absolute_url(),
        ]

    for url in pages:
        check_html_page(client, url)
        page = BeautifulSoup(client.get(url).content, "html.parser")
        # A strict CSP allows no inline style; the text is shown as typed.
        assert page.find(style=True) is None, url
        assert clean_text(text[:100], multiline=False) in page.get_text(), url
