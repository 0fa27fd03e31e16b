"""The site's sitemaps: stories, the pages gathering them, and the Google News sitemap."""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section, Topic
from events.models import Event, Place
from sources.models import Source

NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000  # URLs in one Google News sitemap, at most  # Google News reads only the last two days


class ArticleSitemap(Sitemap):
    """Every published story in every edition, at its own edition's address, with an
    xhtml:link rel="alternate" hreflang per published edition of the same story (its
    original and translations, itself included), as Google reads hreflang in sitemaps.
    Django's `i18n`/`alternates` options fit pages whose one address exists in every
    language; a story's editions have their own slugs, so the alternates come from
    Article.published_editions() (prefetched: three queries per sitemap page)."""

    changefreq = "daily"
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .newest_first()
            .only("slug", "language", "publish_at", "updated_at", "translation_of")
            .with_editions()
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            editions = [url["item"], *url["item"].published_editions()]
            if len(editions) > 1:
                url["alternates"] = [
                    {"lang_code": e.language, "location": origin + e.get_absolute_url()}
                    for e in sorted(editions, key=lambda e: e.language)
                ]
        return urls

    def lastmod(self, article):
        return article.last_updated_at

    def get_latest_lastmod(self):
        # For the sitemap index: one aggregate instead of reading every story. The
        # later of the last correction and the moment a story went public (a
        # scheduled story reaching its time changes the sitemap too).
        return Article.objects.published().aggregate(
            latest=Max(Greatest("publish_at", Coalesce("updated_at", "publish_at")))
        )["latest"]


def recent_news():
    """Stories for the Google News sitemap: published in the last two days, the
    newest NEWS_LIMIT of them (Google reads at most 1,000 URLs in one news sitemap;
    older ones are already in the stories sitemap)."""
    return (
        Article.objects.published()
        .filter(publish_at__gte=timezone.now() - NEWS_WINDOW)
        .newest_first()
        .only("slug", "language", "headline", "publish_at", "first_published_at")
    )[:NEWS_LIMIT]


def published_in(relation: str) -> Q:
    """The condition "the related story is public", for aggregates over `relation`."""
    return Q(**{f"{relation}__in": Article.objects.published()})


class EditionSitemap(Sitemap):
    """Pages that exist in every edition; lastmod is their newest public story."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"

    def lastmod(self, item):
        return item.lastmod


class SectionSitemap(EditionSitemap):
    def items(self):
        return Section.objects.annotate(
            lastmod=Max("articles__publish_at", filter=published_in("articles"))
        ).order_by("pk")


class TopicSitemap(EditionSitemap):
    def items(self):
        return Topic.objects.annotate(
            lastmod=Max("articles__publish_at", filter=published_in("articles"))
        ).order_by("pk")


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


def later(*times):
    """The latest of several nullable times; NULL only when all are. (SQL's GREATEST
    is NULL on SQLite when any argument is, so each falls back to the others.)"""
    return Greatest(*(Coalesce(t, *(o for o in times if o is not t)) for t in times))


class PlaceSitemap(EditionSitemap):
    """lastmod: the place's newest event change or published story mentioning it
    (counted from the moment the story went public)."""

    def items(self):
        stories = (
            Article.objects.published()
            .filter(places=OuterRef("pk"))
            .order_by("-publish_at")
            .values("publish_at")[:1]
        )
        events = (
            Event.objects.filter(place=OuterRef("pk"))
            .order_by("-modified_at")
            .values("modified_at")[:1]
        )
        return Place.objects.annotate(
            lastmod=later(Subquery(events), Subquery(stories))
        ).order_by("pk")


class EventSitemap(EditionSitemap):
    """lastmod: the event's last change or the newest published story covering it."""

    def items(self):
        stories = (
            Article.objects.published()
            .filter(events=OuterRef("pk"))
            .order_by("-publish_at")
            .values("publish_at")[:1]
        )
        return Event.objects.annotate(
            lastmod=later("modified_at", Subquery(stories))
        ).order_by("pk")


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
