from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from articles import permissions
from articles.translation import translated
from events.models import Event, Figure, Place


@admin.register(Place)
class PlaceAdmin(TranslationAdmin):
    list_display = ["name", "kind", "parent", "latitude", "longitude"]
    list_filter = ["kind"]
    search_fields = [*translated("name", "aliases"), "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


class FigureInline(admin.StackedInline):
    model = Figure
    extra = 0
    fk_name = "event"
    autocomplete_fields = ["source", "place", "article"]
    fields = [
        ("qualifier", "value", "unit"),
        "counts",
        ("basis", "as_of", "as_of_precision"),
        ("source", "place", "article"),
    ]


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ["title", "date_column", "category", "place", "importance"]
    list_filter = ["category", "importance", "date_precision", "place__kind"]
    search_fields = [*translated("title", "summary"), "slug"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["place", "topics", "actors", "articles"]
    list_select_related = ["place"]
    inlines = [FigureInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "category", "importance"]}),
        (
            _("When and where"),
            {"fields": [("date", "date_precision"), "end_date", "place"]},
        ),
        (_("Links"), {"fields": ["topics", "actors", "articles"]}),
    ]

    @admin.display(description=_("date"), ordering="date")
    def date_column(self, event):
        return event.date_display


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ["__str__", "basis", "as_of", "source", "place", "event", "article"]
    list_filter = ["basis", "qualifier"]
    search_fields = ["counts", "unit"]
    autocomplete_fields = ["source", "place", "event", "article"]
    list_select_related = ["source", "place", "event", "article"]

    # Reporters propose figures on their own story's page (its permissions apply);
    # here, where any figure can be reached, only editors write.
    def has_add_permission(self, request):
        return permissions.can_manage_figures(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_manage_figures(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_manage_figures(request.user)
