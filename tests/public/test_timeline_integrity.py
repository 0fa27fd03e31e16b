"""The timeline groups and filters honestly: one group per month and one for events
known only to the year, and date filters that treat an imprecise date as the whole
period it may be (overlap), alike on the page, the events API and TimelineJS."""

import datetime
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from events.models import Precision
from tests.factories import make_event

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_year_only_events_form_one_group_and_each_month_appears_once(client):
    make_event(title="First of January", date=datetime.date(2025, 1, 1))
    make_event(
        title="Sometime in 2025",
        date=datetime.date(2025, 6, 1),
        date_precision=Precision.YEAR,
    )
    make_event(title="Twentieth of January", date=datetime.date(2025, 1, 20))
    make_event(
        title="Another year-only event",
        date=datetime.date(2025, 1, 1),
        date_precision=Precision.YEAR,
    )
    make_event(title="March", date=datetime.date(2025, 3, 2))

    page = soup(client.get("/en/timeline/"))

    headings = [h.get_text() for h in page.select(".timeline__month-heading")]
    assert headings == ["2025", "January 2025", "March 2025"]
    groups = {
        h.get_text(): [
            t.get_text(strip=True)
            for t in h.find_parent("section").select(".timeline-event__title")
        ]
        for h in page.select(".timeline__month-heading")
    }
    assert groups["2025"] == ["Sometime in 2025", "Another year-only event"]
    assert groups["January 2025"] == ["First of January", "Twentieth of January"]
    ids = Counter(tag["id"] for tag in page.select("[id]"))
    assert [name for name, n in ids.items() if n > 1] == []


@pytest.fixture
def imprecise_events():
    """Around 15 January 2026, at every precision, and one spanning months."""
    make_event(title="Day 10", slug="day-10", date=datetime.date(2026, 1, 10))
    make_event(title="Day 20", slug="day-20", date=datetime.date(2026, 1, 20))
    make_event(
        title="January",
        slug="january",
        date=datetime.date(2026, 1, 1),
        date_precision=Precision.MONTH,
    )
    make_event(
        title="The year",
        slug="the-year",
        date=datetime.date(2026, 1, 1),
        date_precision=Precision.YEAR,
    )
    make_event(
        title="December to February",
        slug="december-to-february",
        date=datetime.date(2025, 12, 1),
        end_date=datetime.date(2026, 2, 1),
        date_precision=Precision.MONTH,
    )
    make_event(
        title="December",
        slug="december",
        date=datetime.date(2025, 12, 1),
        date_precision=Precision.MONTH,
    )
    make_event(title="February 3", slug="february-3", date=datetime.date(2026, 2, 3))


OVERLAP = [
    (
        {"from": "2026-01-15"},
        {"Day 20", "January", "The year", "December to February", "February 3"},
    ),
    (
        {"to": "2026-01-15"},
        {"Day 10", "January", "The year", "December to February", "December"},
    ),
    (
        {"from": "2026-01-15", "to": "2026-01-15"},
        {"January", "The year", "December to February"},
    ),
    ({"from": "2026-12-31"}, {"The year"}),
]


@pytest.mark.parametrize(("params", "expected"), OVERLAP)
def test_date_filters_use_overlap_on_the_page_the_api_and_timelinejs(
    client, api_client, imprecise_events, params, expected
):
    page = soup(client.get("/en/timeline/", params))
    on_page = {t.get_text(strip=True) for t in page.select(".timeline-event__title")}
    api = api_client.get("/api/v1/events/", {**params, "page_size": 100}).json()
    in_api = {event["title"] for event in api["results"]}
    slides = api_client.get("/api/v1/timeline/", params).json()["events"]
    in_timelinejs = {s["text"]["headline"] for s in slides}

    assert on_page == in_api == in_timelinejs == expected


@pytest.mark.parametrize("url", ["/en/timeline/", "/en/stories/"])
def test_every_filter_select_offers_one_empty_choice(client, world, url):
    selects = soup(client.get(url)).select("form select")

    assert selects
    for select in selects:
        empty = [o for o in select.select("option") if not o.get("value")]
        assert len(empty) == 1, select.get("name")
        assert "---" not in select.get_text()
