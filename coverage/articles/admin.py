from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from js_asset import Media

from articles.models import (
    Article,
    ArticleChange,
    Author,
    Byline,
    Correction,
    Section,
    Topic,
)
from sources.models import Quote


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_featured"]
    list_filter = ["is_featured"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    search_fields = ["name", "slug", "job_title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    min_num = 1
    autocomplete_fields = ["author"]
    verbose_name = _("author")
    verbose_name_plural = _("byline")


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "text", "context", "position"]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["kind", "text", "created_at", "created_by"]
    readonly_fields = ["created_by"]


class EventCoverageInline(admin.TabularInline):
    """The events this story covers, editable from the story."""

    model = Article.events.through
    extra = 0
    autocomplete_fields = ["event"]
    verbose_name = _("event covered")
    verbose_name_plural = _("events covered")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "headline",
        "status",
        "is_published_column",
        "section",
        "language",
        "publish_at",
        "byline_column",
        "modified_at",
    ]
    list_filter = ["status", "language", "section", "topics", "publish_at"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "slug", "uuid"]
    date_hierarchy = "publish_at"
    ordering = ["-modified_at"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = [
        "section",
        "topics",
        "places",
        "dateline",
        "translation_of",
        "related_articles",
    ]
    readonly_fields = ["uuid", "first_published_at", "updated_at", "created_at", "modified_at"]
    inlines = [BylineInline, QuoteInline, EventCoverageInline, CorrectionInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (
            _("Tags"),
            {"fields": ["section", "topics", "places", "dateline"]},
        ),
        (
            _("Lead image"),
            {
                "fields": [
                    "lead_image",
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                ]
            },
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "language",
                    "translation_of",
                    "status",
                    "publish_at",
                    "first_published_at",
                    "updated_at",
                ]
            },
        ),
        (
            _("Related"),
            {"fields": ["related_articles"], "classes": ["collapse"]},
        ),
        (
            _("Record"),
            {"fields": ["uuid", "created_at", "modified_at"], "classes": ["collapse"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__author")

    def render_change_form(self, request, context, *args, **kwargs):
        # The rich-text editor loads through an inline <script type="importmap">;
        # a per-request nonce lets it run under the strict Content-Security-Policy.
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(description=_("public"), boolean=True)
    def is_published_column(self, article):
        return article.is_published

    @admin.display(description=_("byline"))
    def byline_column(self, article):
        return ", ".join(author.name for author in article.byline)

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Correction) and instance.pk is None:
                # A new correction goes through the model so the story shows as updated.
                form.instance.add_correction(
                    kind=instance.kind, text=instance.text, by=request.user
                )
            else:
                instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["article", "kind", "created_at", "created_by"]
    list_filter = ["kind"]
    search_fields = ["text", "article__headline"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["article"]
    list_select_related = ["article", "created_by"]


@admin.register(ArticleChange)
class ArticleChangeAdmin(admin.ModelAdmin):
    """Read-only: the log partners sync from."""

    list_display = ["article_uuid", "language", "kind", "changed_at"]
    list_filter = ["kind", "language"]
    search_fields = ["article_uuid"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
