"""The timeline's shape: events grouped by year, then by month, with honest dates;
and the events a timeline shows, read as rows (timeline_entries())."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from articles.models import slug_url
from articles.translation import CompiledRows, translated_rows
from events.models import (
    DatedByPrecision,
    Event,
    Precision,
    coverage_rows,
    format_date,
)
from sources.models import Source


@dataclass
class MonthGroup:
    label: str  # "January 2026", or "2026" for events known only to the year
    key: str  # "2026-01" or "2026": an anchor and a <time datetime> value
    events: list = field(default_factory=list)


@dataclass
class YearGroup:
    year: int
    months: list[MonthGroup] = field(default_factory=list)

    @property
    def event_count(self) -> int:
        return sum(len(month.events) for month in self.months)


def group_by_month(events) -> list[YearGroup]:
    """Chronological `events` as years of months: in each year, the events known only
    to the year form one group of their own, first; then each month once, in order.

    Known only to the year, an event is stored on 1 January, so in date order it sits
    among January's events; grouping by consecutive keys split January in two (and
    repeated its HTML id). Events keep their order inside each group.
    """

    def month_key(event: Event) -> str:
        if event.date_precision == Precision.YEAR:
            return f"{event.date:%Y}"
        return f"{event.date:%Y-%m}"

    years = []
    for year, in_year in groupby(events, key=lambda event: event.date.year):
        group = YearGroup(year)
        months: dict[str, list] = {}
        for event in in_year:
            months.setdefault(month_key(event), []).append(event)
        # "2026" sorts before "2026-01": the year-only group opens its year.
        for key in sorted(months):
            in_month = months[key]
            label = (
                str(year)
                if len(key) == 4
                else format_date(in_month[0].date, Precision.MONTH)
            )
            group.months.append(MonthGroup(label, key, in_month))
        years.append(group)
    return years


def time_value(date, precision: str) -> str:
    """A valid HTML <time datetime> for a date known to `precision`."""
    if precision == Precision.YEAR:
        return f"{date:%Y}"
    if precision == Precision.MONTH:
        return f"{date:%Y-%m}"
    return date.isoformat()


@dataclass(slots=True)
class PlaceEntry:
    """What a timeline shows of a place: a link and a marker on its map
    (readers.pictures.markers_for reads pk, name, latitude and longitude)."""

    pk: int
    slug: str
    name: str
    latitude: Decimal | None
    longitude: Decimal | None

    def get_absolute_url(self) -> str:
        return slug_url("events:place", self.slug)


@dataclass(slots=True)
class TimelineEntry(DatedByPrecision):
    """An event as a timeline shows it (the attributes an Event has, in the active
    edition): its place, its actors as [{"slug", "name"}] and its coverage as
    events.models.coverage_rows() gives it."""

    pk: int
    slug: str
    title: str
    summary: str
    date: datetime.date
    date_precision: str
    end_date: datetime.date | None
    category: str
    place: PlaceEntry | None = None
    actors: list = field(default_factory=list)
    coverage: list = field(default_factory=list)

    def get_absolute_url(self) -> str:
        return slug_url("events:detail", self.slug)

    def get_category_display(self) -> str:
        return str(Event.Category(self.category).label)


EVENT_FIELDS = (
    "pk",
    "slug",
    "title",
    "summary",
    "date",
    "date_precision",
    "end_date",
    "category",
)
PLACE_FIELDS = ("pk", "slug", "name", "latitude", "longitude")


# The events' actors: the query prefetch_related("actors") runs (same join, same
# order), compiled once per process, edition and number of events.
ACTORS = CompiledRows(
    lambda pks: Source.objects.filter(events__in=pks),
    ["events", "slug", "name"],
    pks=list,
)


def timeline_entries(events, *, coverage: int) -> list[TimelineEntry]:
    """The events of the queryset `events` (filtered, ordered, sliced) as
    TimelineEntry rows in the same order, each with its place, its actors and its
    newest `coverage` public stories of the active edition: three queries whatever
    the archive's size (events with their places, actors, coverage), no model
    instance (a translated one costs ~75 µs; a page shows thirty events)."""
    rows = translated_rows(
        events, [*EVENT_FIELDS, *(f"place__{name}" for name in PLACE_FIELDS)]
    )
    entries = []
    for row in rows:
        place = None
        if row["place__pk"] is not None:
            place = PlaceEntry(*(row[f"place__{name}"] for name in PLACE_FIELDS))
        entries.append(
            TimelineEntry(*(row[name] for name in EVENT_FIELDS), place=place)
        )
    pks = [entry.pk for entry in entries]
    if not pks:
        return entries
    actors = {}
    for row in ACTORS(pks=pks):
        actors.setdefault(row["events"], []).append(row)
    stories = coverage_rows(pks, in_edition=True, limit=coverage)
    for entry in entries:
        entry.actors = actors.get(entry.pk, [])
        entry.coverage = stories.get(entry.pk, [])
    return entries
