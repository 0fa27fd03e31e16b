"""The site's feeds: RSS and Atom of published stories (each item's guid is the
story's UUID), the timeline as RSS, the most recently dated events first, and a live
story's updates, one item per update (guid: the story's URN with the update's
fragment, stable across slug changes).

Items are rows, not model instances: each feed reads its items' columns through
statements compiled once (articles.compiled: CompiledRows, translated fields in this
edition), and their topics and bylines by key lists, one query each, where model
instances and prefetch_related() cost most of a feed. Dates and addresses follow
the models' own rules (Article.published_at and last_updated_at, Event.date_display,
LiveUpdate.anchor, slug_urls()), applied to the rows.

Every value we put in a feed is plain text (headlines, standfirsts, names, summaries).
Feed readers render some elements as HTML: RSS 2.0 title and description in practice,
Atom elements with type="html" by definition (RFC 4287 §3.1.1.2). There a plain value
is escaped for HTML before the XML writer escapes it again, so `<img onerror=...>`
in a standfirst reaches the reader as text, never as a tag. Every value is also
passed through xml_safe, so a row stored with a control character XML 1.0 forbids
still yields a well-formed feed.
"""

from types import SimpleNamespace

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from articles.compiled import CompiledRead
from articles.models import Article, Byline, LiveUpdate, Topic, slug_urls
from articles.text import xml_safe
from articles.translation import CompiledRows
from events.models import Event
from readers import live
from readers.dates import local

FEED_ITEMS = 30
TIMELINE_FEED_ITEMS = 50


# What an item shows of a story: headline, standfirst, times, section; no body.
STORY_FIELDS = (
    "pk",
    "uuid",
    "slug",
    "language",
    "headline",
    "standfirst",
    "publish_at",
    "first_published_at",
    "updated_at",
    "section",
    "section__name",
)
# The newest published stories of an edition, and of an edition on a topic.
LATEST = CompiledRows(
    lambda language: (
        Article.objects.published().in_edition(language).newest_first()[:FEED_ITEMS]
    ),
    STORY_FIELDS,
    language=str,
)
ON_TOPIC = CompiledRows(
    lambda topic, language: (
        Article.objects.published()
        .in_edition(language)
        .filter(topics=topic)
        .newest_first()[:FEED_ITEMS]
    ),
    STORY_FIELDS,
    language=str,
    topic=int,
)
# The topics of stories, in their order (Topic's), and their bylines (in order).
STORY_TOPICS = CompiledRows(
    lambda ids: Topic.objects.filter(articles__in=ids), ("articles", "name"), ids=list
)
BYLINES = CompiledRows(
    lambda ids: Byline.objects.filter(article__in=ids),
    ("article", "author__name"),
    ids=list,
)
TOPIC = CompiledRead(lambda slug: Topic.objects.filter(slug=slug), slug=str)


def feed_stories(rows: list[dict]) -> list[SimpleNamespace]:
    """Story rows (STORY_FIELDS, of this edition) as feed items: each with its
    "link", "topics" (names) and "authors" (names, byline order), two queries."""
    ids = [row["pk"] for row in rows]
    topics, authors = {}, {}
    if ids:
        for row in STORY_TOPICS(ids=ids):
            topics.setdefault(row["articles"], []).append(row["name"])
        # The byline in the edition's spelling: every story here is of this edition.
        for row in BYLINES(ids=ids):
            authors.setdefault(row["article"], []).append(row["author__name"])
    urls = {}
    stories = []
    for row in rows:
        language = row["language"]
        if language not in urls:
            urls[language] = slug_urls("articles:detail", language)
        stories.append(
            SimpleNamespace(
                **row,
                link=urls[language](row["slug"]),
                topics=topics.get(row["pk"], []),
                authors=authors.get(row["pk"], []),
            )
        )
    return stories


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
        return feed_stories(LATEST(language=get_language()))

    def item_title(self, story):
        return story.headline

    def item_description(self, story):
        return story.standfirst

    def item_link(self, story):
        return story.link

    def item_guid(self, story):
        return story.uuid.urn  # urn:uuid:…, stable across slug changes

    def item_pubdate(self, story):
        return local(Article.published_at.fget(story))

    def item_updateddate(self, story):
        return local(Article.last_updated_at.fget(story))

    def item_author_name(self, story):
        return ", ".join(story.authors) or None

    def item_categories(self, story):
        section = [story.section__name] if story.section is not None else []
        return section + story.topics


