from django.db.models import Func, IntegerField, OuterRef, Subquery
from django.http import Http404
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from articles.compiled import CompiledRead
from articles.models import Article
from articles.translation import CompiledRows, translated_rows
from events.models import Event
from readers.cache import tag_page
from readers.pagination import PageOr404, page_or_404
from sources.models import Quote, Source

# The source list counts each listed source's quotes up to this many ("More than 20
# quotes"): a bounded index range per source on the page, not every quote in the
# archive (450 ms per page at 20,000 stories when it counted them all).
COUNTED_QUOTES = 20

# Events named in a source's rail, the latest; the timeline lists the rest.
RAIL_EVENTS = 10


class SourceListView(PageOr404, ListView):
    """Who the coverage quotes, with how often in this edition's published stories.

    The page's sources are read as rows (CARD_FIELDS, translated fields in this
    edition) and written by the `source_cards` tag: sixty instances and
    template cards cost most of the page."""

    template_name = "sources/source_list.html"
    context_object_name = "sources"
    paginate_by = 60

    def get_queryset(self):
        # A card: kind, name, role and affiliation (a source's row also holds its
        # description, aliases and review record in every edition).
        return (
            Source.objects.public()
            .select_related("affiliation")
            .only("kind", "name", "slug", "role", "affiliation__name")
            .order_by("name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(counted_quotes=COUNTED_QUOTES, **kwargs)
        sources = translated_rows(context["page_obj"].object_list, CARD_FIELDS)
        ids = [source["pk"] for source in sources]
        counted = QUOTE_COUNTS(ids=ids, language=get_language()) if ids else []
        counts = {row["pk"]: row["quote_count"] for row in counted}
        for source in sources:
            source["quote_count"] = counts[source["pk"]]
        context["sources"] = context["object_list"] = sources
        return context


# What a source's card shows (readers.templatetags.reader.source_cards).
CARD_FIELDS = ("pk", "kind", "name", "slug", "role", "affiliation", "affiliation__name")


def quotes_counted_up_to(limit: int, language: str | None = None):
    """How many public quotes of edition `language` (default: the active one) the
    outer source has, counted up to `limit`: SELECT COUNT(*) FROM (the first
    `limit`), an expression to annotate.

    They are the quotes of this edition's published stories, found from the
    source's quotes (their index) joined to their stories (the covering index of
    Article's visibility by key): the quotes Quote.objects.public(in_edition=True)
    gives. Written as EXISTS per quote, SQLite read each quote's whole story row
    instead (5 ms a page at 20,000 stories, 1 ms joined)."""
    first = (
        Article.objects.published()
        .in_edition(language)
        .filter(quotes__source=OuterRef("pk"))
        .order_by()
        .values("quotes")[:limit]
    )
    return Func(
        Subquery(first),
        template="(SELECT COUNT(*) FROM %(expressions)s AS counted)",
        output_field=IntegerField(),
    )


# (source key, quotes counted up to COUNTED_QUOTES + 1) of the listed sources.
QUOTE_COUNTS = CompiledRows(
    lambda ids, language: (
        Source.objects.filter(pk__in=ids)
        .annotate(quote_count=quotes_counted_up_to(COUNTED_QUOTES + 1, language))
        .order_by()
    ),
    ("pk", "quote_count"),
    ids=list,
    language=str,
)


class SourceDetailView(DetailView):
    """Who a source is, their published quotes (a page at a time) and their latest
    RAIL_EVENTS events, oldest first (the rest on the timeline, filtered by them).
    The source, its members and its events are read through statements compiled
    once (articles.compiled): building Source.objects.public() twice cost more
    than the rest of the view."""

    template_name = "sources/source_detail.html"
    context_object_name = "source"
    quotes_per_page = 30

    def get_object(self, queryset=None):
        found = SOURCE(slug=self.kwargs["slug"])
        if not found:
            raise Http404
        return found[0]

    def get_context_data(self, **kwargs):
        source = self.object
        tag_page(self.request, f"source:{source.pk}")
        # Only what a quote shows: its words and its story's headline, address and
        # date (the stories' bodies are most of their rows).
        quotes = (
            Quote.objects.public(in_edition=True)
            .filter(source=source)
            .only(
                "text",
                "context",
                "article__headline",
                "article__slug",
                "article__language",
                "article__publish_at",
            )
        )
        page = page_or_404(self.request, quotes, self.quotes_per_page)
        return super().get_context_data(
            quotes_page=page,
            members=MEMBERS(source=source.pk),
            events=RAIL(source=source.pk)[::-1],
            **kwargs,
        )


SOURCE = CompiledRead(
    lambda slug: (
        Source.objects.public().select_related("affiliation").filter(slug=slug)
    ),
    slug=str,
)
# The public sources affiliated with a source (an organisation's members).
MEMBERS = CompiledRead(
    lambda source: Source.objects.public().filter(affiliation=source), source=int
)
# The latest events a source took part in, newest first.
RAIL = CompiledRead(
    lambda source: (
        Event.objects.filter(actors=source)
        .select_related("place")
        .order_by("-date", "-pk")[:RAIL_EVENTS]
    ),
    source=int,
)
