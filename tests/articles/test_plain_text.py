"""A body's plain text is real text everywhere it is shown or indexed.

Every surface that reads a story's or a live update's HTML as plain text (search on
either engine, the search snippet, JSON-LD, the live feeds, the admin's search,
partners' ninjs counts, revision diffs) reads `articles.text.plain_text`: words stay
apart across block boundaries, and entities are decoded, never indexed or shown as
"&amp;". Each surface escapes the text for its own context itself.
"""

import importlib
import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.utils.html import strip_tags

from articles.models import Article, LiveUpdate
from articles.text import count_words, plain_text, reading_text
from demo.generator import generate_archive
from tests.factories import (
    make_article,
    make_body_image,
    make_live_article,
    make_live_update,
)

pytestmark = pytest.mark.django_db

recomputed = importlib.import_module(
    "articles.migrations.0026_body_text_breaks_at_blocks"
)

# Each body hides the word "Qamishli" right after one kind of boundary or entity.
BOUNDARIES = {
    "paragraph": "<p>The prisons were handed over.</p><p>Qamishli was next.</p>",
    "list item": "<ul><li>Hasakah</li><li>Qamishli</li></ul>",
    "heading": "<h2>Border</h2><p>Qamishli crossing</p>",
    "heading after text": "<p>Crossing at</p><h3>Qamishli</h3>",
    "quotation": "<blockquote><p>We left.</p></blockquote><p>Qamishli</p>",
    "table cell": "<table><tr><td>Hasakah</td><td>Qamishli</td></tr></table>",
    "line break": "<p>Hasakah<br>Qamishli</p>",
    "ampersand": "<p>Hasakah&amp;Qamishli</p>",
    "no-break space": "<p>Hasakah&nbsp;Qamishli</p>",
}


