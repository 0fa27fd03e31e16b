from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view

from partners.api.base import PublicReadOnlyViewSet
from partners.serializers.sources import SourceDetailSerializer, SourceSerializer
from readers.converters import SLUG_PATTERN
from sources.models import Quote, Source


@extend_schema_view(
    list=extend_schema(summary="People and organisations the coverage quotes"),
    retrieve=extend_schema(summary="One source, with its quotes in published stories"),
)
class SourceViewSet(PublicReadOnlyViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        sources = Source.objects.public().select_related("affiliation")
        if self.action == "retrieve":
            quotes = Quote.objects.public()
            sources = sources.prefetch_related(
                Prefetch("quotes", queryset=quotes, to_attr="published_quotes")
            )
        return sources

    def get_serializer_class(self):
        return SourceDetailSerializer if self.action == "retrieve" else SourceSerializer
