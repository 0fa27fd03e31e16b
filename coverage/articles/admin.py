import copy
import re

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.forms.formsets import all_valid
from django.http import (
    Http404,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, resolve, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from js_asset import Media
from modeltranslation.admin import TranslationAdmin

from articles import permissions, revisions, services, workflow
from articles.models import (
    AUTOSAVE_KEY_PATTERN,
    Article,
    ArticleChange,
    Author,
    Autosave,
    BodyImage,
    Byline,
    Correction,
    EditConflict,
    LiveCoverage,
    LiveUpdate,
    Section,
    Topic,
    Withdrawal,
    new_autosave_key,
)
from articles.text import plain_text
from articles.translation import translated
from articles.uploads import LeadImageField

# The arrows against the grain (articles <- sources), written where they happen: the
# story's screen edits its quotes inline, because a quote is part of the story.
# Figures and covered events are reached through the story's relations instead.
from sources.models import Quote


@admin.register(Section)
class SectionAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = [*translated("name"), "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    list_display = ["name", "slug", "is_featured"]
    list_filter = ["is_featured"]
    search_fields = [*translated("name", "aliases"), "slug"]
    prepopulated_fields = {"slug": ["name"]}


class AuthorAdminForm(forms.ModelForm):
    """An author profile; the byline, role and biography per edition (the columns
    modeltranslation adds, see articles/translation.py)."""

    class Meta:
        model = Author
        fields = [
            *translated("name"),
            "slug",
            "user",
            *translated("job_title", "bio"),
            "photo",
        ]
        field_classes = {"photo": LeadImageField}  # checked, EXIF stripped


@admin.register(Author)
class AuthorAdmin(TranslationAdmin):
    """Author profiles: every staff account has one; its owner keeps it current."""

    form = AuthorAdminForm
    fields = ["name", "slug", "user", "job_title", "bio", "photo"]
    list_display = ["name", "job_title", "user"]
    search_fields = [*translated("name", "job_title"), "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    list_select_related = ["user"]

    def get_prepopulated_fields(self, request, obj=None):
        if "slug" in permissions.author_locked_fields(request.user):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        locked = permissions.author_locked_fields(request.user)
        return [*super().get_readonly_fields(request, obj), *sorted(locked)]

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return permissions.can_edit_author(request.user, obj)


class StaffAccountAdmin(UserAdmin):
    """Accounts are people: a staff account gets its author profile with it."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.is_staff:
            services.author_for(obj)


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), StaffAccountAdmin)


class StoryInlineMixin:
    """Rows that belong to the story's text: editable exactly when the story is."""

    def has_add_permission(self, request, obj=None):
        allowed = obj is None or permissions.can_edit(request.user, obj)
        return allowed and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = obj is None or permissions.can_edit(request.user, obj)
        return allowed and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = obj is None or permissions.can_edit(request.user, obj)
        return allowed and super().has_delete_permission(request, obj)


class BylineForm(forms.ModelForm):
    def has_changed(self):
        # The byline offered by default (the writer herself) is saved as given,
        # though the reporter did not touch it.
        offered = self.instance.pk is None and self.initial.get("author")
        return bool(offered) or super().has_changed()


class BylineInline(StoryInlineMixin, admin.TabularInline):
    model = Byline
    form = BylineForm
    extra = 0
    min_num = 1
    autocomplete_fields = ["author"]
    verbose_name = _("author")
    verbose_name_plural = _("byline")


class QuoteInline(StoryInlineMixin, admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "text", "context", "position"]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["kind", "text", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]

    # The log readers see is never rewritten: editors add entries, nobody edits them.
    def has_add_permission(self, request, obj=None):
        return obj is not None and permissions.can_correct(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventCoverageInline(admin.TabularInline):
    """The events this story covers: anyone writing the story attaches existing
    events (creating an event stays with editors, in the events section)."""

    model = Article.events.through
    extra = 0
    autocomplete_fields = ["event"]
    verbose_name = _("event covered")
    verbose_name_plural = _("events covered")

    # Django would ask for "change event"; attaching is part of writing the story.
    def has_add_permission(self, request, obj=None):
        return permissions.can_attach_events(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return permissions.can_attach_events(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_attach_events(request.user, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "event":
            # The auto-created through table names its column in untranslated English.
            field.label = _("event")
        return field


class FigureProposalForm(forms.ModelForm):
    """A figure in the story, with its provenance: who gives it, and how sure it is."""

    class Meta:
        model = Article._meta.get_field("figures").related_model
        fields = [
            "qualifier",
            "value",
            "unit",
            "counts",
            "basis",
            "as_of",
            "as_of_precision",
            "source",
            "place",
            "event",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].required = True
        self.fields["source"].help_text = _(
            "Who gives this figure; add the source first if they are new."
        )


class FigureInline(admin.StackedInline):
    """Figures the story reports; a reporter proposes them with their provenance."""

    model = Article._meta.get_field("figures").related_model
    form = FigureProposalForm
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["source", "place", "event"]
    fields = [
        ("qualifier", "value", "unit"),
        "counts",
        ("basis", "as_of", "as_of_precision"),
        ("source", "place", "event"),
    ]
    verbose_name = _("figure in this story")
    verbose_name_plural = _("figures in this story")

    def has_add_permission(self, request, obj=None):
        return permissions.can_propose_figures(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return permissions.can_propose_figures(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_propose_figures(request.user, obj)


class LiveCoverageInline(admin.StackedInline):
    """Marks the story live: status, start time and key points (editors only)."""

    model = LiveCoverage
    extra = 0
    max_num = 1
    can_delete = False
    fields = ["status", "started_at", "ended_at", "key_points"]
    readonly_fields = ["ended_at"]
    verbose_name_plural = _("live coverage")

    def has_add_permission(self, request, obj=None):
        return permissions.is_editor(request.user) and super().has_add_permission(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        allowed = obj is None or permissions.can_run_coverage(request.user, obj)
        return allowed and super().has_change_permission(request, obj)


class LiveUpdatePostForm(forms.ModelForm):
    """The compact form at the top of a live story's page: posting it posts the update."""

    class Meta:
        model = LiveUpdate
        fields = ["title", "body", "is_key_event", "is_pinned"]


class ArticleAdminForm(forms.ModelForm):
    """The story form: the version it was opened at, so a stale save is refused."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = ["lead_image"]  # the admin's fieldsets add the rest
        field_classes = {"lead_image": LeadImageField}

    # Set by the admin: an autosave to fill the form with, and whether this form
    # only feeds a preview (nothing is saved, so no edit conflict to check).
    restore_from = None
    for_preview = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk is not None:
            self.fields["edit_version"].initial = self.instance.edit_version
        if self.restore_from is not None and not self.is_bound:
            autosave = self.restore_from
            self.initial.update(
                headline=autosave.headline,
                standfirst=autosave.standfirst,
                body=autosave.body,
            )
            if autosave.base_version is not None:
                # Saved from an older version: saving it then shows the conflict
                # beside the newer text instead of overwriting it.
                self.fields["edit_version"].initial = autosave.base_version
        if "body" in self.fields:
            self.fields["body"].help_text = format_html(
                '<span class="desk-wordcount" aria-live="polite">{}</span>',
                reading_length(self.instance),
            )

    def clean_publish_at(self):
        publish_at = self.cleaned_data.get("publish_at")
        if (
            self.instance.pk is not None
            and self.instance.is_scheduled
            and "publish_at" in self.changed_data
            and (publish_at is None or publish_at <= timezone.now())
        ):
            raise ValidationError(
                _(
                    "A scheduled story moves only to a future time. To publish it "
                    "now, press “Publish now”."
                ),
                code="schedule_in_past",
            )
        return publish_at

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None and not self.for_preview:
            try:
                self.instance.check_edit_version(cleaned_data.get("edit_version"))
            except EditConflict as conflict:
                self.conflict = conflict.current
                # The form comes back with this editor's text; saving it again, after
                # reading the other version, is then a deliberate choice.
                self.data = self.data.copy()
                self.data["edit_version"] = conflict.current.edit_version
                raise ValidationError(
                    _(
                        "Someone else saved this story while you were editing it, so "
                        "your changes were not saved. Your text is still in the form "
                        "below; their version is shown beside it. Copy what you need, "
                        "then save again to replace their version with yours."
                    ),
                    code="edit_conflict",
                ) from None
        return cleaned_data


def reading_length(article) -> str:
    """“N words · about M min read”, as the story's form shows beside the body."""
    words = article.word_count
    return ngettext(
        "%(words)d word · about %(minutes)d min read",
        "%(words)d words · about %(minutes)d min read",
        words,
    ) % {"words": words, "minutes": article.reading_minutes}


WORKFLOW_ACTIONS = {
    "submit": (_("Submit for review"), permissions.can_submit),
    "send_back": (_("Send back to the reporter"), permissions.can_send_back),
    "publish": (_("Publish now"), permissions.can_publish),
    "schedule": (_("Schedule"), permissions.can_schedule),
    "reschedule": (_("Move the schedule"), permissions.can_reschedule),
    "unpublish": (_("Unpublish"), permissions.can_unpublish),
}


class DeskFilter(admin.SimpleListFilter):
    """The desk's queues as list filters: mine, sent back, needs review, scheduled."""

    title = _("desk")
    parameter_name = "desk"

    def lookups(self, request, model_admin):
        choices = [
            ("mine", _("Mine")),
            ("sent_back", _("Sent back to me")),
        ]
        if permissions.is_editor(request.user):
            choices.append(("review", _("Needs my review")))
        choices += [("scheduled", _("Scheduled")), ("published", _("Public now"))]
        return choices

    def queryset(self, request, queryset):
        user = request.user
        if self.value() == "mine":
            return queryset.owned_by(user)
        if self.value() == "sent_back":
            return queryset.owned_by(user).filter(send_back_note__isnull=False)
        if self.value() == "review":
            if not permissions.is_editor(user):
                return queryset.none()
            return queryset.filter(status=Article.Status.IN_REVIEW)
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "published":
            return queryset.published()
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    actions = ["submit_selected", "publish_selected", "unpublish_selected"]
    list_display = [
        "headline",
        "state_column",
        "is_published_column",
        "note_column",
        "section",
        "language",
        "publish_at",
        "byline_column",
        "modified_at",
    ]
    list_filter = [DeskFilter, "status", "language", "section", "topics", "publish_at"]
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
    readonly_fields = [
        "uuid",
        "first_published_at",
        "updated_at",
        "created_at",
        "modified_at",
    ]
    inlines = [
        LiveCoverageInline,
        BylineInline,
        QuoteInline,
        EventCoverageInline,
        FigureInline,
        CorrectionInline,
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "edit_version"]}),
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

    def get_inline_instances(self, request, obj=None):
        # A story goes live from its own page once it exists (the live desk's button).
        return [
            inline
            for inline in super().get_inline_instances(request, obj)
            if obj is not None or not isinstance(inline, LiveCoverageInline)
        ]

    def get_queryset(self, request):
        articles = (
            super()
            .get_queryset(request)
            .prefetch_related("bylines__author")
            .with_send_back_note()
        )
        return permissions.visible_articles(request.user, articles)

    # Who may do what: asked of articles/permissions.py, never decided here.
    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        return permissions.can_view(request.user, obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return permissions.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return permissions.can_delete(request.user, obj)

    def has_publish_permission(self, request):
        return permissions.is_editor(request.user)

    def get_form(self, request, obj=None, **kwargs):
        # edit_version is the form's own field (the model's is not editable).
        fields = kwargs.get("fields") or flatten_fieldsets(
            self.get_fieldsets(request, obj)
        )
        kwargs["fields"] = [field for field in fields if field != "edit_version"]
        form = super().get_form(request, obj, **kwargs)
        if request.method == "GET" and request.GET.get("restore") == "autosave":
            autosave = Autosave.objects.mine(
                request.user, obj, autosave_key(request.GET)
            ).first()
            if autosave is not None:
                form = type(form.__name__, (form,), {"restore_from": autosave})
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.pop("restore", None)
        initial.pop("key", None)
        return initial

    def get_readonly_fields(self, request, obj=None):
        locked = permissions.locked_fields(request.user, obj)
        return [*super().get_readonly_fields(request, obj), *sorted(locked)]

    def delete_model(self, request, obj):
        workflow.delete_article(obj, by=request.user)

    def get_actions(self, request):
        # Deleting goes one story at a time, through the model, so partners hear of it.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, BylineInline) and (obj is None or obj.pk is None):
            # A new story's byline starts as the person writing it.
            kwargs["initial"] = [{"author": services.author_for(request.user).pk}]
        return kwargs

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "body-images/",
                view(self.body_image_view),
                name="articles_article_body_image",
            ),
            path(
                "add/preview/",
                view(self.preview_view),
                name="articles_article_preview_new",
            ),
            path(
                "add/autosave/",
                view(self.autosave_view),
                name="articles_article_autosave_new",
            ),
            path(
                "add/autosave/discard/",
                view(self.discard_autosave_view),
                name="articles_article_autosave_discard_new",
            ),
            path(
                "<path:object_id>/autosave/",
                view(self.autosave_view),
                name="articles_article_autosave",
            ),
            path(
                "<path:object_id>/autosave/discard/",
                view(self.discard_autosave_view),
                name="articles_article_autosave_discard",
            ),
            path(
                "<path:object_id>/publish-now/",
                view(self.publish_now_view),
                name="articles_article_publish_now",
            ),
            path(
                "<path:object_id>/preview/",
                view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/live/post/",
                view(self.post_update_view),
                name="articles_article_live_post",
            ),
            path(
                "<path:object_id>/live/<str:action>/",
                view(self.coverage_view),
                name="articles_article_live",
            ),
            path(
                "<path:object_id>/translate/<str:language>/",
                view(self.translate_view),
                name="articles_article_translate",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(self.restore_view),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # One revision for the whole form: the story, its quotes, byline, corrections.
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message() or gettext("Created."))
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message() or gettext("Saved."))
        return entry

    def workflow_context(self, request, article) -> dict:
        user = request.user
        return {
            "workflow_actions": [
                (name, label)
                for name, (label, allowed) in WORKFLOW_ACTIONS.items()
                if allowed(user, article)
            ],
            "missing_for_publication": article.missing_for_publication()
            if permissions.can_publish(user, article)
            else [],
            "can_preview": permissions.can_preview(user, article),
            "can_unpublish": permissions.can_unpublish(user, article),
            "state": self.state_column(article),
        }

    def desk_context(self, request, article) -> dict:
        """What the form shows around the text: the editor's send-back note, an
        autosave to restore, and the addresses the editor's scripts talk to.

        A new story's form carries its own autosave key (`autosave_key`): the one it
        was posted with, the one of the autosave being restored, or a fresh one. Its
        autosaves are kept under that key, so two new stories written in two tabs
        never share one; every other unsaved new story of the editor's is offered
        back (`new_story_autosaves`), never picked for her."""
        restoring = request.GET.get("restore") == "autosave"
        key = ""
        new_story_autosaves = []
        if article is None:
            autosave_url = reverse("admin:articles_article_autosave_new")
            discard_url = reverse("admin:articles_article_autosave_discard_new")
            preview_url = reverse("admin:articles_article_preview_new")
            key = autosave_key(request.POST, "autosave_key") or autosave_key(
                request.GET
            )
            restored = Autosave.objects.mine(request.user, None, key).first()
            reopened = request.method == "POST" or (restoring and restored)
            if not key or not reopened:
                key = new_autosave_key()  # a fresh form, a fresh key
            autosave = restored if restoring else None
            new_story_autosaves = [
                other
                for other in Autosave.objects.new_stories_of(request.user)
                if other.key != key
            ]
        else:
            autosave_url = reverse("admin:articles_article_autosave", args=[article.pk])
            discard_url = reverse(
                "admin:articles_article_autosave_discard", args=[article.pk]
            )
            preview_url = reverse("admin:articles_article_preview", args=[article.pk])
            autosave = Autosave.objects.mine(request.user, article).first()
        if autosave is not None and article is not None:
            unchanged = (autosave.headline, autosave.standfirst, autosave.body) == (
                article.headline,
                article.standfirst,
                article.body,
            )
            if unchanged:
                autosave = None
        return {
            "send_back": article.last_send_back() if article is not None else None,
            "autosave": autosave,
            "autosave_key": key,
            "new_story_autosaves": new_story_autosaves,
            "restoring": restoring,
            "autosave_url": autosave_url,
            "autosave_discard_url": discard_url,
            "unsaved_preview_url": preview_url,
            "body_image_url": reverse("admin:articles_article_body_image"),
            "can_upload_picture": permissions.can_upload_picture(request.user),
        }

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**self.desk_context(request, None), **(extra_context or {})}
        return super().add_view(request, form_url, extra_context)

    def editions_context(self, request, article) -> dict:
        """The story's other editions for the object tools: a link to each that
        exists, a one-click "Translate into …" for each that does not."""
        original = article.translation_of or article
        group = {
            other.language: other
            for other in Article.objects.filter(
                Q(pk=original.pk) | Q(translation_of=original)
            ).only("pk", "language", "translation_of")
        }
        editions, can_create = [], permissions.can_create(request.user)
        for code, name in settings.LANGUAGES:
            if code == article.language:
                continue
            other = group.get(code)
            if other is None and not can_create:
                continue
            editions.append(
                {
                    "code": code,
                    "url": reverse("admin:articles_article_change", args=[other.pk])
                    if other
                    else None,
                    "label": (
                        gettext("%(language)s edition") % {"language": name}
                        if other
                        else gettext("Translate into %(language)s") % {"language": name}
                    ),
                }
            )
        return {"editions": editions}

    def translate_view(self, request, object_id, language):
        """POST: make (or find) the story's draft in `language`, then open it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        try:
            translation, created = workflow.start_translation(
                article, by=request.user, language=language
            )
        except (PermissionDenied, ValidationError) as error:
            text = " ".join(getattr(error, "messages", [str(error)]))
            self.message_user(request, text, messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[article.pk])
            )
        self.message_user(
            request,
            gettext("A draft translation, linked to the original: translate it here.")
            if created
            else gettext("This edition already exists: here it is."),
            messages.SUCCESS if created else messages.INFO,
        )
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[translation.pk])
        )

    def live_context(self, request, article, form=None) -> dict:
        """The live desk at the top of the page: post, pin, end (see live_panel.html)."""
        user, coverage = request.user, article.live
        if coverage is None:
            return {"can_start_coverage": permissions.can_run_coverage(user, article)}
        can_post = permissions.can_post_update(user, article)
        if can_post and form is None:
            form = LiveUpdatePostForm(prefix="live")
            if not permissions.is_editor(user):
                del form.fields["is_pinned"]
        return {
            "coverage": coverage,
            "live_form": form if can_post else None,
            "live_updates": article.live_updates.newest_first().select_related(
                "author"
            )[:10],
            "can_run_coverage": permissions.can_run_coverage(user, article),
            "can_pin_updates": permissions.is_editor(user),
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None:
            extra_context = {
                **self.workflow_context(request, article),
                **self.desk_context(request, article),
                **self.live_context(request, article),
                **self.editions_context(request, article),
                **(extra_context or {}),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        action = request.POST.get("_workflow")
        if action not in WORKFLOW_ACTIONS:
            return super().response_change(request, obj)
        if action == "publish" and obj.is_scheduled:
            # Publishing over a set schedule is asked about first.
            return HttpResponseRedirect(
                reverse("admin:articles_article_publish_now", args=[obj.pk])
            )
        user, note = request.user, request.POST.get("workflow_note", "")
        run = {
            "submit": lambda: workflow.submit_for_review(obj, by=user),
            "send_back": lambda: workflow.send_back(obj, by=user, note=note),
            "publish": lambda: workflow.publish_article(obj, by=user),
            "schedule": lambda: workflow.schedule_article(
                obj, by=user, at=obj.publish_at
            ),
            # Saving the form moved the time already (see save_model).
            "reschedule": lambda: None,
            "unpublish": lambda: workflow.unpublish_article(
                obj,
                by=user,
                note=note,
                public_reason=request.POST.get("withdrawal_reason", ""),
            ),
        }[action]
        try:
            run()
        except (PermissionDenied, ValidationError) as error:
            text = " ".join(getattr(error, "messages", [str(error)]))
            self.message_user(request, text, messages.ERROR)
        else:
            self.message_user(
                request,
                gettext("Saved. The story is now: %(state)s.")
                % {"state": self.state_column(obj)},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(request.path)

    def post_update_view(self, request, object_id):
        """Post the compact form's update, then back to the story's page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        form = LiveUpdatePostForm(request.POST, prefix="live")
        if not form.is_valid():
            for errors in form.errors.values():
                self.message_user(request, " ".join(errors), messages.ERROR)
            return HttpResponseRedirect(change_url)
        try:
            update = workflow.post_live_update(
                article, by=request.user, **form.cleaned_data
            )
        except (PermissionDenied, ValidationError) as error:
            text = " ".join(getattr(error, "messages", [str(error)]))
            self.message_user(request, text, messages.ERROR)
        else:
            self.message_user(
                request,
                gettext("Update posted: %(when)s")
                % {"when": localize(localtime(update.posted_at))},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(change_url)

    def coverage_view(self, request, object_id, action):
        """Start or end the live coverage, or pin/unpin one update (POST only)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        user = request.user
        update = None
        if action in ("pin", "unpin"):
            update = get_object_or_404(
                article.live_updates, pk=request.POST.get("update")
            )
        run = {
            "start": lambda: workflow.start_live_coverage(article, by=user),
            "end": lambda: workflow.end_live_coverage(article, by=user),
            "pin": lambda: workflow.pin_live_update(update, by=user),
            "unpin": lambda: workflow.pin_live_update(update, by=user, pinned=False),
        }.get(action)
        if run is None:
            raise Http404
        try:
            run()
        except (PermissionDenied, ValidationError) as error:
            text = " ".join(getattr(error, "messages", [str(error)]))
            self.message_user(request, text, messages.ERROR)
        else:
            self.message_user(request, gettext("Done."), messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk])
        )

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return super().history_view(request, object_id, extra_context)
        versions = list(revisions.versions_of(article))
        by_id = {str(version.pk): version for version in versions}
        older = by_id.get(
            request.GET.get("from"), versions[1] if len(versions) > 1 else None
        )
        newer = by_id.get(request.GET.get("to"), versions[0] if versions else None)
        context = {
            "versions": versions,
            "older": older,
            "newer": newer,
            "diffs": revisions.diff_versions(older, newer) if older and newer else [],
            "status_changes": article.status_changes.select_related("changed_by"),
            "can_restore": permissions.can_restore(request.user, article),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def restore_view(self, request, object_id, version_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        version = get_object_or_404(revisions.versions_of(article), pk=version_id)
        missing = revisions.restore_version(article, version, by=request.user)
        when = localize(localtime(version.revision.date_created))
        if missing:
            self.message_user(
                request,
                gettext(
                    "Restored the revision of %(when)s as a new revision, except what "
                    "has been deleted since: %(missing)s. The story keeps its current "
                    "value for those."
                )
                % {"when": when, "missing": "; ".join(missing)},
                messages.WARNING,
            )
        else:
            self.message_user(
                request,
                gettext("Restored the revision of %(when)s as a new revision.")
                % {"when": when},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(
            reverse("admin:articles_article_history", args=[article.pk])
        )

    def preview_view(self, request, object_id=None):
        """GET: the saved story as readers will see it. POST (the form's Preview
        button): the form as it stands, unsaved, in the story's edition."""
        article = None
        if object_id is not None:
            article = self.get_object(request, unquote(object_id))
            if article is None:
                raise Http404
            if not permissions.can_preview(request.user, article):
                raise PermissionDenied
        elif not (request.user.is_staff and permissions.can_create(request.user)):
            raise PermissionDenied
        if request.method == "POST":
            return self._preview_unsaved(request, article)
        if article is None:
            return HttpResponseNotAllowed(["POST"])
        return self._reader_preview(request, article.pk)

    def _reader_preview(self, request, pk):
        """The reader site's preview page (readers/views/articles.py), found by its
        URL name: the domain does not import the site. It answers GET, so the
        form's POST reaches it as one."""
        match = resolve(reverse("articles:preview", kwargs={"pk": pk}))
        as_get = copy.copy(request)
        as_get.method = "GET"
        return match.func(as_get, *match.args, **match.kwargs)

    def _preview_unsaved(self, request, article):
        """Save the form inside a transaction, render the reader's page, roll back:
        readers, partners, the page cache and the revision history see nothing."""
        change = article is not None
        if change and not permissions.can_edit(request.user, article):
            raise PermissionDenied
        lead_image = article.lead_image.name if change else ""
        ModelForm = self.get_form(request, article, change=change)
        ModelForm = type(ModelForm.__name__, (ModelForm,), {"for_preview": True})
        form = ModelForm(request.POST, request.FILES, instance=article)
        form_valid = form.is_valid()
        story = self.save_form(request, form, change) if form_valid else form.instance
        formsets, _inlines = self._create_formsets(request, story, change=change)
        if not (form_valid and all_valid(formsets)):
            errors = [*form.non_field_errors()]
            errors += [
                f"{form.fields[name].label if name in form.fields else name}: "
                f"{' '.join(messages_)}"
                for name, messages_ in form.errors.items()
                if name != "__all__"
            ]
            for formset in formsets:
                errors += formset.non_form_errors()
                errors += [str(e) for row in formset.errors for e in row.values()]
            return TemplateResponse(
                request,
                "admin/articles/article/preview_invalid.html",
                {
                    **self.admin_site.each_context(request),
                    "title": gettext("Preview"),
                    "errors": errors,
                },
                status=400,
            )
        # A newly chosen lead image is stored only when the story is saved.
        story.lead_image = lead_image
        with transaction.atomic():
            if story.created_by_id is None:
                story.created_by = request.user
            story.save()
            form.save_m2m()
            for formset in formsets:
                formset.instance = story
                formset.save()
            response = self._reader_preview(request, story.pk)
            if hasattr(response, "render"):
                response.render()  # while the unsaved rows still exist
            transaction.set_rollback(True)
        add_never_cache_headers(response)
        return response

    def publish_now_view(self, request, object_id):
        """Publishing a scheduled story now, asked about first."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not permissions.can_publish(request.user, article):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if not article.is_scheduled:
            return HttpResponseRedirect(change_url)  # nothing to ask about
        if request.method == "POST":
            try:
                workflow.publish_article(article, by=request.user)
            except (PermissionDenied, ValidationError) as error:
                text = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, text, messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("Published now. The story is now: %(state)s.")
                    % {"state": self.state_column(article)},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        return TemplateResponse(
            request,
            "admin/articles/article/publish_now.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "title": gettext("Publish now instead of at the scheduled time?"),
            },
        )

    def autosave_view(self, request, object_id=None):
        """Keep the words being typed.

        POST headline, standfirst, body, the version the form was opened at
        (`base_version`) and, for a new story, the form's `key`. Answers JSON:
        200 `{"saved": true, "saved_at": ISO 8601, "message"}` (with
        `"conflict": true` when someone else has saved the story since
        `base_version`), 200 `{"saved": false, "message"}` when there is nothing to
        keep yet, or 4xx `{"error": message}` (400 `errors` per field too). Bodies
        over DATA_UPLOAD_MAX_MEMORY_SIZE are refused with a JSON 413 by
        shafaq.views.bad_request, before this view runs."""
        if request.method != "POST":
            response = JsonResponse(
                {"error": gettext("Autosave takes POST only.")}, status=405
            )
            response["Allow"] = "POST"
            return response
        article = None
        if object_id is not None:
            article = self.get_object(request, unquote(object_id))
            if article is None:
                return JsonResponse({"error": gettext("No such story.")}, status=404)
        if not permissions.can_autosave(request.user, article):
            return JsonResponse(
                {"error": gettext("You may not edit this story.")}, status=403
            )
        form = AutosaveForm(request.POST, new_story=article is None)
        if not form.is_valid():
            return JsonResponse(
                {
                    "error": gettext("Not autosaved: %(problems)s")
                    % {
                        "problems": " ".join(
                            str(message)
                            for messages_ in form.errors.values()
                            for message in messages_
                        )
                    },
                    "errors": form.errors,
                },
                status=400,
            )
        data = form.cleaned_data
        body = Article._meta.get_field("body").sanitize(data["body"])
        if not has_words(data["headline"], data["standfirst"], body):
            return JsonResponse(
                {"saved": False, "message": gettext("Nothing to autosave yet.")}
            )
        autosave, _created = Autosave.objects.update_or_create(
            user=request.user,
            article=article,
            key="" if article is not None else data["key"],
            defaults={
                "headline": data["headline"],
                "standfirst": data["standfirst"],
                "body": body,
                "base_version": data["base_version"],
                "saved_at": timezone.now(),
            },
        )
        time = localtime(autosave.saved_at).strftime("%H:%M:%S")
        answer = {
            "saved": True,
            "saved_at": autosave.saved_at.isoformat(),
            "message": gettext("Autosaved at %(time)s") % {"time": time},
        }
        base = data["base_version"]
        if article is not None and base is not None and base != article.edit_version:
            answer["conflict"] = True
            answer["message"] = gettext(
                "Autosaved at %(time)s, but someone else has saved this story since "
                "you opened it. Saving will show you their version beside yours."
            ) % {"time": time}
        return JsonResponse(answer)

    def discard_autosave_view(self, request, object_id=None):
        """Forget an autosave (POST; for a new story, `key` names the form's)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = None
        if object_id is not None:
            article = self.get_object(request, unquote(object_id))
            if article is None:
                raise Http404
        Autosave.objects.mine(
            request.user, article, autosave_key(request.POST)
        ).delete()
        self.message_user(request, gettext("The autosaved text was discarded."))
        if article is None:
            return HttpResponseRedirect(reverse("admin:articles_article_add"))
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk])
        )

    def body_image_view(self, request):
        """Upload a picture for a story's body (POST image, alt, caption, credit).

        Answers 201 with the picture as the editor stores it, or 400 with the
        fields' errors, in JSON. The image goes through articles/uploads.py.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not permissions.can_upload_picture(request.user):
            return JsonResponse(
                {"error": gettext("You may not upload pictures.")}, status=403
            )
        form = BodyImageForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)
        picture = form.save(commit=False)
        picture.uploaded_by = request.user
        picture.save()
        return JsonResponse(
            {
                "id": picture.pk,
                "src": picture.image.url,
                "alt": picture.alt,
                "caption": picture.caption,
                "credit": picture.credit,
                "width": picture.image_width,
                "height": picture.image_height,
            },
            status=201,
        )

    @admin.action(
        description=_("Submit selected stories for review"), permissions=["change"]
    )
    def submit_selected(self, request, queryset):
        self._run_on_each(request, queryset, workflow.submit_for_review)

    @admin.action(
        description=_("Publish selected stories now"), permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        scheduled = [article for article in queryset if article.is_scheduled]
        for article in scheduled:
            self.message_user(
                request,
                gettext("%(story)s is scheduled; open it to publish it now instead.")
                % {"story": article},
                messages.WARNING,
            )
        self._run_on_each(
            request,
            queryset.exclude(pk__in=[article.pk for article in scheduled]),
            workflow.publish_article,
        )

    @admin.action(description=_("Unpublish selected stories"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._run_on_each(request, queryset, workflow.unpublish_article)

    def _run_on_each(self, request, queryset, transition):
        done = 0
        for article in queryset:
            try:
                transition(article, by=request.user)
            except (PermissionDenied, ValidationError) as error:
                text = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"{article}: {text}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d story done.", "%(count)d stories done.", done)
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.display(description=_("status"), ordering="status")
    def state_column(self, article):
        if article.is_scheduled:
            return gettext("Scheduled for %(when)s") % {
                "when": localize(localtime(article.publish_at))
            }
        return article.get_status_display()

    def render_change_form(self, request, context, *args, **kwargs):
        form = context["adminform"].form
        if getattr(form, "conflict", None) is not None:
            context["conflict"] = form.conflict
            context["conflict_diffs"] = revisions.diff_texts(
                revisions.editable_text(form.conflict),
                revisions.editable_text_from(form.data),
                older_label=gettext("Their version, saved %(when)s")
                % {"when": localize(localtime(form.conflict.modified_at))},
                newer_label=gettext("Your version (not saved)"),
            )
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

    @admin.display(description=_("note from the editor"))
    def note_column(self, article):
        return getattr(article, "send_back_note", None) or ""

    def save_model(self, request, obj, form, change):
        if change:
            previous = form.initial.get("publish_at")
            requested = obj.publish_at
            moving = (
                "publish_at" in form.changed_data
                and previous is not None
                and previous > timezone.now()
                and permissions.is_editor(request.user)
                and obj.status == Article.Status.PUBLISHED
            )
            if moving:
                obj.publish_at = previous  # the workflow records the move below
            workflow.edit_article(
                obj, by=request.user, expected_version=form.cleaned_data["edit_version"]
            )
            if moving:
                workflow.reschedule_article(obj, by=request.user, at=requested)
        else:
            if obj.created_by_id is None:
                obj.created_by = request.user
            super().save_model(request, obj, form, change)
        # The words are safe in the story now; the autosave has done its job. A new
        # story's form forgets only its own (the key it was opened with): the other
        # new stories she is writing in other tabs keep theirs.
        if change:
            Autosave.objects.mine(request.user, obj).delete()
        else:
            Autosave.objects.mine(
                request.user, None, autosave_key(request.POST, "autosave_key")
            ).delete()

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Correction) and instance.pk is None:
                # A new correction goes through the workflow so the story shows as
                # updated and partners hear of it.
                workflow.add_correction(
                    form.instance,
                    by=request.user,
                    kind=instance.kind,
                    text=instance.text,
                )
            else:
                instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


def autosave_key(data, name: str = "key") -> str:
    """The new-story form key in `data` (a QueryDict) under `name`, or "" when absent
    or malformed. The story form carries its own as `autosave_key`."""
    key = data.get(name, "")
    return key if re.fullmatch(AUTOSAVE_KEY_PATTERN, key) else ""


def has_words(headline: str, standfirst: str, body: str) -> bool:
    """Whether a form holds anything worth keeping: text or a picture, not just the
    editor's empty paragraph."""
    return bool(
        headline.strip() or standfirst.strip() or plain_text(body) or "<img" in body
    )


class AutosaveForm(forms.Form):
    headline = forms.CharField(
        label=_("headline"), max_length=200, required=False, strip=False
    )
    standfirst = forms.CharField(
        label=_("standfirst"), max_length=5000, required=False, strip=False
    )
    body = forms.CharField(
        label=_("body"), max_length=500_000, required=False, strip=False
    )
    # A PositiveIntegerField's range on every database: a forged larger number is a
    # 400, not an overflow in the database driver (a 500).
    base_version = forms.IntegerField(
        min_value=1, max_value=2_147_483_647, required=False
    )
    key = forms.RegexField(
        regex=AUTOSAVE_KEY_PATTERN,
        required=False,
        error_messages={"invalid": _("This form has no valid autosave key.")},
    )

    def __init__(self, *args, new_story: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if new_story:
            self.fields["key"].required = True
            self.fields["key"].error_messages["required"] = _(
                "This form has no autosave key; reload the page (copy your text first)."
            )


class BodyImageForm(forms.ModelForm):
    class Meta:
        model = BodyImage
        fields = ["image", "alt", "caption", "credit"]
        field_classes = {"image": LeadImageField}  # checked, EXIF stripped


@admin.register(BodyImage)
class BodyImageAdmin(admin.ModelAdmin):
    """Pictures placed inside stories; uploaded from the story's editor."""

    list_display = ["caption", "credit", "uploaded_by", "created_at"]
    search_fields = ["caption", "alt", "credit"]
    list_select_related = ["uploaded_by"]
    date_hierarchy = "created_at"
    form = BodyImageForm


class StoryPartIndexAdmin(admin.ModelAdmin):
    """A read-only index of rows that belong to a story (corrections, quotes): they
    are written on the story's page, where its permissions apply, and listed only
    for the stories this user may see."""

    def get_queryset(self, request):
        stories = permissions.visible_articles(request.user, Article.objects.all())
        return super().get_queryset(request).filter(article__in=stories)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Correction)
class CorrectionAdmin(StoryPartIndexAdmin):
    """Corrections are added on the story's page (so it shows as updated and partners
    hear of it) and never rewritten afterwards."""

    list_display = ["article", "kind", "created_at", "created_by"]
    list_filter = ["kind"]
    search_fields = ["text", "article__headline"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["article"]
    list_select_related = ["article", "created_by"]


@admin.register(LiveUpdate)
class LiveUpdateAdmin(admin.ModelAdmin):
    """Edit or correct an update; new ones are posted from their story's page."""

    list_display = [
        "__str__",
        "article",
        "posted_at",
        "author",
        "is_key_event",
        "is_pinned",
        "corrected_at",
    ]
    list_filter = [
        "is_key_event",
        "is_pinned",
        ("corrected_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["title", "body_text", "article__headline"]
    date_hierarchy = "posted_at"
    list_select_related = ["article", "author"]
    autocomplete_fields = ["author"]
    fields = [
        "article_link",
        "posted_at",
        "title",
        "body",
        "author",
        "is_key_event",
        "is_pinned",
        "correction_note",
        "corrected_at",
        "created_by",
    ]
    readonly_fields = ["article_link", "is_pinned", "corrected_at", "created_by"]
    actions = ["pin_selected", "unpin_selected"]

    def get_queryset(self, request):
        stories = permissions.visible_articles(request.user, Article.objects.all())
        return super().get_queryset(request).filter(article__in=stories)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return permissions.can_edit_update(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return permissions.can_delete_update(request.user, obj)

    def has_pin_permission(self, request):
        return permissions.is_editor(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, so partners hear of it
        return actions

    @admin.display(description=_("story"))
    def article_link(self, update):
        url = reverse("admin:articles_article_change", args=[update.article_id])
        return format_html('<a href="{}">{}</a>', url, update.article)

    def save_model(self, request, obj, form, change):
        # Any change to what readers read is marked "corrected"; a flag is not.
        if {"title", "body", "posted_at"} & set(form.changed_data):
            workflow.correct_live_update(
                obj, by=request.user, note=form.cleaned_data.get("correction_note", "")
            )
        else:
            obj.save()
            obj.article.announce_live_update()

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.action(description=_("Pin the selected update"), permissions=["pin"])
    def pin_selected(self, request, queryset):
        updates = list(queryset[:2])
        if len(updates) != 1:
            self.message_user(
                request, gettext("Pin exactly one update."), messages.ERROR
            )
            return
        workflow.pin_live_update(updates[0], by=request.user)

    @admin.action(description=_("Unpin the selected updates"), permissions=["pin"])
    def unpin_selected(self, request, queryset):
        for update in queryset.filter(is_pinned=True):
            workflow.pin_live_update(update, by=request.user, pinned=False)


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


@admin.register(Withdrawal)
class WithdrawalAdmin(admin.ModelAdmin):
    """Withdrawal notices are made by Unpublish; editors may reword the public reason."""

    list_display = ["headline", "language", "first_published_at", "withdrawn_at"]
    list_filter = ["language"]
    search_fields = ["headline", "reason"]
    date_hierarchy = "withdrawn_at"
    fields = ["headline", "language", "first_published_at", "withdrawn_at", "reason"]
    readonly_fields = ["headline", "language", "first_published_at", "withdrawn_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return permissions.is_editor(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # the public record is never rewritten away
