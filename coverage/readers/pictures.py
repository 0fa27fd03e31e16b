"""Maps, charts and social cards for the reader site, from the coverage's records.

Each picture is drawn once per change and kept in the shared cache under a key
made from everything it shows (names, coordinates, values, edition, links), so a
changed record draws a new picture and an unchanged one is never drawn again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from readers.cards import social_card
from readers.charts import Datum, figures_chart
from readers.maps import Marker, in_region, locator_map

CACHE_SECONDS = 7 * 24 * 3600


# The last maps and charts drawn or read, in this process, by key: a key names
# everything its picture shows, so a remembered one is never stale, and most story
# pages show a map (a shared-cache read each, a network round trip with Redis).
# Social cards (PNG, tens of kilobytes) are not kept here.
_RECENT_SVG: dict[str, str] = {}
RECENT_SVG_ITEMS = 256


def _cached(kind: str, inputs, draw):
    key = hashlib.sha256(
        json.dumps([kind, get_language(), inputs], default=str).encode()
    ).hexdigest()
    if kind == "card":
        return cache.get_or_set(f"picture:{key}", draw, CACHE_SECONDS)
    svg = _RECENT_SVG.get(key)
    if svg is None:
        svg = cache.get_or_set(f"picture:{key}", draw, CACHE_SECONDS)
        if len(_RECENT_SVG) >= RECENT_SVG_ITEMS:
            _RECENT_SVG.pop(next(iter(_RECENT_SVG), None), None)  # the oldest
        _RECENT_SVG[key] = svg
    return svg


def markers_for(places: Iterable, *, link: bool = True) -> list[Marker]:
    """One marker per distinct place with coordinates, in the order given."""
    seen, markers = set(), []
    for place in places:
        if place is None or place.pk in seen or place.latitude is None:
            continue
        seen.add(place.pk)
        markers.append(
            Marker(
                name=place.name,
                latitude=float(place.latitude),
                longitude=float(place.longitude),
                url=place.get_absolute_url() if link else "",
            )
        )
    return markers


def place_map(
    places: Iterable, *, id_prefix: str, link: bool = True, wide: bool = False
) -> SafeString:
    """An inline SVG locator map of `places` ("" when none has coordinates).

    Its text alternative names every place marked; each marker links to its place
    page when `link`. `wide` draws the region map used above timelines and lists.
    """
    markers = markers_for(places, link=link)
    if not markers:
        return mark_safe("")
    names = _(", ").join(m.name for m in markers)
    title = _("Map showing %(places)s") % {"places": names}
    width, height = (420, 270) if wide else (320, 240)

    def draw():
        return locator_map(
            markers,
            title=title,
            id_prefix=id_prefix,
            rtl=get_language_bidi(),
            width=width,
            height=height,
            min_span=3.0 if wide else 5.0,
        )

    inputs = [markers, id_prefix, width, height]
    return mark_safe(_cached("map", inputs, draw))  # escaped when drawn


def figure_data(figures: Iterable) -> list[Datum]:
    """Figures (events.Figure) as chart data, in the order given."""
    return [
        Datum(
            value=float(figure.value),
            text=figure.value_display,
            label=figure.counts,
            unit=figure.unit,
            is_estimate=figure.basis == figure.Basis.ESTIMATE,
            as_of=figure.as_of,
            as_of_text=figure.as_of_display,
        )
        for figure in figures
    ]


def figure_chart(figures: Iterable, *, id_prefix: str) -> SafeString:
    """An inline SVG chart of `figures` ("" when there are none)."""
    data = figure_data(figures)
    if not data:
        return mark_safe("")
    title = _("Chart of the figures listed below")

    def draw():
        return figures_chart(
            data, title=title, id_prefix=id_prefix, rtl=get_language_bidi()
        )

    return mark_safe(_cached("chart", [data, id_prefix], draw))


def story_card(article, places: Iterable) -> bytes:
    """The PNG social card of a published story (see readers.cards.social_card).

    Shows a locator map of `places` (its dateline, its events' places...), else
    its first figure, else only the text.
    """
    markers = in_region(markers_for(places, link=False))
    figures = list(article.figures.all())
    figure = (figures[0].value_display, figures[0].counts) if figures else None
    inputs = [
        article.pk,
        article.headline,
        article.section.name if article.section else "",
        markers,
        figure,
    ]

    def draw():
        return social_card(
            headline=article.headline,
            kicker=article.section.name if article.section else "",
            site_name=_("Shafaq Coverage"),
            rtl=get_language_bidi(),
            language=article.language,
            markers=markers,
            figure=None if markers else figure,
        )

    return _cached("card", inputs, draw)
