from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from articles.admin import StoryPartIndexAdmin
from articles.translation import translated
from sources.models import Quote, Source


@admin.register(Source)
class SourceAdmin(TranslationAdmin):
    list_display = ["name", "kind", "role", "affiliation", "country", "quote_count"]
    list_filter = ["kind", "country"]
    search_fields = [*translated("name", "aliases", "role"), "slug"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation"]
    list_select_related = ["affiliation"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_quote_count=Count("quotes"))

    @admin.display(description=_("quotes"), ordering="_quote_count")
    def quote_count(self, source):
        return source._quote_count


@admin.register(Quote)
class QuoteAdmin(StoryPartIndexAdmin):
    """A searchable index of who said what. Quotes are written and changed only on
    their story's page, where the story's permissions apply."""

    list_display = ["__str__", "source", "article", "position"]
    search_fields = ["text", *translated("source__name"), "article__headline"]
    list_select_related = ["source", "article"]
    list_filter = ["source__kind"]
