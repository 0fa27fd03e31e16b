from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from events.models import Event, Figure, Place
from partners.api.base import ConditionalGetMixin, PublicReadOnlyViewSet
from partners.serializers.events import EventSerializer, PlaceSerializer
from partners.timelinejs import timeline_json
from readers.converters import SLUG_PATTERN
from readers.filters import EventFilter


def with_api_relations(events):
    """What EventSerializer and the timeline show, in a fixed number of queries."""
    return (
        events.for_timeline()
        .with_coverage(oldest_first=True)
        .prefetch_related(
            Prefetch(
                "figures", queryset=Figure.objects.public().select_related("source")
            ),
        )
    )


@extend_schema_view(
    list=extend_schema(summary="Events, oldest first"),
    retrieve=extend_schema(summary="One event"),
)
class EventViewSet(PublicReadOnlyViewSet):
    serializer_class = EventSerializer
    filterset_class = EventFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        return with_api_relations(Event.objects.chronological())


@extend_schema_view(
    list=extend_schema(summary="Places the coverage mentions"),
    retrieve=extend_schema(summary="One place"),
)
class PlaceViewSet(PublicReadOnlyViewSet):
    serializer_class = PlaceSerializer
    queryset = Place.objects.select_related("parent")
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


class TimelineViewSet(ConditionalGetMixin, viewsets.GenericViewSet):
    """The events as TimelineJS 3 JSON; give its URL to TimelineJS as the data source."""

    filterset_class = EventFilter
    pagination_class = None  # TimelineJS loads one document, not pages

    def get_queryset(self):
        return with_api_relations(Event.objects.chronological())

    @extend_schema(
        summary="Events in TimelineJS 3 JSON",
        responses={200: {"type": "object", "description": "TimelineJS 3 data"}},
    )
    def list(self, request):
        events = self.filter_queryset(self.get_queryset())
        return Response(timeline_json(events))
