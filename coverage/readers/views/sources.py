from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView, ListView

from articles.models import Article
from readers.cache import tag_page
from readers.pagination import PageOr404, page_or_404
from sources.models import Quote, Source

# Events named in a source's rail, the latest; the timeline lists the rest.
RAIL_EVENTS = 10


class SourceListView(PageOr404, ListView):
    """Who the coverage quotes, with how often in this edition's published stories."""

    template_name = "sources/source_list.html"
    context_object_name = "sources"
    paginate_by = 60

    def get_queryset(self):
        visible = Q(quotes__article__in=Article.objects.published().in_edition())
        return (
            Source.objects.public()
            .select_related("affiliation")
            .annotate(quote_count=Count("quotes", filter=visible, distinct=True))
            .order_by("name")
        )


class SourceDetailView(DetailView):
    """Who a source is, their published quotes (a page at a time) and their latest
    RAIL_EVENTS events, oldest first (the rest on the timeline, filtered by them)."""

    template_name = "sources/source_detail.html"
    context_object_name = "source"
    quotes_per_page = 30

    def get_queryset(self):
        return (
            Source.objects.public()
            .select_related("affiliation")
            .prefetch_related(Prefetch("members", queryset=Source.objects.public()))
        )

    def get_context_data(self, **kwargs):
        tag_page(self.request, f"source:{self.object.pk}")
        quotes = Quote.objects.public(in_edition=True).filter(source=self.object)
        page = page_or_404(self.request, quotes, self.quotes_per_page)
        latest = self.object.events.select_related("place").order_by("-date", "-pk")
        events = list(latest[:RAIL_EVENTS])[::-1]
        return super().get_context_data(quotes_page=page, events=events, **kwargs)
