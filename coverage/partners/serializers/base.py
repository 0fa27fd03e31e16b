import copy
import functools

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import relations, serializers
from rest_framework.fields import SkipField, is_simple_callable
from rest_framework.reverse import preserve_builtin_query_params

# A UUID the article-detail route accepts, replaced by each story's in the address
# reverse() built once (story_api_path()).
_UUID_MARK = "00000000-0000-4000-8000-00000000cafe"


def story_api_path(uuid) -> str:
    """The path of the story `uuid` in the API, e.g. /api/v1/articles/<uuid>/: what
    reverse("api:article-detail") answers, the URL resolver asked once per
    configuration rather than per story (a UUID needs no escaping)."""
    template = _story_api_template(get_script_prefix(), get_resolver(get_urlconf()))
    return template.replace(_UUID_MARK, str(uuid))


def story_api_urls(request, *, keep_format: bool):
    """uuid -> the story's absolute API address on the request's host (what
    StoryAPIURLField gives with `keep_format`, keeping a ?format= the request
    named), one absolute address built per call rather than per story."""
    template = request.build_absolute_uri(story_api_path(_UUID_MARK))
    if keep_format:
        template = preserve_builtin_query_params(template, request)
    return lambda uuid: template.replace(_UUID_MARK, str(uuid))


@functools.lru_cache(maxsize=8)
def _story_api_template(script_prefix, resolver) -> str:
    return reverse(
        "api:article-detail",
        kwargs={"uuid": _UUID_MARK},
        urlconf=resolver.urlconf_name,
    )


@extend_schema_field(OpenApiTypes.URI)
class StoryAPIURLField(serializers.Field):
    """The story's address in the API, as HyperlinkedIdentityField gives it (on the
    request's host, keeping a ?format= the request named), from story_api_path()."""

    def __init__(self, **kwargs):
        super().__init__(source="uuid", read_only=True, **kwargs)

    def to_representation(self, uuid) -> str:
        request = self.context["request"]
        url = request.build_absolute_uri(story_api_path(uuid))
        return preserve_builtin_query_params(url, request)


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


class PlannedRepresentation:
    """For serializers: to_representation() reads each field by a plan made once.

    The output is DRF's own (each field's to_representation()); what is planned is
    how a field finds its value: DRF looks every attribute up through its general
    get_attribute() and re-walks the readable fields for every item, which cost a
    list of 50 stories more than rendering them. Fields with a dotted source or a
    related field keep DRF's lookup. An item may also be a dict (a row read by
    partners/rows.py), its keys the fields' sources.
    """

    # Each serializer class's fields as ModelSerializer builds them from the model
    # (a few milliseconds for a story's): built once per process, copied per use.
    _built_fields: dict[type, dict] = {}

    def get_fields(self):
        built = self._built_fields.get(type(self))
        if built is None:
            built = self._built_fields[type(self)] = super().get_fields()
        return copy.deepcopy(built)

    def to_representation(self, instance):
        plan = self.__dict__.get("_plan")
        if plan is None:
            plan = self._plan = [
                (field.field_name, _getter(field), field.to_representation)
                for field in self._readable_fields
            ]
        representation = {}
        for name, get, represent in plan:
            try:
                value = get(instance)
            except SkipField:
                continue
            representation[name] = None if value is None else represent(value)
        return representation


def _identity(instance):
    return instance


def _getter(field):
    """How `field` reads its value from an instance, as Field.get_attribute() does."""
    if field.source == "*":
        return _identity
    if len(field.source_attrs) != 1 or isinstance(
        field, relations.RelatedField | relations.ManyRelatedField
    ):
        return _drf_getter(field)
    name = field.source_attrs[0]
    fallback = field.get_attribute

    def get(instance):
        if type(instance) is dict:  # a row read by partners/rows.py
            return instance[name]
        try:
            value = getattr(instance, name)
        except ObjectDoesNotExist:  # a missing one-to-one (e.g. live coverage)
            return None
        except AttributeError:
            return fallback(instance)  # DRF's defaults and messages
        if callable(value) and is_simple_callable(value):
            value = value()
        return value

    return get


def _drf_getter(field):
    def get(instance):
        value = field.get_attribute(instance)
        if isinstance(value, relations.PKOnlyObject) and value.pk is None:
            return None
        return value

    return get
