import datetime

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from articles.models import Topic
from events.models import Event, Figure, Place
from partners.api.base import ConditionalGetMixin, PublicReadOnlyViewSet
from partners.serializers.articles import FIGURE_FIELDS
from partners.serializers.events import EventSerializer, PlaceSerializer
from partners.timelinejs import slides, timeline_json
from readers.cache import tag_page
from readers.converters import SLUG_PATTERN
from readers.filters import EventFilter, check_year
from sources.models import Source


def with_api_relations(events, *, in_edition=False):
    """What EventSerializer and the timeline show, in a fixed number of queries; the
    stories only of the active edition when `in_edition`.

    Actors, topics and figures are read into lists (`Prefetch(to_attr=...)`, as
    EventSerializer's sources name them) of the columns shown: a prefetch into a
    relation's manager builds a filtered QuerySet per event and relation.
    """
    figures = (
        Figure.objects.public()
        .select_related("source")
        .only("event", *FIGURE_FIELDS, "source", "source__slug")
    )
    return (
        events.select_related("place")
        .prefetch_related(
            Prefetch(
                "actors", Source.objects.only("slug", "name"), to_attr="actor_list"
            ),
            Prefetch(
                "topics", Topic.objects.only("slug", "name"), to_attr="topic_list"
            ),
            Prefetch("figures", queryset=figures, to_attr="figure_list"),
        )
        .with_coverage(oldest_first=True, in_edition=in_edition)
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

    One document holds a window of the newest WINDOW events that match the filters
    (all events of the oldest day it reaches, so a day is never split), oldest
    first, each linking its first SLIDE_COVERAGE stories. `?before=YYYY-MM-DD` asks
    for the window of events before that day; when a window is full, the response's
    `Link` header names the earlier one (rel="prev"). A malformed `before` is a 400.

    `?language=ar` (or en, ckb) gives one edition's timeline: titles, summaries and
    labels in that language (English where a name is not translated yet) and, under
    each event, only that edition's stories. Pair it with TimelineJS's `language`
    option (ar; for ckb the site's /static/js/timelinejs-locale/ckb.json).
    """

    filterset_class = EventFilter
    pagination_class = None  # TimelineJS loads one document, not pages
    WINDOW = 50
    SLIDE_COVERAGE = 5

    def get_queryset(self):
        # A slide shows no place, actors or topics: only the event and its stories
        # (partners.timelinejs.slides()).
        return Event.objects.chronological()

    def _before(self):
        value = self.request.query_params.get("before")
        if value is None:
            return None
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            raise ValidationError({"before": [_("Enter a valid date.")]}) from None
        try:
            check_year(day)
        except DjangoValidationError as error:
            raise ValidationError({"before": error.messages}) from None
        return day

    @extend_schema(
        summary="Events in TimelineJS 3 JSON, the newest window",
        parameters=[
            OpenApiParameter(
                "before",
                datetime.date,
                description="Only events before this day: the earlier window.",
            ),
            OpenApiParameter(
                "language",
                str,
                enum=[code for code, _name in settings.LANGUAGES],
                description="The edition: its names, labels and stories.",
            ),
        ],
        responses={200: {"type": "object", "description": "TimelineJS 3 data"}},
    )
    def list(self, request):
        tag_page(request._request, "timeline")  # served from the page cache
        language = request.query_params.get("language")
        if language is None:
            return self._window(request, in_edition=False)
        if language not in dict(settings.LANGUAGES):
            raise ValidationError(
                {
                    "language": [
                        _("Choose one of: %s.") % ", ".join(dict(settings.LANGUAGES))
                    ]
                }
            )
        with translation.override(language):
            return self._window(request, in_edition=True)

    def _window(self, request, *, in_edition: bool):
        """The window's slides: only the active edition's stories when `in_edition`."""
        events = self.filter_queryset(self.get_queryset())
        before = self._before()
        if before is not None:
            events = events.filter(date__lt=before)
        # The window's first day: the day of the WINDOW-th newest event.
        newest = events.order_by("-date", "-pk").values_list("date", flat=True)
        first_day = next(iter(newest[self.WINDOW - 1 : self.WINDOW]), None)
        if first_day is not None:
            events = events.filter(date__gte=first_day)
        events = slides(events, in_edition=in_edition, limit=self.SLIDE_COVERAGE)
        response = Response(timeline_json(events))
        if first_day is not None and events:
            params = request.query_params.copy()
            params["before"] = first_day.isoformat()
            earlier = request.build_absolute_uri(
                f"{request.path}?{urlencode(list(params.lists()), doseq=True)}"
            )
            response["Link"] = f'<{earlier}>; rel="prev"'
        return response
