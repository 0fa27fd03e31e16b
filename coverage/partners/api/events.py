import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from articles.models import Topic
from articles.translation import CompiledRows, translated_rows
from events.models import FIGURE_SHOWN, Event, Figure, Place, coverage_rows
from partners.api.base import ConditionalGetMixin, PublicReadOnlyViewSet
from partners.serializers.events import EventSerializer, PlaceSerializer
from partners.timelinejs import slides, timeline_json
from readers.cache import tag_page
from readers.converters import SLUG_PATTERN
from readers.filters import EventFilter, check_year
from readers.timeline import ACTORS

# What an event's API item reads of the event and its place (EventItems).
EVENT_FIELDS = (
    "pk",
    "slug",
    "title",
    "summary",
    "date",
    "end_date",
    "date_precision",
    "category",
    "importance",
    "place__slug",
    "place__name",
)
# The events' topics and public figures: the queries prefetch_related() runs for
# the relations (same joins, same order), compiled once per process, edition and
# number of events. Their actors: readers.timeline.ACTORS.
TOPICS = CompiledRows(
    lambda pks: Topic.objects.filter(events__in=pks),
    ["events", "slug", "name"],
    pks=list,
)
FIGURES = CompiledRows(
    # Each event's in the model's order (by key); by event first, so SQLite
    # looks them up by event rather than walking every figure by key.
    lambda pks: Figure.objects.public().filter(event__in=pks).order_by("event", "pk"),
    ["event", *FIGURE_SHOWN, "source__slug"],
    pks=list,
)
# What an event's API item shows of a story under it besides its language and
# headline (ArticleRefSerializer).
COVERAGE_FIELDS = ("uuid", "publish_at")


def event_rows(events: list[dict]) -> list[dict]:
    """Give each row of `events` (dicts of EVENT_FIELDS) what its API item shows
    besides: "topics" and "actors" ([{"slug", "name"}] in the active edition),
    "figures" (its public figures: FIGURE_SHOWN and "source__slug") and "coverage"
    (every published story reporting it, of every edition, oldest first: "uuid",
    "headline", "language", "publish_at"). Four queries whatever the archive's
    size, none for no events; no model instance (a translated one costs ~75 µs,
    and a page of 20 events shows some 300 stories). Returns `events`."""
    pks = [row["pk"] for row in events]
    if not pks:
        return events
    lists = {"topics": TOPICS, "actors": ACTORS, "figures": FIGURES}
    found = {}
    for name, read in lists.items():
        by_event = found[name] = defaultdict(list)
        key = "event" if name == "figures" else "events"
        for row in read(pks=pks):
            by_event[row[key]].append(row)
    coverage = coverage_rows(pks, oldest_first=True, fields=COVERAGE_FIELDS)
    for row in events:
        for name in lists:
            row[name] = found[name].get(row["pk"], [])
        row["coverage"] = coverage.get(row["pk"], [])
    return events


def read_events(queryset) -> list[dict]:
    """The events of the queryset `queryset` (filtered, ordered, sliced) as
    event_rows() gives them."""
    return event_rows(translated_rows(queryset, EVENT_FIELDS))


# {limit: the first `limit` events, oldest first}, compiled once per database
# connection and edition (articles.translation.CompiledRows): the unfiltered list's
# first page, the one most read. At most MAX_PAGE_SIZE + 1 reads.
_FIRST_PAGES: dict[int, CompiledRows] = {}


def first_events(limit: int) -> list[dict]:
    """The first `limit` events in chronological order, as event_rows() gives them."""
    read = _FIRST_PAGES.get(limit)
    if read is None:
        read = _FIRST_PAGES[limit] = CompiledRows(
            lambda: Event.objects.chronological()[:limit], EVENT_FIELDS
        )
    return event_rows(read())


# One event by its slug (the item's address), compiled once.
EVENT_BY_SLUG = CompiledRows(
    lambda slug: Event.objects.filter(slug=slug), EVENT_FIELDS, slug=str
)


@extend_schema_view(
    list=extend_schema(summary="Events, oldest first"),
    retrieve=extend_schema(summary="One event"),
)
class EventViewSet(PublicReadOnlyViewSet):
    # Events, oldest first, each with its place, topics, actors, public figures
    # and every published story reporting it, read as rows (event_rows()). (No
    # docstring: it would become the schema's and the browsable API's text.)

    serializer_class = EventSerializer
    filterset_class = EventFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        return Event.objects.chronological()

    def _filters(self) -> bool:
        return bool(
            set(self.request.query_params) & set(self.filterset_class.base_filters)
        )

    def filter_queryset(self, queryset):
        if not self._filters():
            return queryset  # nothing to filter by: no form to build
        return super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        paginator = self.paginator
        if self._filters() or paginator.cursor_query_param in request.query_params:
            events = self.filter_queryset(self.get_queryset())
            page = paginator.paginate_queryset(
                events, request, view=self, read=read_events
            )
        else:
            # Nothing to filter by, the first page: the rows paginate_queryset()
            # would read, from a compiled query (no cursor: no position).
            page = paginator.paginate_read(
                request, self.get_queryset(), lambda limit, _none: first_events(limit)
            )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self):
        """The event's row (event_rows()); 404 when no event has the slug (or
        none that the request's filters admit, as DRF's get_object() answers)."""
        slug = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        if self._filters():
            rows = read_events(
                self.filter_queryset(self.get_queryset()).filter(slug=slug)
            )
        else:
            rows = event_rows(EVENT_BY_SLUG(slug=slug))
        if not rows:  # what get_object_or_404() answers
            raise Http404(f"No {Event._meta.object_name} matches the given query.")
        self.check_object_permissions(self.request, rows[0])
        return rows[0]


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
