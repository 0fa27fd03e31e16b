from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView, ListView

from articles.models import Article
from events.models import Event
from sources.models import Quote, Source


def published_quotes():
    """Quotes from stories readers may see, in this edition, newest story first."""
    return (
        Quote.objects.filter(article__in=Article.objects.published().in_edition())
        .select_related("article")
        .order_by("-article__publish_at", "position", "pk")
    )


class SourceListView(ListView):
    """Who the coverage quotes, with how often in this edition's published stories."""

    template_name = "sources/source_list.html"
    context_object_name = "sources"
    paginate_by = 60

    def get_queryset(self):
        visible = Q(quotes__article__in=Article.objects.published().in_edition())
        return (
            Source.objects.select_related("affiliation")
            .annotate(quote_count=Count("quotes", filter=visible, distinct=True))
            .order_by("name")
        )


class SourceDetailView(DetailView):
    template_name = "sources/source_detail.html"
    context_object_name = "source"

    def get_queryset(self):
        return Source.objects.select_related("affiliation").prefetch_related(
            Prefetch("quotes", queryset=published_quotes(), to_attr="published_quotes"),
            Prefetch(
                "events",
                queryset=Event.objects.select_related("place").chronological(),
            ),
            "members",
        )
