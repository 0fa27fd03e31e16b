"""One instant, one calendar: every date the site prints is in the site's time zone.

Pages, JSON-LD and feeds show the same instant with Baghdad's offset
(settings.TIME_ZONE), so a story published at 23:30 UTC is dated the next day
everywhere, never the day before in one place and the day after in another.
"""

import datetime

from django.utils import timezone


def local(value: datetime.datetime | None) -> datetime.datetime | None:
    """`value` (an aware datetime) in the site's time zone; None stays None."""
    return timezone.localtime(value) if value else None


def machine_time(value: datetime.datetime | None) -> str:
    """ISO 8601 with the site's offset, to the second (the HTML checker refuses
    microseconds), e.g. "2026-01-17T01:30:00+03:00"; "" for None."""
    return local(value).isoformat(timespec="seconds") if value else ""
