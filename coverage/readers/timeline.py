"""The timeline's shape: events grouped by year, then by month, with honest dates."""

from dataclasses import dataclass, field
from itertools import groupby

from django.utils import formats

from events.models import Event, Precision


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
                else formats.date_format(in_month[0].date, "YEAR_MONTH_FORMAT")
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
