import datetime

import pytest
from bs4 import BeautifulSoup

from events.models import Event, Precision
from tests.factories import make_article, make_event, make_place, make_source

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def event_titles(response) -> list[str]:
    return [
        h.get_text(strip=True) for h in soup(response).select(".timeline-event__title")
    ]


def test_timeline_lists_events_in_date_order_grouped_by_year_and_month(client, world):
    make_event(title="Coalition mandate agreed", date=datetime.date(2024, 9, 27))

    response = client.get("/en/timeline/")

    page = soup(response)
    assert [h.get_text() for h in page.select(".timeline__year-heading")] == [
        "2024",
        "2026",
    ]
    assert [h.get_text() for h in page.select(".timeline__month-heading")] == [
        "September 2024",
        "January 2026",
    ]
    assert event_titles(response) == [
        "Coalition mandate agreed",
        "150 detainees transferred from Hasakah",
        "US forces leave Ain al-Asad",
    ]


def test_timeline_shows_a_month_precise_date_without_a_day(client, world):
    response = client.get("/en/timeline/")

    dates = [t.get_text() for t in soup(response).select(".timeline-event__date time")]
    assert dates[0] == "January 2026"
    assert (
        soup(response).select_one(".timeline-event__date time")["datetime"] == "2026-01"
    )


def test_timeline_groups_a_year_precise_event_under_its_year_alone(client, db):
    make_event(
        title="Sometime in 2025",
        date=datetime.date(2025, 6, 1),
        date_precision=Precision.YEAR,
    )

    page = soup(client.get("/en/timeline/"))

    assert page.select_one(".timeline__month-heading").get_text() == "2025"
    assert page.select_one(".timeline-event__date").get_text(strip=True) == "2025"


def test_timeline_entry_shows_category_place_summary_actors_and_coverage(client, world):
    response = client.get("/en/timeline/")

    entry = soup(response).select_one("#event-ain-al-asad-withdrawal")
    assert entry.select_one(".badge").get_text() == "Withdrawal"
    assert (
        entry.select_one(".timeline-event__place")["href"] == "/en/places/ain-al-asad/"
    )
    assert "What happened" in entry.select_one(".timeline-event__summary").get_text()
    assert (
        "US Central Command" in entry.select_one(".timeline-event__actors").get_text()
    )
    assert (
        entry.select_one(".timeline-event__coverage a")["href"]
        == world["story"].get_absolute_url()
    )


def test_timeline_works_without_javascript(client, world):
    page = soup(client.get("/en/timeline/"))

    assert all(year.has_attr("open") for year in page.select("details.timeline__year"))
    assert page.select_one("[data-timeline-controls]").has_attr("hidden")
    assert page.select_one(".filter-form form")["method"] == "get"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=withdrawal", ["US forces leave Ain al-Asad"]),
        ("category=detainee_transfer", ["150 detainees transferred from Hasakah"]),
        ("place=hasakah", ["150 detainees transferred from Hasakah"]),
        ("topic=isis", ["US forces leave Ain al-Asad"]),
        (
            "source=centcom",
            ["150 detainees transferred from Hasakah", "US forces leave Ain al-Asad"],
        ),
        # The transfer is known only as "January 2026": it may fall after the 10th.
        (
            "from=2026-01-10",
            ["150 detainees transferred from Hasakah", "US forces leave Ain al-Asad"],
        ),
        ("to=2026-01-10", ["150 detainees transferred from Hasakah"]),
        ("category=withdrawal&place=ain-al-asad", ["US forces leave Ain al-Asad"]),
    ],
)
def test_timeline_filters(client, world, query, expected):
    response = client.get(f"/en/timeline/?{query}")

    assert event_titles(response) == expected


@pytest.mark.parametrize(
    "query",
    [
        "category=coup",
        "place=atlantis",
        "topic=nope",
        "source=nobody",
        "from=soon",
        "to=2026-02-30",
    ],
)
def test_bad_timeline_filter_renders_the_timeline_and_names_the_filter(
    client, world, query
):
    response = client.get(f"/en/timeline/?{query}")

    assert response.status_code == 200
    assert len(event_titles(response)) == 2
    assert soup(response).select_one(".message--warning")


def test_timeline_coverage_lists_only_this_editions_published_stories(
    client, world, draft_article
):
    world["withdrawal"].articles.add(
        draft_article, make_article(language="ar", headline="بالعربية")
    )

    entry = soup(client.get("/en/timeline/")).select_one(
        "#event-ain-al-asad-withdrawal"
    )

    assert [a.get_text() for a in entry.select(".timeline-event__coverage a")] == [
        world["story"].headline
    ]


