"""Sitemaps of stories and of the pages that gather them (sections, topics)."""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from articles.models import Article, Section, Topic

NEWS_WINDOW = datetime.timedelta(days=2)  # Google News reads only the last two days


class ArticleSitemap(Sitemap):
    """Every published story in every edition, at its own edition's address."""

    changefreq = "daily"
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .latest()
            .only("slug", "language", "publish_at", "updated_at")
        )

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
    """Stories for the Google News sitemap: published in the last two days."""
    return (
        Article.objects.published()
        .filter(publish_at__gte=timezone.now() - NEWS_WINDOW)
        .latest()
        .only("slug", "language", "headline", "publish_at", "first_published_at")
    )


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
