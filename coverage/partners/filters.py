"""The API's FilterSets: the site's story filters plus what partners sync by."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from articles.models import ArticleChange, LiveUpdate
from readers.filters import ArticleFilter, DateTimeFilter

# API orderings: public name -> order_by(); the cursor's position is every field.
# "modified_at" is the story's public_modified_at: the later of its last save and
# the moment it went public (a scheduled story saves no row when its time comes).
API_ORDERINGS = {
    "-published_at": ("-publish_at", "-pk"),
    "published_at": ("publish_at", "pk"),
    "-modified_at": ("-public_modified_at", "-pk"),
    "modified_at": ("public_modified_at", "pk"),
}
DEFAULT_ORDERING = "-published_at"


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
        field_name="public_modified_at",
        lookup_expr="gte",
        label=_(
            "Changed at or after (ISO 8601): saved, corrected, or gone public "
            "(a scheduled story counts from the moment it appeared)"
        ),
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
        ordering = self.form.cleaned_data.get("ordering") or DEFAULT_ORDERING
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
