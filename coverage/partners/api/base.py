"""What every public API view shares: read-only, ?fields=, conditional GET, CORS."""

from django.utils.cache import (
    get_conditional_response,
    patch_vary_headers,
    set_response_etag,
)
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import viewsets

from partners.serializers.base import fields_from_request


class ConditionalGetMixin:
    """An ETag of the rendered body on every 200 GET, and 304 when If-None-Match matches.

    Hashing the body (rather than asking the database for a last-modified time) is
    right for every representation (JSON, ninjs, fields=...); what partners that
    poll save is bandwidth. Public data may be read from any origin's JavaScript
    (TimelineJS embeds, partners' widgets), hence the CORS header.
    """

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            response["Access-Control-Allow-Origin"] = "*"
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            # Both headers a key may come in (partners.authentication): a shared
            # cache keeps keyed and anonymous answers apart.
            patch_vary_headers(response, ["Accept", "Authorization", "X-API-Key"])
            response.render()
            set_response_etag(response)
            return get_conditional_response(
                request, etag=response.headers["ETag"], response=response
            )
        return response


class PublicSchema(AutoSchema):
    """Documents ?fields= on every public GET."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method == "GET":
            parameters.append(
                OpenApiParameter(
                    "fields",
                    str,
                    description="Comma-separated names of the fields to return "
                    "(default JSON only), e.g. `uuid,headline,web_url`.",
                )
            )
        return parameters


class PublicReadOnlyViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """Base for the public endpoints; subclasses start get_queryset() from published data."""

    schema = PublicSchema()

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "fields": fields_from_request(self.request),
        }
