"""The timeline as RSS: the most recently dated events first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.feeds import PlainTextRss
from events.models import Event

FEED_ITEMS = 50


class TimelineRss(Feed):
    feed_type = PlainTextRss
    title = _("Shafaq Coverage: timeline of the security transition")
    description = _("Events of Iraq’s security transition, newest first.")
    item_guid_is_permalink = False

    def link(self):
        return reverse("events:timeline")

    def items(self):
        return (
            Event.objects.select_related("place")
            .prefetch_related("topics")
            .order_by("-date", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, event):
        return f"{event.date_display}: {event.title}"

    def item_description(self, event):
        return event.summary

    def item_guid(self, event):
        return f"urn:shafaq:event:{event.pk}"  # the slug may change; the key does not

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.modified_at

    def item_categories(self, event):
        return [event.get_category_display()] + [t.name for t in event.topics.all()]
