"""Charts of reported figures, drawn on the server as SVG.

Honest by construction: bars start at zero; figures in different units never share
a scale (each unit gets its own panel); estimates are drawn differently from
official counts and say so in the legend; a quantity reported at several dates is
drawn as a line over time. Colours come from classes in the site stylesheet (no
`style` attribute, so the strict CSP holds). The page keeps a table of the same
numbers beside the chart, with their sources and dates.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Datum:
    """One figure to draw.

    `value` is the number on the scale; `text` is how a reader reads it ("about
    12,000"); `label` says what it counts; `unit` groups figures on one scale;
    `as_of` (a date or None) and `as_of_text` place it in time.
    """

    value: float
    text: str
    label: str
    unit: str = ""
    is_estimate: bool = False
    as_of: datetime.date | None = None
    as_of_text: str = ""


WIDTH = 300  # a side column's width, so text is drawn near 1:1
BAR_HEIGHT = 14
ROW_HEIGHT = 42
LABEL_CHARS = 44


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _series_key(datum: Datum) -> tuple[str, str]:
    return (" ".join(datum.label.lower().split()), datum.unit.lower())


def figures_chart(
    data: Sequence[Datum], *, title: str, id_prefix: str, rtl: bool = False
) -> str:
    """An SVG chart of `data`, or "" when there is nothing worth drawing.

    Quantities with values at two or more distinct dates become a line over time;
    the rest become bars, one panel per unit. `title` is the chart's text
    alternative; `id_prefix` keeps ids unique on the page.
    """
    series = defaultdict(list)
    for datum in data:
        series[_series_key(datum)].append(datum)
    lines, bars = [], []
    for items in series.values():
        dated = {d.as_of for d in items if d.as_of}
        if len(dated) >= 2:
            lines.append(sorted((d for d in items if d.as_of), key=lambda d: d.as_of))
        else:
            bars.extend(items)
    panels = []
    y = 0
    by_unit = defaultdict(list)
    for datum in bars:
        by_unit[datum.unit].append(datum)
    for unit, items in by_unit.items():
        markup, height = _bar_panel(items, unit, y, rtl, show_unit=len(by_unit) > 1)
        panels.append(markup)
        y += height
    for items in lines:
        markup, height = _line_panel(items, y, rtl)
        panels.append(markup)
        y += height
    if not panels:
        return ""
    legend, height = _legend(y, rtl, list(data))
    panels.append(legend)
    y += height
    title_id = f"{id_prefix}-title"
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {WIDTH} {y}" width="{WIDTH}" height="{y}" '
        f'aria-labelledby="{title_id}"><title id="{title_id}">{escape(title)}</title>'
        + "".join(panels)
        + "</svg>"
    )


def _x(position: float, rtl: bool) -> float:
    """A horizontal position measured from the start edge of the chart."""
    return WIDTH - position if rtl else position


def _text(x, y, text, *, css_class, anchor="start", rtl=False):
    direction = ' direction="rtl"' if rtl else ""
    return (
        f'<text class="{css_class}" x="{x:.0f}" y="{y:.0f}" '
        f'text-anchor="{anchor}"{direction}>{escape(text)}</text>'
    )


def _bar_panel(items, unit, top, rtl, *, show_unit):
    parts = []
    y = top
    if show_unit and unit:
        parts.append(_text(_x(0, rtl), y + 13, unit, css_class="chart-unit", rtl=rtl))
        y += 20
    # Bars measure size from zero; a value below zero (not a count, but the field
    # allows it) is drawn by its size, its text keeping the sign.
    largest = max(abs(d.value) for d in items) or 1
    room = WIDTH - 84  # leave space for the value after the longest bar
    for datum in items:
        parts.append(
            _text(
                _x(0, rtl),
                y + 12,
                _short(datum.label),
                css_class="chart-label",
                rtl=rtl,
            )
        )
        length = max(room * abs(datum.value) / largest, 1)
        x = _x(length, rtl) if rtl else 0
        kind = "chart-bar--estimate" if datum.is_estimate else "chart-bar--official"
        parts.append(
            f'<rect class="chart-bar {kind}" x="{x:.1f}" y="{y + 18}" '
            f'width="{length:.1f}" height="{BAR_HEIGHT}">'
            f"<title>{escape(datum.text)} {escape(datum.label)}</title></rect>"
        )
        parts.append(
            _text(
                _x(length + 6, rtl),
                y + 18 + BAR_HEIGHT - 3,
                datum.text,
                css_class="chart-value",
                rtl=rtl,
            )
        )
        y += ROW_HEIGHT
    return "".join(parts), y - top + 6


def _line_panel(items, top, rtl):
    """A line over time for one quantity; x is time, y starts at zero."""
    height = 150
    plot_top, plot_bottom = top + 36, top + height - 24
    start, end = 40, WIDTH - 40
    first, last = items[0].as_of, items[-1].as_of
    days = max((last - first).days, 1)
    # The scale runs from zero (or the lowest value, when below zero) to the
    # highest value, so the line never leaves the plot; the axis marks zero.
    low = min(0, *(d.value for d in items))
    span = (max(0, *(d.value for d in items)) - low) or 1

    def height_of(value):
        return plot_bottom - (plot_bottom - plot_top) * (value - low) / span

    zero = height_of(0)
    parts = [
        _text(
            _x(0, rtl),
            top + 13,
            _short(items[0].label),
            css_class="chart-label",
            rtl=rtl,
        ),
        f'<line class="chart-axis" x1="{_x(start, rtl):.0f}" y1="{zero:.0f}" '
        f'x2="{_x(end, rtl):.0f}" y2="{zero:.0f}"/>',
    ]
    points = []
    for datum in items:
        position = start + (end - start) * (datum.as_of - first).days / days
        x = _x(position, rtl)
        y = height_of(datum.value)
        points.append((x, y, datum))
    parts.append(
        '<polyline class="chart-line" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y, _d in points)
        + '"/>'
    )
    for x, y, datum in points:
        kind = "chart-dot--estimate" if datum.is_estimate else "chart-dot--official"
        parts.append(
            f'<circle class="chart-dot {kind}" cx="{x:.1f}" cy="{y:.1f}" r="4">'
            f"<title>{escape(datum.text)}, {escape(datum.as_of_text)}</title></circle>"
        )
        parts.append(
            _text(x, y - 8, datum.text, css_class="chart-value", anchor="middle")
        )
    for datum, (x, _y, _d) in ((items[0], points[0]), (items[-1], points[-1])):
        parts.append(
            _text(
                x,
                plot_bottom + 16,
                datum.as_of_text,
                css_class="chart-tick",
                anchor="middle",
            )
        )
    return "".join(parts), height


def _legend(top, rtl, data):
    kinds = {d.is_estimate for d in data}
    entries = []
    if False in kinds:
        entries.append(("chart-bar--official", _("Official count")))
    if True in kinds:
        entries.append(("chart-bar--estimate", _("Estimate")))
    parts, position = [], 0
    for css_class, text in entries:
        x = _x(position + 12, rtl) - (12 if not rtl else 0)
        parts.append(
            f'<rect class="chart-bar {css_class}" x="{x:.0f}" y="{top + 4}" '
            f'width="12" height="12"/>'
        )
        parts.append(
            _text(
                _x(position + 18, rtl),
                top + 14,
                text,
                css_class="chart-legend",
                rtl=rtl,
            )
        )
        position += 18 + 0.6 * 12 * len(text) + 16
    return "".join(parts), 24
