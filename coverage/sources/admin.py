from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from articles import permissions
from articles.admin import StoryPartIndexAdmin
from articles.translation import translated
from sources.models import Quote, Source


class ReviewFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("needed", _("Added by a reporter, not yet reviewed"))]

    def queryset(self, request, queryset):
        if self.value() == "needed":
            return queryset.needing_review()
        return queryset


@admin.register(Source)
class SourceAdmin(TranslationAdmin):
    """People and organisations the coverage quotes. Reporters add the ones they
    interviewed (also from the story's quote form); editors review those."""

    list_display = [
        "name",
        "kind",
        "role",
        "affiliation",
        "country",
        "quote_count",
        "needs_review_column",
    ]
    list_filter = [ReviewFilter, "kind", "country"]
    search_fields = [*translated("name", "aliases", "role"), "slug"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation"]
    list_select_related = ["affiliation"]
    readonly_fields = ["added_by", "added_at", "reviewed_by", "reviewed_at"]
    actions = ["mark_reviewed"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_quote_count=Count("quotes"))

    @admin.display(description=_("quotes"), ordering="_quote_count")
    def quote_count(self, source):
        return source._quote_count

    @admin.display(description=_("needs review"), boolean=True)
    def needs_review_column(self, source):
        return source.needs_review

    # Who may do what: asked of articles/permissions.py, never decided here.
    def has_add_permission(self, request):
        return permissions.can_add_source(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return permissions.can_edit_source(request.user, obj)

    def has_review_permission(self, request):
        return permissions.can_review_source(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
        if not change and permissions.can_review_source(request.user):
            obj.mark_reviewed(by=request.user)  # an editor's own entry is checked

    @admin.action(
        description=_("Mark selected sources as reviewed"), permissions=["review"]
    )
    def mark_reviewed(self, request, queryset):
        sources = list(queryset.needing_review())
        for source in sources:
            source.mark_reviewed(by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d source marked as reviewed.",
                "%(count)d sources marked as reviewed.",
                len(sources),
            )
            % {"count": len(sources)},
            messages.SUCCESS,
        )


@admin.register(Quote)
class QuoteAdmin(StoryPartIndexAdmin):
    """A searchable index of who said what. Quotes are written and changed only on
    their story's page, where the story's permissions apply."""

    list_display = ["__str__", "source", "article", "position"]
    search_fields = ["text", *translated("source__name"), "article__headline"]
    list_select_related = ["source", "article"]
    list_filter = ["source__kind"]
