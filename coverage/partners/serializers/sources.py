from rest_framework import serializers

from partners.serializers.articles import ArticleRefSerializer
from partners.serializers.base import (
    FieldSelectionMixin,
    PlannedRepresentation,
    WebURLField,
)
from sources.models import Quote, Source


class AffiliationSerializer(PlannedRepresentation, serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "name"]


class SourceSerializer(
    FieldSelectionMixin, PlannedRepresentation, serializers.ModelSerializer
):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:source-detail", lookup_field="slug"
    )
    web_url = WebURLField()
    aliases = serializers.ListField(source="alias_list", child=serializers.CharField())
    affiliation = AffiliationSerializer(allow_null=True)

    class Meta:
        model = Source
        fields = [
            "slug",
            "api_url",
            "web_url",
            "name",
            "kind",
            "aliases",
            "role",
            "affiliation",
            "country",
            "description",
            "website",
        ]


class SourceQuoteSerializer(PlannedRepresentation, serializers.ModelSerializer):
    article = ArticleRefSerializer()

    class Meta:
        model = Quote
        fields = ["text", "context", "article"]


class SourceDetailSerializer(SourceSerializer):
    quotes = SourceQuoteSerializer(
        many=True, source="published_quotes", help_text="Quotes in published stories."
    )

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "quotes"]
