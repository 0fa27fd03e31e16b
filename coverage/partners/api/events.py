from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from events.models import Event, Figure, Place
from partners.api.base import ConditionalGetMixin, PublicReadOnlyViewSet
from partners.serializers.events import EventSerializer, PlaceSerializer
from partners.timelinejs import timeline_json
from readers.converters import SLUG_PATTERN
from readers.filters import EventFilter


def with_api_relations(events, *, in_edition=False):
    """What EventSerializer and the timeline show, in a fixed number of queries; the
    stories only of the active edition when `in_edition`."""
    return (
        events.for_timeline()
        .with_coverage(oldest_first=True, in_edition=in_edition)
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
    """The events as TimelineJS 3 JSON; give its URL to TimelineJS as the data source.

    `?language=ar` (or en, ckb) gives one edition's timeline: titles, summaries and
    labels in that language (English where a name is not translated yet) and, under
    each event, only that edition's stories. Pair it with TimelineJS's `language`
    option (ar; for ckb the site's /static/js/timelinejs-locale/ckb.json).
    """

    filterset_class = EventFilter
    pagination_class = None  # TimelineJS loads one document, not pages

    def get_queryset(self):
        return with_api_relations(Event.objects.chronological())

    @extend_schema(
        summary="Events in TimelineJS 3 JSON",
        parameters=[
            OpenApiParameter(
                "language",
                str,
                enum=[code for code, _name in settings.LANGUAGES],
                description="The edition: its names, labels and stories.",
            )
        ],
        responses={200: {"type": "object", "description": "TimelineJS 3 data"}},
    )
    def list(self, request):
        language = request.query_params.get("language")
        if language is None:
            events = self.filter_queryset(self.get_queryset())
            return Response(timeline_json(events))
        if language not in dict(settings.LANGUAGES):
            raise ValidationError(
                {
                    "language": [
                        _("Choose one of: %s.") % ", ".join(dict(settings.LANGUAGES))
                    ]
                }
            )
        with translation.override(language):
            events = self.filter_queryset(
                with_api_relations(Event.objects.chronological(), in_edition=True)
            )
            return Response(timeline_json(events))
