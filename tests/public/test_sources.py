import datetime

import pytest
from bs4 import BeautifulSoup

from tests.factories import make_article, make_event, make_quote

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_source_list_shows_who_is_quoted_and_how_often(client, world):
    page = soup(client.get("/en/sources/"))

    cards = {
        c.select_one(".card__title").get_text(): c.get_text(" ", strip=True)
        for c in page.select(".card")
    }
    assert "1 quote" in cards["Adnan al-Kinani"]
    assert "retired brigadier general" in cards["Adnan al-Kinani"]
    assert "0 quotes" in cards["US Central Command"]


def test_source_page_shows_who_they_are_their_quotes_and_events(client, world):
    page = soup(client.get("/en/sources/adnan-al-kinani/"))

    assert page.select_one("h1").get_text() == "Adnan al-Kinani"
    assert "retired brigadier general" in page.select_one(".page-intro").get_text()
    assert "عدنان الكناني" in page.get_text()
    quote = page.select_one(".quote")
    assert "did not come as a surprise" in quote.get_text()
    assert quote.select_one("a")["href"] == world["story"].get_absolute_url()


def test_organisation_page_lists_the_events_it_took_part_in(client, world):
    page = soup(client.get("/en/sources/centcom/"))

    assert [a.get_text() for a in page.select(".timeline-rail__title a")] == [
        "150 detainees transferred from Hasakah",
        "US forces leave Ain al-Asad",
    ]


def test_source_page_leaves_out_quotes_from_hidden_stories(
    client, world, draft_article
):
    make_quote(
        article=draft_article, source=world["source"], text="Never said in public."
    )

    response = client.get("/en/sources/adnan-al-kinani/")

    assert "Never said in public." not in response.content.decode()


def test_source_page_runs_a_fixed_number_of_queries(
    client, world, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(5):
        make_quote(article=make_article(), source=world["source"])

    # source (+ affiliation), events (+ place), members, quote count, quotes (+ story).
    with django_assert_num_queries(5):
        client.get("/en/sources/adnan-al-kinani/")


def test_source_list_runs_a_fixed_number_of_queries(
    client, world, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0

    # count (bounded), sources (+ affiliation), the listed sources' quote counts.
    with django_assert_num_queries(3):
        client.get("/en/sources/")


def card_of(client, name: str) -> str:
    page = soup(client.get("/en/sources/"))
    return next(
        c.get_text(" ", strip=True)
        for c in page.select(".card")
        if c.select_one(".card__title").get_text() == name
    )


def test_source_list_counts_a_much_quoted_source_only_so_far(client, world):
    from readers.views.sources import COUNTED_QUOTES

    for n in range(COUNTED_QUOTES):
        make_quote(article=make_article(), source=world["source"], text=f"Quote {n}")
    assert f"More than {COUNTED_QUOTES} quotes" in card_of(client, "Adnan al-Kinani")


def test_source_list_counts_only_public_quotes_of_this_edition(client, world):
    from articles.models import Article

    make_quote(
        article=make_article(status=Article.Status.DRAFT), source=world["source"]
    )
    make_quote(article=make_article(language="ar"), source=world["source"])
    assert "1 quote" in card_of(client, "Adnan al-Kinani")
    assert "quotes" not in card_of(client, "Adnan al-Kinani")


def test_a_much_quoted_source_shows_its_quotes_a_page_at_a_time(client, world):
    for n in range(35):
        make_quote(article=make_article(), source=world["source"], text=f"Quote {n}")

    first = client.get("/en/sources/adnan-al-kinani/").content.decode()
    second = client.get("/en/sources/adnan-al-kinani/?page=2").content.decode()

    assert first.count('class="quote"') == 30
    assert 'rel="next"' in first
    assert second.count('class="quote"') == 36 - 30  # the world's own quote, too


def test_unknown_source_is_a_404(client, db):
    assert client.get("/en/sources/nobody/").status_code == 404


def test_a_source_page_lists_their_latest_events_and_sends_the_rest_to_the_timeline(
    client, world
):
    """A source's events grow with the archive: the rail shows the newest
    RAIL_EVENTS, oldest first, and links to the timeline filtered by the source."""
    from readers.views.sources import RAIL_EVENTS

    for n in range(RAIL_EVENTS + 3):
        make_event(
            title=f"Old event {n}",
            date=datetime.date(2019, 1, 1 + n),
            actors=[world["centcom"]],
        )

    page = soup(client.get("/en/sources/centcom/"))

    titles = [a.get_text() for a in page.select(".timeline-rail__title a")]
    assert len(titles) == RAIL_EVENTS
    assert titles[-2:] == [
        "150 detainees transferred from Hasakah",
        "US forces leave Ain al-Asad",
    ]
    assert "Old event 0" not in titles
    assert page.select_one('a.more-link[href="/en/timeline/?source=centcom"]')
