from django.utils import translation
from rest_framework import serializers
from rest_framework.reverse import preserve_builtin_query_params

from articles.models import slug_urls
from events.models import Event, Figure, Place, figure_value_display, format_date
from partners.serializers.articles import (
    ArticleRefSerializer,
    FigureSerializer,
    TermSerializer,
    _datetime_representation,
    _decimal_representation,
)
from partners.serializers.base import (
    FieldSelectionMixin,
    PlannedRepresentation,
    WebURLField,
    absolute_url,
    story_api_urls,
)


class PlaceSerializer(
    FieldSelectionMixin, PlannedRepresentation, serializers.ModelSerializer
):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:place-detail", lookup_field="slug"
    )
    web_url = WebURLField()
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    aliases = serializers.ListField(source="alias_list", child=serializers.CharField())

    class Meta:
        model = Place
        fields = [
            "slug",
            "api_url",
            "web_url",
            "name",
            "kind",
            "parent",
            "latitude",
            "longitude",
            "aliases",
            "description",
        ]


class EventSerializer(
    FieldSelectionMixin, PlannedRepresentation, serializers.ModelSerializer
):
    """An event, with its place, topics, actors, public figures and every published
    story reporting it."""

    # (The docstring is the schema's description.) Items are built by EventItems
    # from the rows partners.api.events.event_rows() reads, as these fields render
    # them; the fields are the schema and what ?fields= picks among.

    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:event-detail", lookup_field="slug"
    )
    web_url = WebURLField()
    place = TermSerializer(allow_null=True)
    topics = TermSerializer(many=True, source="topic_list")
    actors = TermSerializer(many=True, source="actor_list")
    coverage = ArticleRefSerializer(many=True, help_text="Published stories about it.")
    figures = FigureSerializer(many=True, source="figure_list")

    class Meta:
        model = Event
        fields = [
            "slug",
            "api_url",
            "web_url",
            "title",
            "summary",
            "date",
            "end_date",
            "date_precision",
            "date_display",
            "category",
            "importance",
            "place",
            "topics",
            "actors",
            "coverage",
            "figures",
        ]

    def to_representation(self, row):
        """The event as the fields above declare it, built by EventItems.item():
        the same output as DRF's field-by-field rendering, a fraction of the cost."""
        items = self.__dict__.get("_event_items")
        if items is None:
            items = self._event_items = EventItems(self.context)
        item = items.item(row)
        if self.context.get("fields"):
            return {name: item[name] for name in self.fields}
        return item


class EventItems:
    """Events as EventSerializer shows them, for one request's serializer.

    Each item is built by plain code from an event's row (partners.api.events.
    event_rows(): its columns, "place__slug" and "place__name", and the lists
    "topics", "actors", "coverage" and "figures"). Through DRF's fields a page of
    20 events with their 300 stories cost some 120,000 Python calls. Each value is
    what the field declared on EventSerializer (and its nested serializers)
    renders: strings as read, dates ISO 8601, times ISO 8601 in the current time
    zone, decimals as quantized strings, addresses absolute (the API's on the
    request's host, keeping a ?format= the request named). Keep the two in step:
    tests/api/test_event_items.py compares them for every field.
    """

    def __init__(self, context: dict):
        request = context["request"]
        self.story_api_url = story_api_urls(request, keep_format=True)
        self.web_path = slug_urls("events:detail")
        self.api_path = slug_urls("api:event-detail")
        # The API's address of an event: the request's scheme and host, the path
        # reverse() gives, and a ?format= the request named (what
        # HyperlinkedIdentityField builds), the host and format looked up once.
        origin = request.build_absolute_uri("/")[:-1]
        sample = origin + self.api_path("event")
        self.api_origin = origin
        self.api_suffix = preserve_builtin_query_params(sample, request)[len(sample) :]
        self.language = translation.get_language()
        self.datetime = _datetime_representation()
        self.figure_value = _decimal_representation(Figure, "value")

    def item(self, row: dict) -> dict:
        """The event's dict, its keys in EventSerializer.Meta.fields' order."""
        slug, date, end_date = row["slug"], row["date"], row["end_date"]
        precision = row["date_precision"]
        when = self.datetime
        story_api_url = self.story_api_url
        return {
            "slug": slug,
            "api_url": self.api_origin + self.api_path(slug) + self.api_suffix,
            "web_url": absolute_url(self.web_path(slug)),
            "title": row["title"],
            "summary": row["summary"],
            "date": None if date is None else date.isoformat(),
            "end_date": None if end_date is None else end_date.isoformat(),
            "date_precision": precision,
            "date_display": format_date(date, precision, self.language),
            "category": row["category"],
            "importance": row["importance"],
            "place": None
            if row["place__slug"] is None
            else {"slug": row["place__slug"], "name": row["place__name"]},
            "topics": [{"slug": t["slug"], "name": t["name"]} for t in row["topics"]],
            "actors": [{"slug": a["slug"], "name": a["name"]} for a in row["actors"]],
            "coverage": [
                {
                    "uuid": uuid,
                    "api_url": story_api_url(uuid),
                    "headline": story["headline"],
                    "language": story["language"],
                    "publish_at": when(story["publish_at"]),
                }
                for story in row["coverage"]
                for uuid in (str(story["uuid"]),)
            ],
            "figures": [self.figure(figure) for figure in row["figures"]],
        }

    def figure(self, row: dict) -> dict:
        """FigureSerializer's dict of a figure's row (FIGURE_SHOWN and
        "source__slug")."""
        value, as_of = row["value"], row["as_of"]
        return {
            "value": None if value is None else self.figure_value(value),
            "qualifier": row["qualifier"],
            "unit": row["unit"],
            "counts": row["counts"],
            "basis": row["basis"],
            "as_of": None if as_of is None else as_of.isoformat(),
            "as_of_precision": row["as_of_precision"],
            "value_display": figure_value_display(
                value, row["qualifier"], row["unit"], self.language
            ),
            "source": row["source__slug"],
        }