def test_timeline_runs_a_fixed_number_of_queries(
    client, world, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    for n in range(10):
        make_event(
            date=datetime.date(2025, n + 1, 1),
            place=world["hasakah"],
            actors=[world["centcom"]],
            topics=[world["topic"]],
            articles=[make_article()],
        )

    # count, events (+ place, as rows), actors, coverage (the newest public stories
    # of each event, numbered per event by the database); the form's place, topic
    # and source choices (one query). (A timeline entry shows no topics.)
    with django_assert_num_queries(5):
        client.get("/en/timeline/?category=withdrawal")


def test_event_page_shows_date_place_actors_figures_and_coverage(client, world):
    page = soup(client.get("/en/events/transfer-150-detainees/"))

    assert page.select_one("h1").get_text() == "150 detainees transferred from Hasakah"
    assert page.select_one(".page-header time").get_text() == "January 2026"
    assert page.select_one('.page-header a[href="/en/places/hasakah/"]')
    assert "US Central Command" in page.select_one("#actors-heading").parent.get_text()
    assert "150 detainees" in page.select_one("#figures-heading").parent.get_text()
    assert [h.get_text() for h in page.select(".card__title")] == [
        world["story"].headline,
        world["older"].headline,
    ]


def test_event_page_runs_a_fixed_number_of_queries(
    client, world, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    world["withdrawal"].articles.add(*[make_article() for _ in range(5)])

    # event (+ place), actors, topics, figures (+ source), then its public stories
    # of this edition a page at a time: how many, and the page (+ section).
    with django_assert_num_queries(6):
        client.get("/en/events/ain-al-asad-withdrawal/")


def test_place_page_shows_its_events_figures_and_stories(client, world):
    page = soup(client.get("/en/places/hasakah/"))

    assert page.select_one("h1").get_text() == "Hasakah"
    assert [h.get_text(strip=True) for h in page.select(".timeline-event__title")] == [
        "150 detainees transferred from Hasakah"
    ]
    assert "about 12,000" in page.select_one("#figures-heading").parent.get_text()
    assert [h.get_text() for h in page.select(".card__title")] == [
        world["story"].headline,
        world["older"].headline,
    ]


def test_place_page_runs_a_fixed_number_of_queries(
    client, world, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(5):
        make_event(
            place=world["hasakah"], articles=[make_article(places=[world["hasakah"]])]
        )

    # place (+ parent), children, figures (+ source), its latest events (+ place,
    # as rows), actors, coverage (the newest stories of each), stories (+ section).
    with django_assert_num_queries(7):
        client.get("/en/places/hasakah/")


@pytest.mark.parametrize("url", ["/en/events/nope/", "/en/places/nope/"])
def test_unknown_event_or_place_is_a_404(client, db, url):
    assert client.get(url).status_code == 404


def test_event_categories_all_render(client, db):
    for category in Event.Category.values:
        make_event(category=category)

    response = client.get("/en/timeline/")

    assert len(event_titles(response)) == len(Event.Category.values)


def test_a_long_timeline_is_split_into_pages_in_date_order(client, db, monkeypatch):
    monkeypatch.setattr("readers.views.events.TIMELINE_PAGE_SIZE", 3)
    for n in range(5):
        make_event(title=f"Step {n}", date=datetime.date(2025, n + 1, 1))

    first = soup(client.get("/en/timeline/"))
    second = soup(client.get("/en/timeline/?page=2"))

    titles = [t.get_text(strip=True) for t in first.select(".timeline-event__title")]
    later = [t.get_text(strip=True) for t in second.select(".timeline-event__title")]
    assert titles == ["Step 0", "Step 1", "Step 2"]
    assert later == ["Step 3", "Step 4"]
    assert first.select_one('a[rel="next"]')["href"] == "?page=2"


def test_a_place_page_lists_its_latest_events_and_sends_the_rest_to_the_timeline(
    client, world
):
    """A place's events grow with the archive: its page shows the newest
    PLACE_EVENTS (oldest first, as the timeline reads) and links to the timeline
    filtered by the place; each event shows its newest stories, as on the timeline."""
    from readers.views.events import PLACE_EVENTS, TIMELINE_COVERAGE

    busy = make_event(
        date=datetime.date(2026, 3, 1),
        place=world["hasakah"],
        articles=[make_article() for _ in range(TIMELINE_COVERAGE + 2)],
    )
    for n in range(PLACE_EVENTS + 3):
        make_event(date=datetime.date(2020, 1, 1 + n), place=world["hasakah"])

    page = soup(client.get("/en/places/hasakah/"))

    titles = [h.get_text(strip=True) for h in page.select(".timeline-event__title")]
    assert len(titles) == PLACE_EVENTS
    assert titles[-1] == busy.title  # the newest, last
    assert "Event" in titles[0] and titles[0] != busy.title
    assert page.select_one('a.more-link[href="/en/timeline/?place=hasakah"]')
    shown = page.select(f"#event-{busy.slug} .timeline-event__coverage li")
    assert len(shown) == TIMELINE_COVERAGE
    assert page.select_one(f"#event-{busy.slug} .timeline-event__more a")


@pytest.mark.parametrize("edition", ["ar", "ckb"])
def test_timeline_and_place_entries_read_the_edition_with_the_english_fallback(
    client, db, edition
):
    # Entries are read as rows, not instances: each translated field must still
    # follow modeltranslation's rule (the edition's column, else English; an empty
    # translation counts as missing).
    place = make_place(name="Hasakah", slug="hasakah", name_ar="", name_ckb=None)
    actor = make_source(
        name="CENTCOM", slug="centcom", **{f"name_{edition}": "سەنتکۆم"}
    )
    make_event(
        title="Transfer",
        **{f"title_{edition}": "گواستنەوە"},
        summary="English summary",
        place=place,
        actors=[actor],
        articles=[make_article(language=edition, headline="هەواڵ")],
    )
    make_event(title="Handover", **{f"title_{edition}": ""}, summary="", place=place)

    for url in (f"/{edition}/timeline/", f"/{edition}/places/hasakah/"):
        entries = soup(client.get(url)).select(".timeline-event")
        texts = {
            e.select_one(".timeline-event__title").get_text(strip=True): e
            for e in entries
        }
        assert set(texts) == {"گواستنەوە", "Handover"}
        transfer = texts["گواستنەوە"]
        assert transfer.select_one(".timeline-event__place").get_text() == "Hasakah"
        assert transfer.select_one(".timeline-event__summary").get_text() == (
            "English summary"
        )
        assert [a.get_text() for a in transfer.select(".timeline-event__actors a")] == [
            "سەنتکۆم"
        ]
        assert [
            a.get_text() for a in transfer.select(".timeline-event__coverage li a")
        ] == ["هەواڵ"]
        assert not texts["Handover"].select(".timeline-event__summary")


def test_timeline_entry_links_its_first_stories_and_then_the_event_page(client, db):
    stories = [make_article(headline=f"Story {n}") for n in range(5)]
    make_event(title="Transfer", slug="transfer", articles=stories)

    entry = soup(client.get("/en/timeline/")).select_one("#event-transfer")

    assert len(entry.select(".timeline-event__coverage li")) == 3
    more = entry.select_one(".timeline-event__more a")
    assert more["href"] == "/en/events/transfer/"


def test_timeline_entries_speak_each_editions_words_page_after_page(client):
    """The entries' words and addresses are made once per process and edition:
    an Arabic page between two English ones has its own, and neither leaks."""
    from django.utils import translation
    from django.utils.translation import gettext

    make_event(
        date=datetime.date(2026, 1, 21),
        actors=[make_source(slug="iraqi-government")],
        place=make_place(slug="ain-al-asad"),
    )
    with translation.override("ar"):
        arabic = [gettext("Actors:")]
    assert arabic[0] != "Actors:"

    pages = {
        path: soup(client.get(path)).select_one(".timeline-event").decode()
        for path in ("/en/timeline/", "/ar/timeline/")
    }
    again = soup(client.get("/en/timeline/")).select_one(".timeline-event").decode()

    assert again == pages["/en/timeline/"]
    assert "Actors:" in pages["/en/timeline/"]
    assert "/en/sources/iraqi-government/" in pages["/en/timeline/"]
    assert arabic[0] in pages["/ar/timeline/"]
    assert "Actors:" not in pages["/ar/timeline/"]
    assert "/ar/sources/iraqi-government/" in pages["/ar/timeline/"]
    assert "/ar/places/ain-al-asad/" in pages["/ar/timeline/"]
