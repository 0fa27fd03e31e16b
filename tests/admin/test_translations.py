"""Editors translate a story from its admin page in one click, and edit every
edition's name of a vocabulary beside the original."""

import pytest
from bs4 import BeautifulSoup

from articles.models import Article
from tests.factories import make_article, make_author, make_place, make_topic

pytestmark = pytest.mark.django_db


def change_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def translate_url(article, language) -> str:
    return f"/admin/articles/article/{article.pk}/translate/{language}/"


@pytest.fixture
def story(db):
    return make_article(
        headline="Iraq takes over Ain al-Asad",
        slug="iraq-takes-over-ain-al-asad",
        standfirst="The base changes hands.",
        body="<p>The last convoy left at dawn.</p>",
        topics=[make_topic(name="Withdrawal")],
        places=[make_place(name="Anbar")],
        authors=[make_author(name="Desk")],
    )


def test_the_story_page_offers_one_click_translation_into_each_other_edition(
    editor_client, story
):
    page = BeautifulSoup(editor_client.get(change_url(story)).content, "html.parser")

    buttons = [b.get_text() for b in page.select(".translate-form__button")]
    assert buttons == ["Translate into Arabic", "Translate into Central Kurdish"]
    assert page.select_one(".translate-form input[name=csrfmiddlewaretoken]")


@pytest.mark.parametrize("language", ["ar", "ckb"])
def test_translating_makes_a_linked_prefilled_draft_and_opens_it(
    editor_client, editor, story, language
):
    response = editor_client.post(translate_url(story, language))

    translation = Article.objects.get(language=language)
    assert response.status_code == 302
    assert response["Location"] == change_url(translation)
    assert translation.translation_of == story
    assert translation.status == Article.Status.DRAFT
    assert translation.created_by == editor
    assert (translation.headline, translation.standfirst, translation.body) == (
        story.headline,
        story.standfirst,
        story.body,
    )
    assert translation.slug == story.slug
    assert list(translation.topics.all()) == list(story.topics.all())
    assert list(translation.places.all()) == list(story.places.all())
    assert translation.byline == story.byline


def test_translating_twice_opens_the_existing_translation(editor_client, story):
    editor_client.post(translate_url(story, "ar"))
    again = editor_client.post(translate_url(story, "ar"))

    translation = Article.objects.get(language="ar")
    assert again["Location"] == change_url(translation)
    assert Article.objects.filter(language="ar").count() == 1
    page = BeautifulSoup(editor_client.get(change_url(story)).content, "html.parser")
    assert page.select_one(f'.object-tools a[href="{change_url(translation)}"]')


def test_a_translation_of_a_translation_links_to_the_original(editor_client, story):
    editor_client.post(translate_url(story, "ar"))
    arabic = Article.objects.get(language="ar")

    editor_client.post(translate_url(arabic, "ckb"))

    assert Article.objects.get(language="ckb").translation_of == story


@pytest.mark.parametrize("language", ["en", "xx"])
def test_translating_into_its_own_or_an_unknown_edition_is_refused(
    editor_client, story, language
):
    response = editor_client.post(translate_url(story, language), follow=True)

    assert response.status_code == 200
    assert Article.objects.count() == 1
    assert list(response.context["messages"])[0].level_tag == "error"


def test_translating_needs_a_post(editor_client, story):
    assert editor_client.get(translate_url(story, "ar")).status_code == 405


def test_a_place_is_named_per_edition_beside_the_original(admin_client):
    place = make_place(name="Kirkuk", slug="kirkuk")

    page = BeautifulSoup(
        admin_client.get(f"/admin/events/place/{place.pk}/change/").content,
        "html.parser",
    )

    for column in ["name_en", "name_ar", "name_ckb", "aliases_ar", "description_ckb"]:
        assert page.select_one(f"[name={column}]"), column


def test_the_admin_finds_a_source_by_its_sorani_name(admin_client):
    from tests.factories import make_source

    make_source(name="Kurdistan Region Government", name_ckb="حکومەتی هەرێمی کوردستان")

    response = admin_client.get("/admin/sources/source/", {"q": "هەرێمی"})

    assert "Kurdistan Region Government" in response.content.decode()
