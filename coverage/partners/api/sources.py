from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action

from partners.api.base import PublicReadOnlyViewSet
from partners.serializers.sources import (
    QUOTES_SHOWN,
    SourceDetailSerializer,
    SourceQuoteSerializer,
    SourceSerializer,
)
from readers.converters import SLUG_PATTERN
from sources.models import Quote, Source


@extend_schema_view(
    list=extend_schema(summary="People and organisations the coverage quotes"),
    retrieve=extend_schema(
        summary="One source, with its newest quotes in published stories"
    ),
    quotes=extend_schema(
        summary="A source's quotes in published stories, newest story first",
        responses=SourceQuoteSerializer(many=True),
    ),
)
class SourceViewSet(PublicReadOnlyViewSet):
    """Sources; an item carries its newest quotes and links to all of them
    (`quotes_url`, paginated), so neither grows with the archive."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        return Source.objects.public().select_related("affiliation")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return SourceDetailSerializer
        if self.action == "quotes":
            return SourceQuoteSerializer
        return SourceSerializer

    def get_object(self):
        source = super().get_object()
        if self.action == "retrieve":
            source.published_quotes = list(public_quotes(source)[:QUOTES_SHOWN])
        return source

    @action(detail=True, url_path="quotes", url_name="quotes")
    def quotes(self, request, slug=None):
        """Every quote of the source in a published story, newest story first
        (then in the story's order), a page at a time; 404 for a source that is
        not public."""
        page = self.paginate_queryset(public_quotes(super().get_object()))
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)


def public_quotes(source: Source):
    """The source's quotes in published stories, each with its story, newest story
    first (Quote.objects.public()'s order)."""
    return Quote.objects.public().filter(source=source)
