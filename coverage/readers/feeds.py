"""The site's feeds: RSS and Atom of published stories (each item's guid is the
story's UUID) and the timeline as RSS, the most recently dated events first."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Topic
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
        return local(article.published_at)

    def item_updateddate(self, article):
        return local(article.last_updated_at)

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
