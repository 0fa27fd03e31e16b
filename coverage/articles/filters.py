"""The story-list filters, shared by the reader pages and the API (STYLE §6).

Filters name things by slug. An unknown slug or a malformed date makes the
FilterSet invalid: the API answers 400 naming the field, a page ignores the filter
and says so.
"""

import datetime

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

from articles.models import Article, ArticleChange, LiveUpdate, Section, Topic
from events.models import Event, Place
from sources.models import Source

# Years a reader or partner can mean. Outside them, moving a date to or from
# Baghdad time overflows Python's datetime (year 1, year 9999): a 400, not a 500.
YEARS = (1900, 2999)


def check_year(value) -> None:
    if value is not None and not YEARS[0] <= value.year <= YEARS[1]:
        raise ValidationError(
            _("Enter a date between the years %(first)s and %(last)s."),
            code="out_of_range",
            params={"first": YEARS[0], "last": YEARS[1]},
        )


class DateField(forms.DateField):
    def validate(self, value):
        super().validate(value)
        check_year(value)


class DateTimeField(IsoDateTimeField):
    def validate(self, value):
        super().validate(value)
        check_year(value)


class DateFilter(django_filters.DateFilter):
    field_class = DateField


class DateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = DateTimeField


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
        queryset=Source.objects.public(),
        label=_("Source quoted"),
        distinct=True,
    )
    event = django_filters.ModelChoiceFilter(
        field_name="events",
        to_field_name="slug",
        queryset=Event.objects.all(),
        label=_("Event"),
    )
    # "from" is a Python keyword, so these two go straight into the class namespace;
    # declared this way they are real filters of the class (subclasses and the
    # OpenAPI schema see "from" and "to", not renamed per instance).
    vars()["from"] = DateFilter(method="filter_from", label=_("Published from"))
    vars()["to"] = DateFilter(method="filter_to", label=_("Published until"))

    class Meta:
        model = Article
        fields = ["topic", "section", "place", "source", "event"]

    # Whole days in Baghdad time, compared on the raw column so the index serves it.
    def filter_from(self, queryset, name, value):
        return queryset.filter(publish_at__gte=start_of_day(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(
            publish_at__lt=start_of_day(value + datetime.timedelta(days=1))
        )


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# API orderings: public name -> order_by(); the first field is the cursor position.
API_ORDERINGS = {
    "-published_at": ("-publish_at", "-pk"),
    "published_at": ("publish_at", "pk"),
    "-modified_at": ("-modified_at", "-pk"),
    "modified_at": ("modified_at", "pk"),
}


class ArticleAPIFilter(ArticleFilter):
    """The story-list filters plus what partners sync by (the API only)."""

    language = django_filters.ChoiceFilter(
        choices=settings.LANGUAGES, label=_("Edition language")
    )
    published_after = DateTimeFilter(
        field_name="publish_at",
        lookup_expr="gte",
        label=_("Published at or after (ISO 8601)"),
    )
    published_before = DateTimeFilter(
        field_name="publish_at",
        lookup_expr="lt",
        label=_("Published before (ISO 8601)"),
    )
    updated_since = DateTimeFilter(
        field_name="modified_at",
        lookup_expr="gte",
        label=_("Last saved at or after (ISO 8601)"),
    )
    q = django_filters.CharFilter(
        method="filter_search", label=_("Search, as on the site")
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(name, name) for name in API_ORDERINGS],
        method="keep_order",
        label=_("Order (default -published_at, newest first)"),
    )

    class Meta(ArticleFilter.Meta):
        fields = [*ArticleFilter.Meta.fields, "language"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def keep_order(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset()

    def filter_queryset(self, queryset):
        # Always an explicit order, whatever the search did: cursor pagination pages
        # on its first field.
        ordering = self.form.cleaned_data.get("ordering") or "-published_at"
        return super().filter_queryset(queryset).order_by(*API_ORDERINGS[ordering])


class ChangeFilter(django_filters.FilterSet):
    """The partners' sync feed: changes after a time, optionally in one edition."""

    since = DateTimeFilter(
        field_name="changed_at",
        lookup_expr="gt",
        label=_("Changes after this time (ISO 8601), e.g. your last sync"),
    )
    language = django_filters.ChoiceFilter(
        choices=settings.LANGUAGES, label=_("Edition language")
    )
    kind = django_filters.ChoiceFilter(
        choices=ArticleChange.Kind.choices, label=_("Kind")
    )

    class Meta:
        model = ArticleChange
        fields = ["since", "language", "kind"]


class LiveUpdateFilter(django_filters.FilterSet):
    """A live story's updates posted or corrected after a time."""

    since = DateTimeFilter(
        field_name="modified_at",
        lookup_expr="gt",
        label=_("Updates posted or corrected after this time (ISO 8601)"),
    )

    class Meta:
        model = LiveUpdate
        fields = ["since"]
