"""Events as TimelineJS 3 data (https://timeline.knightlab.com/docs/json-format.html).

TimelineJS writes `headline`, `text`, `caption` and `credit` into the page as HTML,
so our plain text goes there escaped (and `text` is built with format_html).

Dates carry only the parts we know: an event known to the month has no `day`, one
known to the year has neither `month` nor `day`, and TimelineJS then shows
"March 2026" or "2026" by itself instead of an invented 1 March.
"""

import datetime

from django.conf import settings
from django.db import router
from django.db.models import DEFERRED
from django.utils.encoding import iri_to_uri
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from articles.images import largest_rendition_url
from articles.models import Article, slug_urls
from articles.text import escaped
from articles.translation import translated_rows
from events.models import Event, Precision, coverage_rows
from readers.timeline import EVENT_FIELDS

TITLE = gettext_noop("Iraq’s security transition")  # translated where it is used


def timeline_date(value: datetime.date, precision: str) -> dict:
    """A TimelineJS date object holding only the parts known at `precision`."""
    date = {"year": value.year}
    if precision in (Precision.MONTH, Precision.DAY):
        date["month"] = value.month
    if precision == Precision.DAY:
        date["day"] = value.day
    return date


def slide(event: dict, labels: dict | None = None) -> dict:
    """One event: a dict of EVENT_FIELDS with its "coverage", the stories as
    events.models.coverage_rows(..., with_picture=True) reads them.

    `labels` are slide_labels() (made once for a whole document), else made here.
    Written with f-strings, every value escaped as format_html() escapes it:
    fifty slides of five links each through format_html_join and a model instance
    per story were most of the document's cost.
    """
    labels = labels or slide_labels()
    site, story_urls = labels["site"], labels["story_urls"]
    stories = event["coverage"]
    links = []
    for story in stories:
        language = story["language"]
        story_url = story_urls.get(language)
        if story_url is None:
            story_url = story_urls[language] = slug_urls("articles:detail", language)
        links.append(
            f'<li><a href="{escaped(site + story_url(story["slug"]))}">'
            f"{escaped(story['headline'])}</a></li>"
        )
    coverage = f"<ul>{''.join(links)}</ul>" if stories else ""
    text = (
        f"<p>{escaped(event['summary'])}</p>{coverage}"
        f'<p><a href="{escaped(site + labels["event_url"](event["slug"]))}">'
        f"{labels['more']}</a></p>"
    )
    category = event["category"]
    item = {
        "unique_id": event["slug"],
        "start_date": timeline_date(event["date"], event["date_precision"]),
        "text": {"headline": escaped(event["title"]), "text": text},
        "group": labels["categories"].get(category, category),
    }
    if event["end_date"]:
        item["end_date"] = timeline_date(event["end_date"], event["date_precision"])
    pictured = next((s for s in stories if s["columns"]["lead_image"]), None)
    if pictured is not None:
        story = _story(pictured["columns"])
        item["media"] = {
            "url": iri_to_uri(
                settings.SITE_URL + largest_rendition_url(story.lead_image)
            ),
            "alt": story.lead_image_alt,
            "caption": escape(story.lead_image_caption),
            "credit": escape(story.lead_image_credit),
            "link": iri_to_uri(settings.SITE_URL + story.get_absolute_url()),
        }
    return item


def slides(events, *, in_edition: bool, limit: int) -> list[dict]:
    """The events of the queryset `events` (filtered, ordered) as slide() reads
    them, each with its oldest `limit` public stories (only the active edition's
    when `in_edition`): two queries, no model instance but for a pictured story."""
    rows = translated_rows(events, EVENT_FIELDS)
    stories = coverage_rows(
        [row["pk"] for row in rows],
        in_edition=in_edition,
        oldest_first=True,
        limit=limit,
        with_picture=True,
    )
    for row in rows:
        row["coverage"] = stories.get(row["pk"], [])
    return rows


def _story(columns: dict) -> Article:
    """A story with the columns its picture and address need, as the ORM builds it
    (the others deferred; from_db() takes the values in the model's field order)."""
    fields = Article._meta.concrete_fields
    return Article.from_db(
        router.db_for_read(Article),
        [field.attname for field in fields],
        [columns.get(field.attname, DEFERRED) for field in fields],
    )


def timeline_json(events) -> dict:
    """The whole TimelineJS document: a title slide and one slide per event (the
    dicts slides() gives)."""
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
    """What every slide repeats, in the active language: {"more": escaped str,
    "categories": {category: label}} (what get_category_display() answers, without
    hashing every lazy label again for each event), the site's address and the
    addresses of events and stories (per language) as slug -> path functions."""
    return {
        "more": escaped(_("More about this event")),
        "categories": {value: str(label) for value, label in Event.Category.choices},
        "site": iri_to_uri(settings.SITE_URL),
        "event_url": slug_urls("events:detail"),
        "story_urls": {},
    }
