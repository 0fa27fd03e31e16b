"""Figures as a page shows them, read as rows (a translated model instance costs
~75 µs, and a place can show dozens of figures, each naming its source)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from articles.models import slug_url
from articles.translation import CompiledRows
from events.models import FIGURE_SHOWN, Figure, figure_value_display, format_date


@dataclass(slots=True)
class SourceLink:
    slug: str
    name: str

    def get_absolute_url(self) -> str:
        return slug_url("sources:detail", self.slug)


@dataclass(slots=True)
class FigureEntry:
    """A figure with the attributes a Figure has that the figure table and chart
    read (readers.pictures.figure_data), in the active edition; its number and
    date as readers read them are formatted once (the chart and the table both
    show them)."""

    pk: int
    value: Decimal
    qualifier: str
    unit: str
    counts: str
    basis: str
    as_of: datetime.date | None
    as_of_precision: str
    source: SourceLink | None = None
    value_display: str = ""
    as_of_display: str = ""

    Basis = Figure.Basis
    Qualifier = Figure.Qualifier

    def get_basis_display(self) -> str:
        return str(dict(Figure.Basis.choices).get(self.basis, self.basis))


FIELDS = ("pk", *FIGURE_SHOWN)


ROW_FIELDS = (*FIELDS, "source__slug", "source__name")

# A place's public figures, compiled once (articles.translation.CompiledRows).
PLACE_FIGURES = CompiledRows(
    lambda place: Figure.objects.public().filter(place=place), ROW_FIELDS, place=int
)


def place_figures(place_pk: int) -> list[FigureEntry]:
    """The public figures reported at the place `place_pk`, as FigureEntry rows with
    their sources, in one query (by pk)."""
    return _entries(PLACE_FIGURES(place=place_pk))


def _entries(rows) -> list[FigureEntry]:
    dates = {}  # figures of one place often share a date
    entries = []
    for row in rows:
        when = (row["as_of"], row["as_of_precision"])
        if when not in dates:
            dates[when] = format_date(*when)
        source = None
        if row["source__slug"] is not None:
            source = SourceLink(row["source__slug"], row["source__name"])
        entries.append(
            FigureEntry(
                *(row[name] for name in FIELDS),
                source=source,
                value_display=figure_value_display(
                    row["value"], row["qualifier"], row["unit"]
                ),
                as_of_display=dates[when],
            )
        )
    return entries
