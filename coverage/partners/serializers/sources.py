from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partners.serializers.articles import ArticleRefSerializer
from partners.serializers.base import FieldSelectionMixin
from sources.models import Quote, Source


class AffiliationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "name"]


class SourceSerializer(FieldSelectionMixin, serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:source-detail", lookup_field="slug"
    )
    web_url = serializers.SerializerMethodField()
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

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, source) -> str:
        return settings.SITE_URL + source.get_absolute_url()


class SourceQuoteSerializer(serializers.ModelSerializer):
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
