"""The story-list filters, shared by the reader pages and the API (STYLE §6).

Filters name things by slug. An unknown slug or a malformed date makes the
FilterSet invalid: the API answers 400 naming the field, a page ignores the filter
and says so.
"""

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Section, Topic
from events.models import Event, Place
from sources.models import Source


class ArticleFilter(django_filters.FilterSet):
    topic = django_filters.ModelChoiceFilter(
        field_name="topics",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        label=_("Topic"),
    )
    section = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=Section.objects.all(), label=_("Section")
    )
    place = django_filters.ModelChoiceFilter(
        field_name="places",
        to_field_name="slug",
        queryset=Place.objects.all(),
        label=_("Place"),
    )
    source = django_filters.ModelChoiceFilter(
        field_name="quotes__source",
        to_field_name="slug",
        queryset=Source.objects.all(),
        label=_("Source quoted"),
        distinct=True,
    )
    event = django_filters.ModelChoiceFilter(
        field_name="events",
        to_field_name="slug",
        queryset=Event.objects.all(),
        label=_("Event"),
    )
    # "from" is a Python keyword, hence the declared names below.
    date_from = django_filters.DateFilter(method="filter_from", label=_("Published from"))
    date_to = django_filters.DateFilter(method="filter_to", label=_("Published until"))

    class Meta:
        model = Article
        fields = ["topic", "section", "place", "source", "event"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["from"] = self.filters.pop("date_from")
        self.filters["to"] = self.filters.pop("date_to")

    # Whole days in Baghdad time, compared on the raw column so the index serves it.
    def filter_from(self, queryset, name, value):
        return queryset.filter(publish_at__gte=start_of_day(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(publish_at__lt=start_of_day(value + datetime.timedelta(days=1)))


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
