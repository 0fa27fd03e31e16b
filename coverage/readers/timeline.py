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
    """Chronological `events` as years of months; year-only events open their year."""

    def month_key(event: Event) -> str:
        if event.date_precision == Precision.YEAR:
            return f"{event.date:%Y}"
        return f"{event.date:%Y-%m}"

    years = []
    for year, in_year in groupby(events, key=lambda event: event.date.year):
        group = YearGroup(year)
        for key, in_month in groupby(in_year, key=month_key):
            in_month = list(in_month)
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
