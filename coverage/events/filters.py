"""Timeline filters, shared by the timeline page, the events API and the TimelineJS feed."""

import django_filters
from django.utils.translation import gettext_lazy as _

from articles.filters import DateFilter
from articles.models import Topic
from events.models import Event, Place
from sources.models import Source


class EventFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(
        choices=Event.Category.choices, label=_("Category")
    )
    place = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=Place.objects.all(), label=_("Place")
    )
    topic = django_filters.ModelChoiceFilter(
        field_name="topics",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        label=_("Topic"),
    )
    source = django_filters.ModelChoiceFilter(
        field_name="actors",
        to_field_name="slug",
        queryset=Source.objects.public(),
        label=_("Actor"),
    )
    # "from" is a Python keyword, so these two go straight into the class namespace
    # (subclasses and the OpenAPI schema then see "from" and "to").
    vars()["from"] = DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    vars()["to"] = DateFilter(field_name="date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = Event
        fields = ["category", "place", "topic", "source"]
