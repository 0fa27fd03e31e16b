"""Social cards: a 1200 x 630 PNG for stories that have no lead image.

Open Graph and Twitter cards need a raster image, so the card is drawn with
Pillow (text shaped by libraqm, bundled with Pillow's wheels, so Arabic and
Sorani letters join and run right to left). It shows the section, the headline,
the site's name and either a locator map of the story's places (drawn from the
same outlines and projection as the SVG maps) or its main figure.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from readers.maps import FOCUS_COUNTRIES, Frame, Marker, geodata, in_region, rings_in

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
FONTS = Path(__file__).with_name("fonts")
INK = (26, 26, 26)
MUTED = (92, 87, 79)
ACCENT = (138, 28, 28)
PAPER = (250, 248, 243)
SEA = (223, 233, 240)
LAND = (244, 241, 234)
FOCUS_LAND = (232, 225, 210)
OUTLINE = (154, 148, 136)


@functools.cache
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        str(FONTS / f"NotoSansArabic-{weight}.woff2"),
        size,
        layout_engine=ImageFont.Layout.RAQM,
    )


def _wrap(text: str, font, width: int, direction: str) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate, direction=direction) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _fit_headline(headline: str, width: int, height: int, direction: str):
    """The largest size (64 px down to 32 px) at which the headline fits the box."""
    for size in (64, 56, 48, 42, 36, 32):
        font = _font("Bold", size)
        lines = _wrap(headline, font, width, direction)
        if len(lines) * size * 1.3 <= height:
            return font, lines, size
    lines = lines[: int(height // (size * 1.3))]
    lines[-1] = lines[-1].rstrip(".,") + "…"
    return font, lines, size


def _draw_map(image: Image.Image, markers: Sequence[Marker], box) -> None:
    """A locator map pasted into `box`; drawn apart so the box clips it."""
    left, top, right, bottom = box
    frame = Frame.around(
        [(m.longitude, m.latitude) for m in markers],
        width=right - left,
        height=bottom - top,
        min_span=6.0,
    )
    picture = Image.new("RGB", (right - left, bottom - top), SEA)
    draw = ImageDraw.Draw(picture)

    def pixels(ring):
        return [frame.project(lon, lat) for lon, lat in ring]

    for country in geodata()["countries"]:
        fill = FOCUS_LAND if country["id"] in FOCUS_COUNTRIES else LAND
        for ring in rings_in(country, frame.clip_bounds):
            if len(ring) >= 3:
                draw.polygon(pixels(ring), fill=fill, outline=OUTLINE)
    for line in geodata()["borders"].values():
        for part in line:
            draw.line(pixels(part), fill=ACCENT, width=3)
    for marker in markers:
        x, y = frame.project(marker.longitude, marker.latitude)
        draw.ellipse(
            (x - 11, y - 11, x + 11, y + 11), fill=ACCENT, outline=PAPER, width=4
        )
    draw.rectangle((0, 0, right - left - 1, bottom - top - 1), outline=OUTLINE, width=1)
    image.paste(picture, (left, top))


def social_card(
    *,
    headline: str,
    kicker: str,
    site_name: str,
    rtl: bool = False,
    language: str = "en",
    markers: Sequence[Marker] = (),
    figure: tuple[str, str] | None = None,
) -> bytes:
    """The card as PNG bytes (1200 x 630 px, the Open Graph recommendation).

    `markers` (places with coordinates) inside the map region draw a locator map
    on the side (others are left out, as on the SVG maps); else
    `figure`, a (number as read, what it counts) pair, is shown large; else the
    text takes the whole card.
    """
    # Only the region's land is drawn: a place beyond it would sit on empty sea.
    markers = in_region(markers)
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    direction = "rtl" if rtl else "ltr"
    text_kwargs = {"direction": direction, "language": language}
    side = 430 if (markers or figure) else 0
    text_width = WIDTH - 2 * MARGIN - (side + 40 if side else 0)
    # Text sits on the reading-start side; the picture on the other.
    text_x, anchor = (WIDTH - MARGIN, "r") if rtl else (MARGIN, "l")
    side_box = (
        (MARGIN, MARGIN, MARGIN + side, HEIGHT - MARGIN)
        if rtl
        else (WIDTH - MARGIN - side, MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN)
    )
    band = (WIDTH - 16, 0, WIDTH, HEIGHT) if rtl else (0, 0, 16, HEIGHT)
    draw.rectangle(band, fill=ACCENT)
    y = MARGIN
    if kicker:
        draw.text(
            (text_x, y),
            kicker.upper() if not rtl else kicker,
            font=_font("Bold", 30),
            fill=ACCENT,
            anchor=anchor + "t",
            **text_kwargs,
        )
        y += 62
    room = HEIGHT - MARGIN - 56 - y  # above the site's name
    font, lines, size = _fit_headline(headline, text_width, room, direction)
    for line in lines:
        draw.text(
            (text_x, y), line, font=font, fill=INK, anchor=anchor + "t", **text_kwargs
        )
        y += int(size * 1.3)
    draw.text(
        (text_x, HEIGHT - MARGIN),
        site_name,
        font=_font("Bold", 28),
        fill=MUTED,
        anchor=anchor + "d",
        **text_kwargs,
    )
    if markers:
        _draw_map(image, markers, side_box)
    elif figure:
        number, counts = figure
        left, top, right, bottom = side_box
        middle = (left + right) / 2
        draw.rectangle(side_box, fill=(243, 236, 224))
        number_font = _font("Bold", 96)
        while (
            number_font.getlength(number, **text_kwargs) > side - 40
            and number_font.size > 40
        ):
            number_font = _font("Bold", number_font.size - 8)
        draw.text(
            (middle, top + 150),
            number,
            font=number_font,
            fill=ACCENT,
            anchor="mm",
            **text_kwargs,
        )
        count_font = _font("Regular", 30)
        cy = top + 240
        for line in _wrap(counts, count_font, side - 60, direction)[:5]:
            draw.text(
                (middle, cy),
                line,
                font=count_font,
                fill=INK,
                anchor="mt",
                **text_kwargs,
            )
            cy += 42
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
