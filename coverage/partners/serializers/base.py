from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def absolute_url(path: str) -> str:
    """`path` on the public site (SITE_URL), as partners should link to it."""
    return settings.SITE_URL + path


@extend_schema_field(OpenApiTypes.URI)
class WebURLField(serializers.Field):
    """The object's page on the public site: SITE_URL + get_absolute_url()."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj) -> str:
        return absolute_url(obj.get_absolute_url())


class FieldSelectionMixin:
    """`?fields=a,b` keeps only those top-level fields; an unknown name is a 400.

    Views pass the request's choice as context["fields"]; nested serializers never
    receive it, so they always render whole.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = self.context.get("fields")
        if not wanted:
            return
        unknown = sorted(set(wanted) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                {
                    "fields": [
                        _("Unknown field(s): %(names)s.")
                        % {"names": ", ".join(unknown)}
                    ]
                }
            )
        for name in set(self.fields) - set(wanted):
            self.fields.pop(name)


def fields_from_request(request) -> list[str]:
    """The names in ?fields= (comma-separated), or an empty list for all fields."""
    raw = request.query_params.get("fields", "") if request is not None else ""
    return [name.strip() for name in raw.split(",") if name.strip()]
