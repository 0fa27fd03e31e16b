"""One instant, one calendar: every date the site prints is in the site's time zone.

Pages, JSON-LD and feeds show the same instant with Baghdad's offset
(settings.TIME_ZONE), so a story published at 23:30 UTC is dated the next day
everywhere, never the day before in one place and the day after in another.
"""

import datetime
import functools

from django.core.signals import setting_changed
from django.utils import dateformat, formats, timezone, translation


def local(value: datetime.datetime | None) -> datetime.datetime | None:
    """`value` (an aware datetime) in the site's time zone; None stays None."""
    return timezone.localtime(value) if value else None


def machine_time(value: datetime.datetime | None) -> str:
    """ISO 8601 with the site's offset, to the second (the HTML checker refuses
    microseconds), e.g. "2026-01-17T01:30:00+03:00"; "" for None."""
    return local(value).isoformat(timespec="seconds") if value else ""


def shown(value: datetime.datetime | None, format_name: str) -> str:
    """What {{ value|date:format_name }} shows in a template: `value` (an aware
    datetime) in the site's time zone, written in the active edition's
    `format_name` (e.g. "DATETIME_FORMAT"); "" for None.

    Django's formatting costs some 160 Python calls a value (a lookup and a lazy
    translation per part); lists write dozens. The parts a day decides (month
    names, numbers) and those the clock decides ("p.m.") are written once per
    process, day or minute, and edition; a format reading the time zone or the
    whole instant ("c", "r", "U", "e", "O", "T", "Z", "I") is written whole."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    language = translation.get_language()
    layout = _layout(formats.get_format(format_name))
    if layout is None:
        return dateformat.format(local, formats.get_format(format_name))
    pieces, day_specifiers, clock_specifiers = layout
    day = iter(_day_parts(local.date(), day_specifiers, language))
    clock = iter(
        _clock_parts(
            local.time().replace(
                second=local.second if "s" in clock_specifiers else 0,
                microsecond=local.microsecond if "u" in clock_specifiers else 0,
                tzinfo=None,
            ),
            clock_specifiers,
            language,
        )
    )
    return "".join(
        next(day) if kind == _DAY else next(clock) if kind == _CLOCK else text
        for kind, text in pieces
    )


_DAY, _CLOCK, _TEXT = "day", "clock", "text"
_DAY_SPECIFIERS = frozenset("bdDEFjlLmMnNoStwWyYz")
_CLOCK_SPECIFIERS = frozenset("aAfgGhHiPsu")


@functools.lru_cache(maxsize=64)
def _layout(format_string: str):
    """The pieces of `format_string` in order, as (kind, literal text), with the
    day's and the clock's specifiers in order; None when one reads more."""
    pieces, day, clock = [], [], []
    for i, piece in enumerate(dateformat.re_formatchars.split(format_string)):
        if i % 2:
            if piece in _DAY_SPECIFIERS:
                pieces.append((_DAY, ""))
                day.append(piece)
            elif piece in _CLOCK_SPECIFIERS:
                pieces.append((_CLOCK, ""))
                clock.append(piece)
            else:
                return None
        elif piece:
            pieces.append((_TEXT, dateformat.re_escaped.sub(r"\1", piece)))
    return tuple(pieces), tuple(day), tuple(clock)


@functools.lru_cache(maxsize=4096)
def _day_parts(day: datetime.date, specifiers: tuple, language: str) -> tuple:
    # Written in `language`, the active one (called only from shown()).
    formatter = dateformat.DateFormat(day)
    return tuple(str(getattr(formatter, specifier)()) for specifier in specifiers)


@functools.lru_cache(maxsize=4096)
def _clock_parts(clock: datetime.time, specifiers: tuple, language: str) -> tuple:
    # Written in `language`, the active one (called only from shown()).
    formatter = dateformat.TimeFormat(clock)
    return tuple(str(getattr(formatter, specifier)()) for specifier in specifiers)


def _forget(**kwargs):
    _layout.cache_clear()
    _day_parts.cache_clear()
    _clock_parts.cache_clear()


# Settings a test changes (formats, languages, time zone) write dates anew.
setting_changed.connect(_forget)
