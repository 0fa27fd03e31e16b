"""RSS and Atom feeds of published stories; each item's guid is the story's UUID."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Topic

FEED_ITEMS = 30


class LatestStoriesRss(Feed):
    title = _("Shafaq Coverage: latest stories")
    description = _("Iraq’s security transition: the latest published stories.")
    item_guid_is_permalink = False

    def link(self):
        return reverse("articles:list")

    def items(self):
        return (
            Article.objects.published()
            .in_edition()
            .latest()
            .for_listing()
            .prefetch_related("topics")[:FEED_ITEMS]
        )

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.standfirst

    def item_guid(self, article):
        return article.uuid.urn  # urn:uuid:…, stable across slug changes

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.last_updated_at

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
        return (
            topic.articles.published()
            .in_edition()
            .latest()
            .for_listing()
            .prefetch_related("topics")[:FEED_ITEMS]
        )
