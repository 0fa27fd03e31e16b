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

A section's own pages (/sitemap-<section>.xml?p=N, up to 5,000 stories or every
edition of every topic, source, place and event) read rows as values, only the
columns their addresses and dates need, and build each address from its view's
address pattern (articles.models.slug_urls) instead of reverse() per URL and
edition; Django's sitemap view, Sitemap classes and pagination still decide what
each page lists. `urlset_xml` writes what Django's sitemap.xml template writes,
byte for byte, without the template engine's work per URL (tests compare them).
"""

import datetime
import functools
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import render
from django.template.response import SimpleTemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_spaces_between_tags

from articles.models import Article, Section, Topic, slug_urls
from articles.text import escaped
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
    language; a story's editions have their own slugs, so the alternates are what
    Article.published_editions() gives, read for a whole page in one query.

    Items are rows (dicts of STORY_COLUMNS), newest first: two queries per page
    (the page, its stories' other editions) besides the paginator's count."""

    changefreq = "daily"
    limit = 5000
    index_count_is_exact = True

    def index_count(self):
        return Article.objects.published().count()

    def items(self):
        return Article.objects.published().newest_first().values(*STORY_COLUMNS)

    def location(self, row):
        return self._paths(row["language"])(row["slug"])

    def _paths(self, language):
        """slug -> path of a story in edition `language`, looked up once per page."""
        if not hasattr(self, "_story_paths"):
            self._story_paths = {}
        if language not in self._story_paths:
            self._story_paths[language] = slug_urls("articles:detail", language)
        return self._story_paths[language]

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        related = Editions([url["item"] for url in urls])
        for url in urls:
            row = url["item"]
            editions = [row, *related.of(row)]
            if len(editions) > 1:
                url["alternates"] = [
                    {
                        "lang_code": e["language"],
                        "location": origin + self.location(e),
                    }
                    for e in sorted(editions, key=lambda e: e["language"])
                ]
        return urls

    def lastmod(self, row):
        # Article.last_updated_at, from the row.
        times = [t for t in (row["updated_at"], row["publish_at"]) if t is not None]
        return max(times, default=None)


# What a story's sitemap entry reads: its address, dates and edition group.
STORY_COLUMNS = ("pk", "slug", "language", "publish_at", "updated_at", "translation_of")


class Editions:
    """The published stories related by translation to a page of story rows (their
    originals, the originals' translations and their own translations), as rows of
    STORY_COLUMNS, read in one query; `of(row)` answers published_editions()."""

    def __init__(self, rows: list[dict]):
        self.by_pk, self.by_original = {}, {}
        if not rows:
            return
        originals = {row["translation_of"] for row in rows} - {None}
        related = Q(translation_of__in=[row["pk"] for row in rows])
        if originals:
            related |= Q(pk__in=originals) | Q(translation_of__in=originals)
        # The related stories found by their own indexes (translation_of, pk: an
        # index lookup per key, OR-ed), then kept if public. Tested row by row
        # against every public story, or with the page as a subquery, the
        # condition made SQLite read every public story's row and PostgreSQL scan
        # the table twice (360 ms at 100,000). Unordered, as with_editions().
        candidates = Article.objects.filter(related).order_by().values("pk")
        published = Article.objects.published().filter(pk__in=candidates).order_by()
        for other in published.values(*STORY_COLUMNS):
            self.by_pk[other["pk"]] = other
            if other["translation_of"] is not None:
                self.by_original.setdefault(other["translation_of"], []).append(other)

    def of(self, row: dict) -> list[dict]:
        """Article.published_editions() for a story row: its original, the
        original's other translations, then its own translations, each group
        newest first, each story once and never the story itself."""
        original = self.by_pk.get(row["translation_of"])
        group = []
        if original is not None:
            group = [original, *newest_first(self.by_original.get(original["pk"], []))]
        own = newest_first(self.by_original.get(row["pk"], []))
        seen, result = {row["pk"]}, []
        for other in [*group, *own]:
            if other["pk"] not in seen:
                seen.add(other["pk"])
                result.append(other)
        return result


def newest_first(rows: list[dict]) -> list[dict]:
    """Story rows in ArticleQuerySet.newest_first()'s order."""
    if len(rows) < 2:
        return rows
    return sorted(rows, key=lambda r: (r["publish_at"], r["pk"]), reverse=True)


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


def newest_story(relation: str) -> Subquery:
    """The publication time of the newest published story whose `relation` (e.g.
    "topics") is the outer row, NULL when none is: per row, the newest public story found
    through the (status, publish_at) index, stopping at the first that matches (an
    aggregate over every public story of every topic took 80 ms at 20,000)."""
    stories = (
        Article.objects.published()
        .filter(**{relation: OuterRef("pk")})
        .order_by("-publish_at")
        .values("publish_at")[:1]
    )
    return Subquery(stories)