def result_titles(response) -> list[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return [
        " ".join(h.get_text().split()) for h in page.select(".search-result__title")
    ]


def test_plain_text_ends_every_block_and_decodes_entities():
    html = (
        "<p>Ain al-Asad &amp; Qaim</p><h2>Border</h2>"
        "<ul><li>Hasakah</li><li>Qamishli</li></ul>"
    )

    assert strip_tags(html) == "Ain al-Asad &amp; QaimBorderHasakahQamishli"
    assert plain_text(html) == "Ain al-Asad & Qaim\nBorder\nHasakah\nQamishli"
    assert plain_text("<p>handed over.</p><p>Prisons were</p>") == (
        "handed over.\nPrisons were"
    )


def test_plain_text_keeps_decoded_markup_as_text_and_drops_what_xml_forbids():
    body = "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; it&#39;s&#12;ok</p>"

    assert plain_text(body) == '<script>alert("x")</script> it\'s\nok'
    assert plain_text("<p>&nbsp;</p><p> </p>") == ""
    # Marks that order Arabic and Latin text stay; the spaces around are one space.
    assert plain_text("<p>قاعدة\u200f  عين&nbsp;الأسد</p>") == "قاعدة\u200f عين الأسد"


def test_the_stored_text_of_a_story_and_a_live_update_is_the_plain_text():
    story = make_article(body=BOUNDARIES["paragraph"] + BOUNDARIES["ampersand"])
    update = make_live_update(body=BOUNDARIES["list item"] + BOUNDARIES["ampersand"])

    story.refresh_from_db()
    update.refresh_from_db()
    assert story.body_text == (
        "The prisons were handed over.\nQamishli was next.\nHasakah&Qamishli"
    )
    assert update.body_text == "Hasakah\nQamishli\nHasakah&Qamishli"


@pytest.mark.parametrize("kind", sorted(BOUNDARIES))
def test_search_finds_a_word_after_every_kind_of_boundary(client, kind):
    make_article(headline="Daily brief", body=BOUNDARIES[kind])

    assert result_titles(client.get("/en/search/?q=Qamishli")) == ["Daily brief"]
    assert result_titles(client.get("/en/search/?q=Hasakah+Qamishli")) == (
        ["Daily brief"] if "Hasakah" in BOUNDARIES[kind] else []
    )


def test_search_finds_the_words_on_both_sides_of_a_paragraph_end(client):
    make_article(headline="Daily brief", body=BOUNDARIES["paragraph"])

    for word in ("over", "Prisons", "Qamishli", "next"):
        assert result_titles(client.get(f"/en/search/?q={word}")) == ["Daily brief"]


def test_search_indexes_no_entity_names_and_shows_decoded_snippets(client):
    make_article(
        headline="Daily brief",
        body="<p>Officials in Hasakah &amp; Qamishli said&nbsp;&quot;no&quot;.</p>",
    )

    for entity in ("amp", "nbsp", "quot"):
        assert result_titles(client.get(f"/en/search/?q={entity}")) == []
    response = client.get("/en/search/?q=Qamishli")
    snippet = BeautifulSoup(response.content, "html.parser").select_one(
        ".search-result__snippet"
    )
    assert 'Hasakah & Qamishli said "no".' in " ".join(snippet.get_text().split())
    assert "&amp;" not in snippet.get_text()


def test_search_finds_a_figure_caption_which_word_counts_leave_out():
    picture = make_body_image(caption="Trucks leave Qamishli")
    story = make_article(
        body=f"<p>Two words</p>{picture_html(picture)}<p>and more</p>",
    )

    story.refresh_from_db()
    assert "Trucks leave Qamishli" in story.body_text.split("\n")
    assert story.word_count == 4
    assert reading_text(story.body_text, story.body) == "Two words\nand more"


def picture_html(picture) -> str:
    from articles.body import editor_figure

    return editor_figure(picture)


def test_recomputing_old_rows_reindexes_them_on_this_engine(client):
    """The data migration brings rows stored with strip_tags' glued text back into
    search: PostgreSQL's generated column and SQLite's FTS5 trigger follow it."""
    story = make_article(
        headline="Daily brief", body=BOUNDARIES["paragraph"] + BOUNDARIES["list item"]
    )
    live = make_live_article(headline="Live brief")
    update = make_live_update(article=live, body=BOUNDARIES["list item"])
    Article.objects.filter(pk=story.pk).update(body_text=strip_tags(story.body))
    LiveUpdate.objects.filter(pk=update.pk).update(body_text=strip_tags(update.body))
    assert result_titles(client.get("/en/search/?q=Hasakah")) == []

    recomputed.forwards(apps, None)

    for word in ("over", "Prisons", "Hasakah", "Qamishli"):
        assert result_titles(client.get(f"/en/search/?q={word}")) == ["Daily brief"]
    update.refresh_from_db()
    assert update.body_text == "Hasakah\nQamishli"


def test_a_generated_story_stores_the_text_save_would():
    generate_archive(count=30)

    stories = list(Article.objects.filter(slug__startswith="archive-1-"))
    assert stories
    for story in stories:
        stored = story.body_text
        story.save()
        assert stored == story.body_text == plain_text(story.body)
        assert "\n" in stored  # one line per paragraph, never glued


def test_ninjs_counts_are_the_reading_time_word_count(client):
    picture = make_body_image(caption="Trucks leave the base")
    story = make_live_article(
        body=(
            "<h2>Border</h2><p>Ain al-Asad &amp; Qaim — handed over.</p>"
            f"{picture_html(picture)}<ul><li>Hasakah</li><li>Qamishli</li></ul>"
        )
    )
    update = make_live_update(
        article=story, body="<p>Prisons &amp; camps</p><p>were&nbsp;emptied</p>"
    )

    item = client.get(f"/api/v1/articles/{story.uuid}/?format=ninjs").json()

    body = item["bodies"][0]
    assert body["wordcount"] == story.word_count == 8
    text = "Border\nAin al-Asad & Qaim — handed over.\nHasakah\nQamishli"
    assert body["charcount"] == len(text)
    (associated,) = [a for a in item["associations"] if a["name"] == update.anchor]
    assert associated["bodies"][0]["wordcount"] == 4
    assert associated["bodies"][0]["charcount"] == len("Prisons & camps\nwere emptied")
    assert count_words(update.body_text) == 4


HOSTILE = (
    "<p>&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; it&#39;s "
    "&lt;/script&gt;&lt;b&gt;</p><p>\u202bقاعدة عين الأسد\u202c\u200f &amp; more</p>"
)
HOSTILE_TEXT = (
    '<script>alert(1)</script> "quoted" it\'s </script><b>\n'
    "\u202bقاعدة عين الأسد\u202c\u200f & more"
)


def test_a_live_updates_text_is_text_in_json_ld_and_both_feeds(client):
    story = make_live_article()
    update = make_live_update(article=story, title="", body=HOSTILE)
    update.refresh_from_db()
    assert update.body_text == HOSTILE_TEXT

    page = BeautifulSoup(client.get(story.get_absolute_url()).content, "html.parser")
    (script,) = page.select('script[type="application/ld+json"]')
    assert "<" not in script.string and "&" not in script.string
    (posting,) = json.loads(script.string)["liveBlogUpdate"]
    assert posting["articleBody"] == HOSTILE_TEXT
    assert posting["headline"] == " ".join(HOSTILE_TEXT.split()[:12])

    base = story.get_absolute_url().rstrip("/")
    (item,) = ET.fromstring(client.get(f"{base}/updates.rss").content).iter("item")
    title = BeautifulSoup(item.findtext("title"), "html.parser")
    assert title.find_all(True) == []  # RSS titles are HTML: escaped, so only text
    assert title.get_text() == " ".join(HOSTILE_TEXT.split()[:12])
    atom = ET.fromstring(client.get(f"{base}/updates.atom").content)
    entry = atom.find("{http://www.w3.org/2005/Atom}entry")
    atom_title = entry.find("{http://www.w3.org/2005/Atom}title")
    assert atom_title.get("type") in (None, "text")
    assert atom_title.text == " ".join(HOSTILE_TEXT.split()[:12])


def test_the_admin_finds_a_live_update_by_a_word_after_a_list_item(admin_client):
    client = admin_client
    make_live_update(title="", body=BOUNDARIES["list item"])
    make_live_update(title="", body="<p>Nothing here</p>")

    response = client.get("/admin/articles/liveupdate/?q=Qamishli")

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    rows = BeautifulSoup(response.content, "html.parser").select(
        "#result_list tbody tr"
    )
    assert "Hasakah Qamishli" in " ".join(rows[0].get_text().split())


def test_a_body_of_only_spaces_is_missing_for_publication():
    story = Article(headline="H", standfirst="S", body="<p>&nbsp;</p>")

    assert "a body" in [str(label) for label in story.missing_for_publication()]


@pytest.mark.parametrize(
    "body",
    [
        "<p>one two</p><p>three</p>",
        "<h2>Title</h2><ul><li>a-b</li><li>it’s</li></ul>",
        "<p>قاعدة عين الأسد &amp; القائم</p>",
    ],
)
def test_the_word_count_is_the_count_of_the_plain_text(body):
    assert Article(body=body).word_count == count_words(plain_text(body))
