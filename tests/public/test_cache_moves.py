"""A save that moves a story, quote, byline or event AWAY from a page must refresh
that page too (issue 15 with issue 9): the page it leaves is stale otherwise."""

import pytest

from articles.models import Article, Byline
from tests.factories import make_place, make_section, make_source

pytestmark = pytest.mark.django_db


def _warm(client, url):
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_moving_a_story_to_another_section_refreshes_the_section_it_left(client, world):
    story = world["story"]
    politics = make_section(name="Politics", slug="politics")
    _warm(client, "/en/sections/security/")
    story.section = politics
    story.save()
    assert story.headline not in client.get("/en/sections/security/").content.decode()


def test_changing_a_dateline_refreshes_the_place_it_left(client, world):
    story = world["story"]
    erbil = make_place(name="Erbil", slug="erbil")
    _warm(client, "/en/places/ain-al-asad/")
    story.dateline = erbil
    story.save()
    story.places.remove(*story.places.all())
    page = client.get("/en/places/ain-al-asad/")
    assert page["X-Page-Cache"] != "hit"


def test_removing_a_byline_refreshes_the_author_page_it_left(client, world):
    story = world["story"]
    _warm(client, "/en/authors/staff/")
    for byline in Byline.objects.filter(article=story):
        byline.delete()
    assert story.headline not in client.get("/en/authors/staff/").content.decode()


def test_giving_a_quote_to_another_source_refreshes_the_source_it_left(client, world):
    quote = world["story"].quotes.get()
    voice = make_source(name="Another voice", slug="another-voice")
    _warm(client, "/en/sources/adnan-al-kinani/")
    quote.source = voice
    quote.save()
    assert (
        "did not come as a surprise"
        not in client.get("/en/sources/adnan-al-kinani/").content.decode()
    )


def test_moving_an_event_refreshes_the_place_it_left(client, world):
    event = world["story"].events.get(slug="ain-al-asad-withdrawal")
    baghdad = make_place(name="Baghdad", slug="baghdad")
    _warm(client, "/en/places/ain-al-asad/")
    event.place = baghdad
    event.save()
    assert client.get("/en/places/ain-al-asad/")["X-Page-Cache"] != "hit"


def test_renaming_an_event_refreshes_the_story_list_that_offers_it_as_a_filter(
    client, world
):
    event = world["story"].events.get(slug="ain-al-asad-withdrawal")
    assert event.title in client.get("/en/stories/").content.decode()
    event.title = "US forces hand over Ain al-Asad"
    event.save()
    assert (
        "US forces hand over Ain al-Asad" in client.get("/en/stories/").content.decode()
    )


@pytest.mark.parametrize(
    "path", ["/api/v1/articles/", "/api/v1/articles/?format=ninjs"]
)
@pytest.mark.parametrize("change", ["quote", "event", "figure"])
def test_the_cached_api_list_shows_a_story_s_quotes_events_and_figures_fresh(
    client, world, path, change
):
    story = world["story"]
    client.get(path)
    assert client.get(path)["X-Page-Cache"] == "hit"
    if change == "quote":
        quote = story.quotes.get()
        quote.text = "A fresh quote fixed by the desk."
        quote.save()
        expected = "A fresh quote fixed by the desk."
    elif change == "event":
        event = story.events.get(slug="ain-al-asad-withdrawal")
        event.title = "US forces hand over Ain al-Asad"
        event.save()
        expected = "US forces hand over Ain al-Asad"
    else:
        from tests.factories import make_figure

        make_figure(article=story, counts="detainees moved by the desk")
        expected = "detainees moved by the desk"
    answer = client.get(path)
    assert answer["X-Page-Cache"] == "miss"  # rendered again, whatever the format
    if "ninjs" not in path:
        assert expected in answer.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/en/stories/", "/en/topics/isis/", "/en/authors/staff/", "/api/v1/articles/"],
)
def test_a_public_story_put_back_to_draft_leaves_every_cached_list(client, world, path):
    story = world["story"]
    client.get(path)
    assert client.get(path)["X-Page-Cache"] == "hit"
    story.status = Article.Status.DRAFT
    story.save()
    assert story.headline not in client.get(path).content.decode()


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.IN_REVIEW])
@pytest.mark.parametrize("page", ["event", "place"])
def test_a_story_taken_off_the_site_takes_its_figures_off_every_cached_page(
    client, world, status, page
):
    # A figure reported in a story may belong to an event or place the story is not
    # linked to; that page shows the figure only while the story is public.
    from tests.factories import make_event, make_figure

    story = world["story"]
    elsewhere_event = make_event(slug="an-event-the-story-is-not-under")
    elsewhere_place = make_place(name="Qaim", slug="qaim")
    make_figure(
        article=story,
        event=elsewhere_event,
        place=elsewhere_place,
        counts="detainees counted by the story",
    )
    path = {
        "event": "/en/events/an-event-the-story-is-not-under/",
        "place": "/en/places/qaim/",
    }[page]
    assert "detainees counted by the story" in client.get(path).content.decode()
    assert client.get(path)["X-Page-Cache"] == "hit"
    story.status = status
    story.save()
    assert "detainees counted by the story" not in client.get(path).content.decode()
