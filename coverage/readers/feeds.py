"""The site's feeds: RSS and Atom of published stories (each item's guid is the
story's UUID), the timeline as RSS, the most recently dated events first, and a live
story's updates, one item per update (guid: the story's URN with the update's
fragment, stable across slug changes)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.models import Article, LiveUpdate, Topic
from events.models import Event
from readers.dates import local

FEED_ITEMS = 30
TIMELINE_FEED_ITEMS = 50


def feed_stories(articles) -> list:
    """The newest published stories of `articles` (a manager) in this edition, with
    what an item shows."""
    stories = articles.published().in_edition().newest_first().for_listing()
    return stories.prefetch_related("topics")[:FEED_ITEMS]


class LatestStoriesRss(Feed):
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
        return local(article.first_published_at or article.publish_at)

    def item_updateddate(self, article):
        return local(
            article.updated_at or article.first_published_at or article.publish_at
        )

    def item_author_name(self, article):
        return ", ".join(author.name for author in article.byline) or None

    def item_categories(self, article):
        section = [article.section.name] if article.section else []
        return section + [topic.name for topic in article.topics.all()]


class LatestStoriesAtom(LatestStoriesRss):
    feed_type = Atom1Feed
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
    title = _("Shafaq Coverage: timeline of the security transition")
    description = _("Events of Iraq’s security transition, newest first.")
    item_guid_is_permalink = False

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

    item_guid_is_permalink = False

    def get_object(self, request, slug):
        article = get_object_or_404(
            Article.objects.published().in_edition().select_related("live_coverage"),
            slug=slug,
        )
        if article.live is None:
            raise Http404
        return article

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
        return update.body  # sanitised when saved; the feed escapes it as text

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
    feed_type = Atom1Feed

    def subtitle(self, article):
        return self.description(article)