class EditionSitemap(InIndex, Sitemap):
    """Pages that exist in every edition; lastmod is their newest public story.

    Items are rows {"slug", "lastmod"} of the page's view `view_name` (a URL taking
    only `slug`); Django's sitemap pairs each with every edition, and each address
    comes from the view's pattern in that edition (articles.models.slug_urls), the
    path reverse() gives without reversing per URL."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"
    view_name = None

    def lastmod(self, row):
        return row["lastmod"]

    def location(self, row):
        return self._paths(translation.get_language())(row["slug"])

    def _location(self, item, force_lang_code=None):
        # Django's sitemap asks for each address five times (the entry, its three
        # alternates and x-default, per edition): each is built once.
        row, language = item
        key = (row["slug"], force_lang_code or language)
        path = self._built.get(key)
        if path is None:
            path = self._built[key] = self._paths(key[1])(key[0])
        return path

    @functools.cached_property
    def _built(self) -> dict:
        return {}

    @functools.cached_property
    def languages(self) -> list[str]:
        # Sitemap._languages()' own default, every edition, read once per sitemap
        # rather than from the settings per entry and per alternate.
        return [code for code, _name in settings.LANGUAGES]

    def _paths(self, language):
        if not hasattr(self, "_edition_paths"):
            self._edition_paths = {}
        if language not in self._edition_paths:
            self._edition_paths[language] = slug_urls(self.view_name, language)
        return self._edition_paths[language]


class SectionSitemap(EditionSitemap):
    view_name = "articles:section"

    def index_count(self):
        return Section.objects.count()

    def items(self):
        return (
            Section.objects.annotate(lastmod=newest_story("section"))
            .order_by("pk")
            .values("slug", "lastmod")
        )


class TopicSitemap(EditionSitemap):
    view_name = "articles:topic"

    def index_count(self):
        return Topic.objects.count()

    def items(self):
        return (
            Topic.objects.annotate(lastmod=newest_story("topics"))
            .order_by("pk")
            .values("slug", "lastmod")
        )


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
    view_name = "sources:detail"

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
            .annotate(lastmod=Subquery(stories))
            .order_by("pk")
            .values("slug", "lastmod")
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

    view_name = "events:place"

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
        return (
            Place.objects.annotate(lastmod=later(Subquery(events), Subquery(stories)))
            .order_by("pk")
            .values("slug", "lastmod")
        )


class EventSitemap(EditionSitemap):
    """lastmod: the event's last change or the newest published story covering it."""

    view_name = "events:detail"

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
        return (
            Event.objects.annotate(lastmod=later("modified_at", Subquery(stories)))
            .order_by("pk")
            .values("slug", "lastmod")
        )


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


def sitemap_section(request, section: str):
    """/sitemap-<section>.xml?p=N: Django's sitemap view over SITEMAPS (its pages,
    404s and Last-Modified), written by urlset_xml instead of its template."""
    response = sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.content = urlset_xml(response.context_data["urlset"])
    return response


URLSET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def urlset_xml(urls: list[dict]) -> str:
    """What django/contrib/sitemaps/templates/sitemap.xml renders for `urls` (the
    dicts Sitemap.get_urls() returns), byte for byte: the Sitemaps 0.9 protocol
    (https://www.sitemaps.org/protocol.html) with xhtml:link alternates, values
    HTML-escaped as the template escapes them, lastmod as a date (Y-m-d) in the
    current time zone, and the whitespace {% spaceless %} leaves."""
    escape = escaped
    zone = timezone.get_current_timezone() if settings.USE_TZ else None
    days = {}  # every edition of an entry has the same lastmod
    parts = []
    for url in urls:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if lastmod := url["lastmod"]:
            written = days.get(lastmod)
            if written is None:
                written = days[lastmod] = day(lastmod, zone)
            parts.append(f"<lastmod>{written}</lastmod>")
        if changefreq := url["changefreq"]:
            parts.append(f"<changefreq>{escape(changefreq)}</changefreq>")
        if priority := url["priority"]:
            parts.append(f"<priority>{escape(priority)}</priority>")
        for alternate in url["alternates"]:
            parts.append(
                '<xhtml:link rel="alternate" '
                f'hreflang="{escape(alternate["lang_code"])}" '
                f'href="{escape(alternate["location"])}"/>'
            )
        parts.append("</url>")
    body = strip_spaces_between_tags("".join(parts).strip())
    return f"{URLSET_HEAD}{body}\n</urlset>\n"


def day(when, zone) -> str:
    """A date or datetime as the template's |date:"Y-m-d" writes it: an aware
    datetime in `zone` (the current time zone) first."""
    if isinstance(when, datetime.datetime) and zone is not None:
        if when.utcoffset() is not None:
            when = when.astimezone(zone)
    return f"{when.year:04d}-{when.month:02d}-{when.day:02d}"


def news_sitemap(request):
    """Google News sitemap: the stories of the last two days (needs the news namespace)."""
    context = {"articles": recent_news(), "publication": "Shafaq Coverage"}
    return render(
        request,
        "sitemap_news.xml",
        context,
        content_type="application/xml; charset=utf-8",
    )
