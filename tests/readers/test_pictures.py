"""Server-drawn locator maps, charts of figures and social cards (pure rendering)."""

import datetime
import gzip
import io
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from readers.cards import ACCENT, HEIGHT, WIDTH, social_card
from readers.charts import Datum, figures_chart
from readers.maps import Frame, Marker, geodata, locator_map

SVG = "{http://www.w3.org/2000/svg}"
AIN_AL_ASAD = Marker("Ain al-Asad airbase", 33.7856, 42.4412, "/en/places/ain-al-asad/")
HASAKAH = Marker("Hasakah", 36.5, 40.75, "/en/places/hasakah/")


def parse(svg):
    return ET.fromstring(svg)


def test_locator_map_is_well_formed_svg_with_a_text_alternative():
    svg = locator_map([AIN_AL_ASAD], title="Map: Ain al-Asad airbase", id_prefix="m")

    root = parse(svg)
    title = root.find(f"{SVG}title")
    assert root.get("aria-labelledby") == title.get("id")
    assert title.text == "Map: Ain al-Asad airbase"


def test_marker_is_drawn_where_its_coordinates_fall_inside_the_frame():
    svg = locator_map([AIN_AL_ASAD, HASAKAH], title="t", id_prefix="m")
    root = parse(svg)
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    frame = Frame.around(
        [(m.longitude, m.latitude) for m in (AIN_AL_ASAD, HASAKAH)],
        width=int(width),
        height=int(height),
        min_span=5.0,
    )

    circles = root.iter(f"{SVG}circle")
    centres = {
        c.find(f"{SVG}title").text: (float(c.get("cx")), float(c.get("cy")))
        for c in circles
    }

    for marker in (AIN_AL_ASAD, HASAKAH):
        x, y = centres[marker.name]
        assert 0 < x < width and 0 < y < height
        expected = frame.project(marker.longitude, marker.latitude)
        assert abs(x - expected[0]) <= 1 and abs(y - expected[1]) <= 1
    # North is up and east is right: Hasakah lies north-west of Ain al-Asad.
    assert centres["Hasakah"][1] < centres["Ain al-Asad airbase"][1]
    assert centres["Hasakah"][0] < centres["Ain al-Asad airbase"][0]


def test_map_draws_the_iraq_syria_border_and_labels_countries():
    svg = locator_map([AIN_AL_ASAD, HASAKAH], title="t", id_prefix="m")

    root = parse(svg)
    classes = [p.get("class") for p in root.iter(f"{SVG}path")]
    assert "map-border" in classes
    assert any("map-land--focus" in c for c in classes)
    assert "Syria" in [t.text for t in root.iter(f"{SVG}text")]


def test_markers_with_addresses_are_links_and_the_map_is_a_group():
    svg = locator_map([AIN_AL_ASAD], title="t", id_prefix="m")

    root = parse(svg)
    assert root.get("role") == "group"
    assert [a.get("href") for a in root.iter(f"{SVG}a")] == ["/en/places/ain-al-asad/"]


def test_labels_on_right_to_left_editions_are_written_right_to_left():
    marker = Marker("قاعدة عين الأسد", 33.7856, 42.4412)
    svg = locator_map([marker], title="خريطة", id_prefix="m", rtl=True)

    labels = [t for t in parse(svg).iter(f"{SVG}text") if t.text == "قاعدة عين الأسد"]
    assert labels and labels[0].get("direction") == "rtl"


def test_map_escapes_names_and_has_no_style_attribute():
    marker = Marker('<script>alert(1)</script>"', 33.7856, 42.4412, '/x?a="b"')
    svg = locator_map([marker], title="<b>t</b>", id_prefix="m")

    root = parse(svg)
    assert "<script>" not in svg
    assert not [e for e in root.iter() if "style" in e.attrib]
    assert not re.search(r"\son\w+=", svg)


def test_places_outside_the_vendored_region_draw_no_map():
    assert locator_map([Marker("Paris", 48.85, 2.35)], title="t", id_prefix="m") == ""


def test_a_locator_map_is_under_15_kb_compressed():
    svg = locator_map(
        [AIN_AL_ASAD, HASAKAH], title="t", id_prefix="m", width=640, height=420
    )

    assert len(gzip.compress(svg.encode())) < 15_000


def test_geodata_holds_the_region_and_its_border():
    data = geodata()
    codes = {c["id"] for c in data["countries"]}
    assert {"IRQ", "SYR", "TUR", "IRN", "JOR", "SAU"} <= codes
    assert data["borders"]["IRQ-SYR"]


FIGURES = [
    Datum(12000, "about 12,000", "foreign fighters held", is_estimate=True),
    Datum(150, "150", "detainees transferred"),
    Datum(618, "618 km", "length of the border", unit="km"),
]


def bars(svg):
    return [
        r for r in parse(svg).iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None
    ]


