from rest_framework import serializers

from events.models import Event, Place
from partners.serializers.articles import (
    ArticleRefSerializer,
    FigureSerializer,
    TermSerializer,
)
from partners.serializers.base import (
    FieldSelectionMixin,
    PlannedRepresentation,
    WebURLField,
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
    """An event; reads the lists partners.api.events.with_api_relations() prefetches."""

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
