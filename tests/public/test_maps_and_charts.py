"""Maps, charts and social cards on the reader pages."""

import io
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from tests.factories import make_article

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def mapped(world):
    """The world with coordinates on its two places."""
    for key, (lat, lon) in {
        "place": (33.7856, 42.4412),
        "hasakah": (36.5, 40.75),
    }.items():
        place = world[key]
        place.latitude, place.longitude = lat, lon
        place.save()
    return world


def svg(response, selector):
    element = BeautifulSoup(response.content, "html.parser").select_one(selector)
    assert element is not None, selector
    return ET.fromstring(str(element))


def marker_names(root):
    return {c.find(f"{SVG}title").text for c in root.iter(f"{SVG}circle")}


def test_place_page_shows_a_locator_map_named_after_the_place(client, mapped):
    response = client.get("/en/places/ain-al-asad/")

    root = svg(response, ".map-figure svg")
    assert marker_names(root) == {"Ain al-Asad"}
    assert "Ain al-Asad" in root.find(f"{SVG}title").text
    assert root.get("role") == "img"


def test_place_without_coordinates_has_no_map(client, world):
    response = client.get("/en/places/ain-al-asad/")

    assert b'class="map' not in response.content


def test_story_page_maps_its_places_and_charts_its_figures(client, mapped):
    response = client.get(mapped["story"].get_absolute_url())

    root = svg(response, ".story__rail .map-figure svg")
    assert marker_names(root) == {"Ain al-Asad", "Hasakah"}
    assert {a.get("href") for a in root.iter(f"{SVG}a")} == {
        "/en/places/ain-al-asad/",
        "/en/places/hasakah/",
    }
    chart = svg(response, "svg.chart")
    titles = [
        r.find(f"{SVG}title").text
        for r in chart.iter(f"{SVG}rect")
        if r.find(f"{SVG}title") is not None
    ]
    assert titles == ["150 detainees detainees transferred"]
    table = BeautifulSoup(response.content, "html.parser").select_one(".figure-table")
    assert "150 detainees" in table.get_text()


def test_event_page_maps_its_place_and_charts_its_figures(client, mapped):
    response = client.get("/en/events/transfer-150-detainees/")

    assert marker_names(svg(response, ".map-figure svg")) == {"Hasakah"}
    assert svg(response, "svg.chart") is not None


def test_timeline_and_topic_pages_map_the_places_of_their_events(client, mapped):
    for url in ("/en/timeline/", "/en/topics/isis/"):
        response = client.get(url)

        assert "Ain al-Asad" in marker_names(svg(response, ".map-figure svg")), url


def test_arabic_edition_writes_map_labels_right_to_left(client, mapped):
    make_article(
        language="ar",
        slug="ar-story",
        places=[mapped["place"]],
        dateline=mapped["place"],
    )

    response = client.get("/ar/timeline/")

    labels = list(svg(response, ".map-figure svg").iter(f"{SVG}text"))
    assert labels and all(label.get("direction") == "rtl" for label in labels)


def test_pages_with_maps_keep_a_strict_policy_no_style_attributes(client, mapped):
    response = client.get(mapped["story"].get_absolute_url())

    page = BeautifulSoup(response.content, "html.parser")
    assert not page.select("[style]")
    assert (
        "unsafe-inline"
        not in response.headers["Content-Security-Policy"]
        .split("style-src")[-1]
        .split(";")[0]
    )


def test_story_without_a_photo_is_shared_with_its_drawn_card(client, mapped):
    response = client.get(mapped["story"].get_absolute_url())

    page = BeautifulSoup(response.content, "html.parser")
    image = page.select_one('meta[property="og:image"]')["content"]
    assert image.endswith("/en/stories/iraq-takes-over-ain-al-asad/card.png")
    card = client.get(image.replace("http://testserver", ""))
    assert card.status_code == 200 and card["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(card.content)).size == (1200, 630)


def test_unpublished_stories_have_no_card(client, world):
    draft = make_article(slug="draft-story", status="draft", publish_at=None)

    assert client.get(f"/en/stories/{draft.slug}/card.png").status_code == 404