def test_bars_share_one_scale_per_unit_and_start_at_zero():
    svg = figures_chart(FIGURES, title="Figures", id_prefix="c")

    by_title = {r.find(f"{SVG}title").text: r for r in bars(svg)}
    fighters = by_title["about 12,000 foreign fighters held"]
    transferred = by_title["150 detainees transferred"]
    border = by_title["618 km length of the border"]
    ratio = float(transferred.get("width")) / float(fighters.get("width"))
    assert ratio == pytest.approx(150 / 12000, rel=0.05)
    # Kilometres are not drawn against people: the border gets a scale of its own.
    assert float(border.get("width")) == pytest.approx(float(fighters.get("width")))
    assert {float(r.get("x")) for r in (fighters, transferred, border)} == {0.0}


def test_estimates_are_drawn_apart_from_official_counts_with_a_legend():
    svg = figures_chart(FIGURES, title="Figures", id_prefix="c")

    by_title = {r.find(f"{SVG}title").text: r.get("class") for r in bars(svg)}
    assert "chart-bar--estimate" in by_title["about 12,000 foreign fighters held"]
    assert "chart-bar--official" in by_title["150 detainees transferred"]
    texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert "Estimate" in texts and "Official count" in texts


def test_a_quantity_at_several_dates_is_a_line_over_time():
    data = [
        Datum(
            150,
            "150",
            "detainees moved",
            as_of=datetime.date(2026, 1, 21),
            as_of_text="21 January 2026",
        ),
        Datum(
            2000,
            "about 2,000",
            "Detainees  moved",
            as_of=datetime.date(2026, 2, 1),
            as_of_text="February 2026",
        ),
    ]

    root = parse(figures_chart(data, title="t", id_prefix="c"))

    points = root.find(f"{SVG}polyline").get("points").split()
    (x1, y1), (x2, y2) = (map(float, p.split(",")) for p in points)
    assert x1 < x2 and y2 < y1  # later to the right, larger higher up


def test_chart_bars_grow_from_the_right_on_right_to_left_editions():
    svg = figures_chart(FIGURES[:2], title="t", id_prefix="c", rtl=True)

    for rect in bars(svg):
        assert float(rect.get("x")) + float(rect.get("width")) == pytest.approx(300)


def test_no_figures_draw_no_chart():
    assert figures_chart([], title="t", id_prefix="c") == ""


def test_social_card_is_an_open_graph_sized_png_with_the_map_marker():
    png = social_card(
        headline="US forces leave Ain al-Asad",
        kicker="Security",
        site_name="Shafaq Coverage",
        markers=[AIN_AL_ASAD],
    )

    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
    # The single marker sits in the middle of the map panel (right-hand side).
    left, top, right, bottom = WIDTH - 64 - 430, 64, WIDTH - 64, HEIGHT - 64
    assert image.getpixel(((left + right) // 2, (top + bottom) // 2)) == ACCENT


def test_social_card_sets_arabic_right_to_left():
    png = social_card(
        headline="القوات الأمريكية تغادر عين الأسد",
        kicker="أمن",
        site_name="شفق",
        rtl=True,
        language="ar",
        figure=("نحو 12,000", "مقاتل أجنبي"),
    )

    image = Image.open(io.BytesIO(png))
    # The accent band runs down the reading-start edge: the right on RTL.
    assert image.getpixel((WIDTH - 4, HEIGHT // 2)) == ACCENT
    assert image.getpixel((4, HEIGHT // 2)) != ACCENT


SYDNEY = Marker("Sydney", -33.87, 151.21, "")
NORTH_POLE = Marker("North Pole", 89.99, 0.0, "")


def test_a_card_leaves_out_places_beyond_the_map_region_as_the_svg_maps_do():
    card = {"headline": "Detainees moved", "kicker": "Security", "site_name": "S"}

    assert social_card(**card, markers=[SYDNEY, AIN_AL_ASAD]) == social_card(
        **card, markers=[AIN_AL_ASAD]
    )
    assert social_card(**card, markers=[NORTH_POLE]) == social_card(**card)


def test_a_map_shown_again_comes_from_the_process_not_the_shared_cache(db, monkeypatch):
    from django.core.cache import cache

    from readers import pictures
    from tests.factories import make_place

    class CountingCache:
        reads = 0

        def get_or_set(self, *args, **kwargs):
            self.reads += 1
            return cache.get_or_set(*args, **kwargs)

    shared = CountingCache()
    monkeypatch.setattr(pictures, "cache", shared)
    place = make_place(latitude=36.5, longitude=40.75)
    first = pictures.place_map([place], id_prefix="memo-map")

    again = pictures.place_map([place], id_prefix="memo-map")
    place.name_en = "Hasakah governorate"
    renamed = pictures.place_map([place], id_prefix="memo-map")

    assert again == first and "Hasakah governorate" in renamed
    assert shared.reads == 2  # the first drawing and the renamed place's
