"""The site's sitemaps: stories, the pages gathering them, and the Google News sitemap.

The index (/sitemap.xml, `sitemap_index`) costs a few indexed queries whatever the
archive's size: Django's own index would list every item of every section twice (for
the latest lastmod and for the page count), eight whole-archive aggregates per
request. Here each section, built by the index, answers from `IndexFacts`: the time
of the newest public change (one query: the newest publication and the newest
correction among public stories), the newest event change and the row counts the
page numbers need. A section's lastmod in the index may be later than its newest
entry (a story's publication dates the topics sitemap even if it has no topic): a
crawler then reads that sitemap once more, never once too few.
"""

import datetime
import math
from dataclasses import dataclass

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section, Topic
from events.models import Event, Place
from sources.models import Source

NEWS_WINDOW = datetime.timedelta(days=2)  # Google News reads only the last two days
NEWS_LIMIT = 1000  # URLs in one Google News sitemap, at most


@dataclass
class IndexFacts:
    """What the sitemap index needs, read once per request (see the module docstring)."""

    newest_change: datetime.datetime | None
    newest_event_change: datetime.datetime | None

    @classmethod
    def read(cls) -> "IndexFacts":
        """One query: the newest public story, with the newest correction among
        public stories and the newest event change beside it (indexed lookups)."""
        public = Article.objects.published()
        corrected = (
            public.filter(updated_at__isnull=False)
            .order_by("-updated_at")
            .values("updated_at")[:1]
        )
        event = Event.objects.order_by("-modified_at").values("modified_at")[:1]
        row = (
            public.order_by("-publish_at")
            .annotate(corrected=Subquery(corrected), event=Subquery(event))
            .values_list("publish_at", "corrected", "event")
            .first()
        )
        if row is None:  # no public story yet
            return cls(
                None, Event.objects.aggregate(Max("modified_at"))["modified_at__max"]
            )
        newest, corrected_time, event_time = row
        return cls(max(newest, corrected_time or newest), event_time)


class InIndex:
    """A section sitemap as the index sees it: `facts` for lastmod, and a page
    count from `index_count()` (an upper bound that is exact whenever it says more
    than one page) instead of listing every item."""

    def __init__(self, facts: IndexFacts | None = None):
        super().__init__()
        self.facts = facts

    def index_lastmod(self):
        return self.facts.newest_change

    index_count_is_exact = False

    def index_count(self) -> int:
        raise NotImplementedError

    def get_latest_lastmod(self):
        if self.facts is None:
            return super().get_latest_lastmod()
        return self.index_lastmod()

    @property
    def paginator(self):
        if self.facts is None:  # the section's own sitemap: the real pages
            return super().paginator
        per_item = len(self._languages()) if self.i18n else 1
        entries = self.index_count() * per_item
        if not self.index_count_is_exact and math.ceil(entries / self.limit) > 1:
            entries = self.exact_count() * per_item
        return Paginator(range(entries), self.limit)

    def exact_count(self) -> int:
        return self.items().count()


class ArticleSitemap(InIndex, Sitemap):
    """Every published story in every edition, at its own edition's address, with an
    xhtml:link rel="alternate" hreflang per published edition of the same story (its
    original and translations, itself included), as Google reads hreflang in sitemaps.
    Django's `i18n`/`alternates` options fit pages whose one address exists in every
    language; a story's editions have their own slugs, so the alternates come from
    Article.published_editions() (prefetched: three queries per sitemap page)."""

    changefreq = "daily"
    limit = 5000
    index_count_is_exact = True

    def index_count(self):
        return Article.objects.published().count()

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


class EditionSitemap(InIndex, Sitemap):
    """Pages that exist in every edition; lastmod is their newest public story."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"

    def lastmod(self, item):
        return item.lastmod


class SectionSitemap(EditionSitemap):
    def index_count(self):
        return Section.objects.count()

    def items(self):
        return Section.objects.annotate(
            lastmod=Max("articles__publish_at", filter=published_in("articles"))
        ).order_by("pk")


class TopicSitemap(EditionSitemap):
    def index_count(self):
        return Topic.objects.count()

    def items(self):
        return Topic.objects.annotate(
            lastmod=Max("articles__publish_at", filter=published_in("articles"))
        ).order_by("pk")


class PageSitemap(InIndex, Sitemap):
    """Home, the story list, the timeline and the source list, in every edition."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "hourly"

    def items(self):
        return ["home", "articles:list", "events:timeline", "sources:list"]

    def index_count(self):
        return len(self.items())

    def exact_count(self):
        return len(self.items())

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if not hasattr(self, "_newest"):
            newest = Article.objects.published().aggregate(Max("publish_at"))
            self._newest = newest["publish_at__max"]
        return self._newest


class SourceSitemap(EditionSitemap):
    def index_count(self):
        return Source.objects.count()  # every source: a bound on the public ones

    def items(self):
        # The newest public story quoting each source, looked up per source through
        # its quotes (an aggregate over every quote joined to every public story
        # took 390 ms at 20,000 stories).
        stories = (
            Article.objects.published()
            .filter(quotes__source=OuterRef("pk"))
            .order_by("-publish_at")
            .values("publish_at")[:1]
        )
        return (
            Source.objects.public()
            .only("slug")
            .annotate(lastmod=Subquery(stories))
            .order_by("pk")
        )


def later_of(*times):
    """The latest of several times that may be None (None only when all are)."""
    known = [time for time in times if time is not None]
    return max(known) if known else None


def later(*times):
    """The latest of several nullable times; NULL only when all are. (SQL's GREATEST
    is NULL on SQLite when any argument is, so each falls back to the others.)"""
    return Greatest(*(Coalesce(t, *(o for o in times if o is not t)) for t in times))


class PlaceSitemap(EditionSitemap):
    """lastmod: the place's newest event change or published story mentioning it
    (counted from the moment the story went public)."""

    def index_lastmod(self):
        return later_of(self.facts.newest_event_change, self.facts.newest_change)

    def index_count(self):
        return Place.objects.count()

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

    def index_lastmod(self):
        return later_of(self.facts.newest_event_change, self.facts.newest_change)

    def index_count(self):
        return Event.objects.count()

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


def sitemap_index(request, sitemap_url_name: str):
    """/sitemap.xml: Django's sitemap index over SITEMAPS, each section built with
    this request's IndexFacts (a few indexed queries, see the module docstring)."""
    facts = IndexFacts.read()
    sitemaps = {name: section(facts) for name, section in SITEMAPS.items()}
    return sitemap_views.index(
        request, sitemaps=sitemaps, sitemap_url_name=sitemap_url_name
    )


def news_sitemap(request):
    """Google News sitemap: the stories of the last two days (needs the news namespace)."""
    context = {"articles": recent_news(), "publication": "Shafaq Coverage"}
    return render(
        request,
        "sitemap_news.xml",
        context,
        content_type="application/xml; charset=utf-8",
    )
