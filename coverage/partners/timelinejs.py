"""Events as TimelineJS 3 data (https://timeline.knightlab.com/docs/json-format.html).

TimelineJS writes `headline`, `text`, `caption` and `credit` into the page as HTML,
so our plain text goes there escaped (and `text` is built with format_html).

Dates carry only the parts we know: an event known to the month has no `day`, one
known to the year has neither `month` nor `day`, and TimelineJS then shows
"March 2026" or "2026" by itself instead of an invented 1 March.
"""

import datetime

from django.conf import settings
from django.utils.encoding import iri_to_uri
from django.utils.html import escape, format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from articles.images import largest_rendition_url
from events.models import Event, Precision

TITLE = gettext_noop("Iraq’s security transition")  # translated where it is used


def timeline_date(value: datetime.date, precision: str) -> dict:
    """A TimelineJS date object holding only the parts known at `precision`."""
    date = {"year": value.year}
    if precision in (Precision.MONTH, Precision.DAY):
        date["month"] = value.month
    if precision == Precision.DAY:
        date["day"] = value.day
    return date


def slide(event: Event, labels: dict | None = None) -> dict:
    """One event; expects `coverage` prefetched (EventQuerySet.with_coverage()).

    `labels` are slide_labels() (made once for a whole document), else made here.
    """
    labels = labels or slide_labels()
    stories = event.coverage
    links = format_html_join(
        "",
        '<li><a href="{}">{}</a></li>',
        (
            (iri_to_uri(settings.SITE_URL + a.get_absolute_url()), a.headline)
            for a in stories
        ),
    )
    text = format_html(
        '<p>{}</p>{}<p><a href="{}">{}</a></p>',
        event.summary,
        format_html("<ul>{}</ul>", links) if stories else "",
        iri_to_uri(settings.SITE_URL + event.get_absolute_url()),
        labels["more"],
    )
    item = {
        "unique_id": event.slug,
        "start_date": timeline_date(event.date, event.date_precision),
        "text": {"headline": escape(event.title), "text": str(text)},
        "group": labels["categories"].get(event.category, event.category),
    }
    if event.end_date:
        item["end_date"] = timeline_date(event.end_date, event.date_precision)
    if pictured := next((a for a in stories if a.lead_image), None):
        item["media"] = {
            "url": iri_to_uri(
                settings.SITE_URL + largest_rendition_url(pictured.lead_image)
            ),
            "alt": pictured.lead_image_alt,
            "caption": escape(pictured.lead_image_caption),
            "credit": escape(pictured.lead_image_credit),
            "link": iri_to_uri(settings.SITE_URL + pictured.get_absolute_url()),
        }
    return item


def timeline_json(events) -> dict:
    """The whole TimelineJS document: a title slide and one slide per event."""
    labels = slide_labels()
    return {
        "title": {
            "text": {
                "headline": _(TITLE),
                "text": _(
                    "Events in Shafaq News coverage, as precisely dated as known."
                ),
            }
        },
        "events": [slide(event, labels) for event in events],
    }


def slide_labels() -> dict:
    """The words every slide repeats, in the active language: {"more": str,
    "categories": {category: label}} (what get_category_display() answers, without
    hashing every lazy label again for each event)."""
    return {
        "more": _("More about this event"),
        "categories": {value: str(label) for value, label in Event.Category.choices},
    }
