from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
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


# How many quotes a source's item carries; all of them are at its quotes_url.
QUOTES_SHOWN = 10


class SourceDetailSerializer(SourceSerializer):
    quotes = SourceQuoteSerializer(
        many=True,
        source="published_quotes",
        help_text=f"The source's newest {QUOTES_SHOWN} quotes in published stories "
        "(newest story first); every quote, a page at a time, is at `quotes_url`.",
    )
    quotes_url = serializers.SerializerMethodField(
        help_text="The source's quotes in published stories, cursor-paginated "
        "(follow `next` until it is null)."
    )

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "quotes", "quotes_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_quotes_url(self, source) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("api:source-quotes", kwargs={"slug": source.slug})
        )