class LatestStoriesAtom(LatestStoriesRss):
    feed_type = PlainTextAtom
    subtitle = LatestStoriesRss.description


class TopicRss(LatestStoriesRss):
    """The latest stories on one topic."""

    def get_object(self, request, slug):
        found = TOPIC(slug=slug)
        if not found:
            raise Http404("No Topic matches the given query.")
        return found[0]

    def title(self, topic):
        return _("Shafaq Coverage: %(topic)s") % {"topic": topic.name}

    def description(self, topic):
        return topic.description or self.title(topic)

    def link(self, topic):
        return topic.get_absolute_url()

    def items(self, topic):
        return feed_stories(ON_TOPIC(topic=topic.pk, language=get_language()))


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
        rows = TIMELINE_EVENTS()
        link = slug_urls("events:detail")
        topics = {}
        if rows:
            for row in EVENT_TOPICS(ids=[row["pk"] for row in rows]):
                topics.setdefault(row["events"], []).append(row["name"])
        return [
            SimpleNamespace(
                **row, link=link(row["slug"]), topics=topics.get(row["pk"], [])
            )
            for row in rows
        ]

    def item_title(self, event):
        return f"{Event.date_display.fget(event)}: {event.title}"

    def item_description(self, event):
        return event.summary

    def item_link(self, event):
        return event.link

    def item_guid(self, event):
        return f"urn:shafaq:event:{event.pk}"  # the slug may change; the key does not

    def item_pubdate(self, event):
        return local(event.created_at)

    def item_updateddate(self, event):
        return local(event.modified_at)

    def item_categories(self, event):
        category = CATEGORIES.get(event.category, event.category)
        return [str(category), *event.topics]


# The newest dated events, with what an item shows, and their topics (in order).
TIMELINE_EVENTS = CompiledRows(
    lambda: Event.objects.order_by("-date", "-pk")[:TIMELINE_FEED_ITEMS],
    (
        "pk",
        "slug",
        "date",
        "date_precision",
        "title",
        "summary",
        "category",
        "created_at",
        "modified_at",
    ),
)
EVENT_TOPICS = CompiledRows(
    lambda ids: Topic.objects.filter(events__in=ids), ("events", "name"), ids=list
)
# Event.get_category_display(): each category's label, an unknown one as it is.
CATEGORIES = dict(Event.Category.choices)


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
        permalink = live.permalinks(article)
        return [
            SimpleNamespace(**row, link=permalink(row["pk"]), story=article)
            for row in LIVE_UPDATES(story=article.pk)
        ]

    def item_title(self, update: SimpleNamespace):
        return update.title or Truncator(update.body_text).words(12)

    def item_description(self, update: SimpleNamespace):
        # Rich text sanitised with nh3 when saved: the one value that is HTML already.
        return mark_safe(update.body)

    def item_link(self, update: SimpleNamespace):
        return update.link

    def item_guid(self, update: SimpleNamespace):
        return f"{update.story.uuid.urn}#{LiveUpdate.anchor.fget(update)}"

    def item_pubdate(self, update: SimpleNamespace):
        return local(update.posted_at)

    def item_updateddate(self, update: SimpleNamespace):
        return local(update.corrected_at or update.posted_at)

    def item_author_name(self, update: SimpleNamespace):
        return update.author__name if update.author is not None else None


# A live story's newest updates, with what an item shows.
LIVE_UPDATES = CompiledRows(
    lambda story: LiveUpdate.objects.filter(article=story).newest_first()[
        :LIVE_FEED_ITEMS
    ],
    (
        "pk",
        "title",
        "body",
        "body_text",
        "posted_at",
        "corrected_at",
        "author",
        "author__name",
    ),
    story=int,
)


class LiveUpdatesAtom(LiveUpdatesRss):
    feed_type = PlainTextAtom

    def subtitle(self, article):
        return self.description(article)
