"""Timeline filters, shared by the timeline page, the events API and the TimelineJS feed."""

import django_filters
from django.utils.translation import gettext_lazy as _

from articles.models import Topic
from events.models import Event, Place
from sources.models import Source


class EventFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=Event.Category.choices, label=_("Category"))
    place = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=Place.objects.all(), label=_("Place")
    )
    topic = django_filters.ModelChoiceFilter(
        field_name="topics", to_field_name="slug", queryset=Topic.objects.all(), label=_("Topic")
    )
    source = django_filters.ModelChoiceFilter(
        field_name="actors",
        to_field_name="slug",
        queryset=Source.objects.all(),
        label=_("Actor"),
    )
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("From")
    )
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = Event
        fields = ["category", "place", "topic", "source"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["from"] = self.filters.pop("date_from")
        self.filters["to"] = self.filters.pop("date_to")
