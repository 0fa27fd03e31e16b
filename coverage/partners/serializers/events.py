from rest_framework import serializers

from events.models import Event, Place
from partners.serializers.articles import (
    ArticleRefSerializer,
    FigureSerializer,
    TermSerializer,
)
from partners.serializers.base import FieldSelectionMixin, WebURLField


class PlaceSerializer(FieldSelectionMixin, serializers.ModelSerializer):
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


class EventSerializer(FieldSelectionMixin, serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:event-detail", lookup_field="slug"
    )
    web_url = WebURLField()
    place = TermSerializer(allow_null=True)
    topics = TermSerializer(many=True)
    actors = TermSerializer(many=True)
    coverage = ArticleRefSerializer(many=True, help_text="Published stories about it.")
    figures = FigureSerializer(many=True)

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
