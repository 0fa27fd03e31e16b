"""The site's sitemaps: stories, the pages gathering them, and the Google News sitemap."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.shortcuts import render
from django.urls import reverse

from articles.models import Article
from articles.sitemaps import (
    ArticleSitemap,
    EditionSitemap,
    SectionSitemap,
    TopicSitemap,
    published_in,
    recent_news,
)
from events.models import Event, Place
from sources.models import Source


class PageSitemap(Sitemap):
    """Home, the story list, the timeline and the source list, in every edition."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "hourly"

    def items(self):
        return ["home", "articles:list", "events:timeline", "sources:list"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if not hasattr(self, "_newest"):
            newest = Article.objects.published().aggregate(Max("publish_at"))
            self._newest = newest["publish_at__max"]
        return self._newest


class SourceSitemap(EditionSitemap):
    def items(self):
        return (
            Source.objects.public()
            .annotate(
                lastmod=Max(
                    "quotes__article__publish_at",
                    filter=published_in("quotes__article"),
                )
            )
            .order_by("pk")
        )


class PlaceSitemap(EditionSitemap):
    def items(self):
        return Place.objects.annotate(lastmod=Max("events__modified_at")).order_by("pk")


class EventSitemap(EditionSitemap):
    def items(self):
        return Event.objects.order_by("pk")

    def lastmod(self, event):
        return event.modified_at


SITEMAPS = {
    "pages": PageSitemap,
    "stories": ArticleSitemap,
    "sections": SectionSitemap,
    "topics": TopicSitemap,
    "sources": SourceSitemap,
    "places": PlaceSitemap,
    "events": EventSitemap,
}


def news_sitemap(request):
    """Google News sitemap: the stories of the last two days (needs the news namespace)."""
    context = {"articles": recent_news(), "publication": "Shafaq Coverage"}
    return render(
        request,
        "sitemap_news.xml",
        context,
        content_type="application/xml; charset=utf-8",
    )
