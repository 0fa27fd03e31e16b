"""The site's feeds: RSS and Atom of published stories (each item's guid is the
story's UUID), the timeline as RSS, the most recently dated events first, and a live
story's updates, one item per update (guid: the story's URN with the update's
fragment, stable across slug changes).

Every value we put in a feed is plain text (headlines, standfirsts, names, summaries).
Feed readers render some elements as HTML: RSS 2.0 title and description in practice,
Atom elements with type="html" by definition (RFC 4287 §3.1.1.2). There a plain value
is escaped for HTML before the XML writer escapes it again, so `<img onerror=...>`
in a standfirst reaches the reader as text, never as a tag. Every value is also
passed through xml_safe, so a row stored with a control character XML 1.0 forbids
still yields a well-formed feed.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.models import Article, LiveUpdate, Topic
from articles.text import xml_safe
from events.models import Event
from readers import live
from readers.dates import local

FEED_ITEMS = 30
TIMELINE_FEED_ITEMS = 50


def feed_stories(articles) -> list:
    """The newest published stories of `articles` (a manager) in this edition, with
    what an item shows."""
    stories = articles.published().in_edition().newest_first()
    # An item: headline, standfirst, times, byline, section and topics; no body.
    stories = stories.select_related("section").defer("body", "body_text")
    return stories.with_byline().prefetch_related("topics")[:FEED_ITEMS]


def _prepared(values: dict, html_keys: set[str]) -> dict:
    """Feed or item keyword arguments made XML-safe, the HTML-typed ones escaped.

    A value marked safe (the sanitised rich text of a live update) is already HTML
    and goes through as it is; every other string is plain text.
    """
    prepared = {}
    for key, value in values.items():
        if isinstance(value, list | tuple):
            value = type(value)(xml_safe(str(v)) for v in value)
        elif isinstance(value, SafeData):
            value = mark_safe(xml_safe(value))  # sanitised HTML, stays HTML
        elif isinstance(value, str):
            value = xml_safe(value)
            if key in html_keys:
                value = escape(value)
        prepared[key] = value
    return prepared


class PlainTextRss(Rss201rev2Feed):
    """RSS 2.0 whose titles and descriptions carry our plain text as escaped HTML."""

    HTML_KEYS = {"title", "description"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **_prepared(kwargs, self.HTML_KEYS))

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **_prepared(kwargs, self.HTML_KEYS))


class PlainTextAtom(Atom1Feed):
    """Atom 1.0: titles are type="text"; the summary is type="html", so it is escaped."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **_prepared(kwargs, set()))

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **_prepared(kwargs, {"description"}))


class LatestStoriesRss(Feed):
    feed_type = PlainTextRss
    title = _("Shafaq Coverage: latest stories")
    description = _("Iraq’s security transition: the latest published stories.")
    item_guid_is_permalink = False

    def link(self):
        return reverse("articles:list")

    def items(self):
        return feed_stories(Article.objects)

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.standfirst

    def item_guid(self, article):
        return article.uuid.urn  # urn:uuid:…, stable across slug changes

    def item_pubdate(self, article):
        return local(article.published_at)

    def item_updateddate(self, article):
        return local(article.last_updated_at)

    def item_author_name(self, article):
        names = [author.name_in(article.language) for author in article.byline]
        return ", ".join(names) or None

    def item_categories(self, article):
        section = [article.section.name] if article.section else []
        return section + [topic.name for topic in article.topics.all()]


class LatestStoriesAtom(LatestStoriesRss):
    feed_type = PlainTextAtom
    subtitle = LatestStoriesRss.description


class TopicRss(LatestStoriesRss):
    """The latest stories on one topic."""

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return _("Shafaq Coverage: %(topic)s") % {"topic": topic.name}

    def description(self, topic):
        return topic.description or self.title(topic)

    def link(self, topic):
        return topic.get_absolute_url()

    def items(self, topic):
        return feed_stories(topic.articles)


class TimelineRss(Feed):
    feed_type = PlainTextRss
    title = _("Shafaq Coverage: timeline of the security transition")
    description = _("Events of Iraq’s security transition, newest first.")
    item_guid_is_permalink = False

    def __call__(self, request, *args, **kwargs):
        # Django dates a feed by its newest item; a deleted event leaves no trace
        # to date by, so that Last-Modified would answer If-Modified-Since with a
        # 304 that keeps the deleted event. The ETag (a hash of the content) does
        # the conditional requests instead.
        response = super().__call__(request, *args, **kwargs)
        del response["Last-Modified"]
        return response

    def link(self):
        return reverse("events:timeline")

    def items(self):
        return (
            Event.objects.select_related("place")
            .prefetch_related("topics")
            .order_by("-date", "-pk")[:TIMELINE_FEED_ITEMS]
        )

    def item_title(self, event):
        return f"{event.date_display}: {event.title}"

    def item_description(self, event):
        return event.summary

    def item_guid(self, event):
        return f"urn:shafaq:event:{event.pk}"  # the slug may change; the key does not

    def item_pubdate(self, event):
        return local(event.created_at)

    def item_updateddate(self, event):
        return local(event.modified_at)

    def item_categories(self, event):
        return [event.get_category_display()] + [t.name for t in event.topics.all()]


LIVE_FEED_ITEMS = 50


class LiveUpdatesRss(Feed):
    """One item per update of a live story, newest first."""

    feed_type = PlainTextRss
    item_guid_is_permalink = False

    def get_object(self, request, slug):
        return live.story_or_404(slug)

    def title(self, article):
        return _("Live: %(headline)s") % {"headline": article.headline}

    def description(self, article):
        return article.standfirst or article.headline

    def link(self, article):
        return article.get_absolute_url()

    def items(self, article):
        return article.live_updates.newest_first().select_related("author", "article")[
            :LIVE_FEED_ITEMS
        ]

    def item_title(self, update: LiveUpdate):
        return update.title or Truncator(update.body_text).words(12)

    def item_description(self, update: LiveUpdate):
        # Rich text sanitised with nh3 when saved: the one value that is HTML already.
        return mark_safe(update.body)

    def item_link(self, update: LiveUpdate):
        return update.get_absolute_url()

    def item_guid(self, update: LiveUpdate):
        return f"{update.article.uuid.urn}#{update.anchor}"

    def item_pubdate(self, update: LiveUpdate):
        return local(update.posted_at)

    def item_updateddate(self, update: LiveUpdate):
        return local(update.corrected_at or update.posted_at)

    def item_author_name(self, update: LiveUpdate):
        return update.author.name if update.author else None


class LiveUpdatesAtom(LiveUpdatesRss):
    feed_type = PlainTextAtom

    def subtitle(self, article):
        return self.description(article)
