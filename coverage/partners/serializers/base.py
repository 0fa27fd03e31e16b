from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


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
