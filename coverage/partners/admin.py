from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from partners import webhooks
from partners.models import (
    APIKey,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)


class WebhookSubscriptionForm(forms.ModelForm):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Where the events are POSTed (https:// recommended)."),
    )
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=WebhookSubscription.Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The events this partner is told of."),
    )

    class Meta:
        model = WebhookSubscription
        fields = ["url", "events", "include_item", "allow_private_network", "owner"]


class WebhookSubscriptionInline(admin.StackedInline):
    model = WebhookSubscription
    form = WebhookSubscriptionForm
    extra = 0
    autocomplete_fields = ["owner"]
    fields = ["url", "events", "include_item", "allow_private_network", "owner"]
    show_change_link = True


@admin.register(APIKey)
class APIKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "is_active", "created_at", "last_used_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    autocomplete_fields = ["user"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    actions = ["revoke_keys"]
    inlines = [WebhookSubscriptionInline]

    @admin.display(boolean=True, description=_("active"))
    def is_active(self, key):
        return key.is_active

    def get_inline_instances(self, request, obj=None):
        # Webhooks are subscribed once the key exists (and its full key was shown).
        return super().get_inline_instances(request, obj) if obj is not None else []

    def save_model(self, request, obj, form, change):
        if not change:
            full_key = obj.generate()
            messages.warning(
                request,
                _(
                    "The new key is %(key)s — copy it now; it is stored hashed and "
                    "will not be shown again."
                )
                % {"key": full_key},
            )
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for subscription_form in formset.forms:
            subscription = subscription_form.instance
            if subscription.pk is None and subscription.owner_id is None:
                subscription.owner = request.user  # told if it is ever paused
        super().save_formset(request, form, formset, change)

    @admin.action(description=_("Revoke the selected keys"))
    def revoke_keys(self, request, queryset):
        revoked = 0
        for key in queryset.active():
            key.revoke()
            revoked += 1
        messages.success(
            request,
            ngettext("%(n)d key revoked.", "%(n)d keys revoked.", revoked)
            % {"n": revoked},
        )


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = WebhookSubscriptionForm
    list_display = ["url", "api_key", "event_list", "is_paused", "failing_since"]
    list_filter = [("paused_at", admin.EmptyFieldListFilter)]
    search_fields = ["url", "api_key__name"]
    list_select_related = ["api_key"]
    autocomplete_fields = ["api_key", "owner"]
    fields = [
        "api_key",
        "url",
        "events",
        "include_item",
        "allow_private_network",
        "owner",
        "secret",
        "failing_since",
        "paused_at",
        "pause_reason",
        "created_at",
    ]
    readonly_fields = [
        "secret",
        "failing_since",
        "paused_at",
        "pause_reason",
        "created_at",
    ]
    actions = ["resume_selected", "rotate_secrets"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["fields"] = [
            f for f in self.get_fields(request, obj) if f not in self.readonly_fields
        ]
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if obj.owner_id is None:
            obj.owner = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("events"))
    def event_list(self, subscription):
        labels = dict(WebhookSubscription.Event.choices)
        return ", ".join(str(labels.get(e, e)) for e in subscription.events)

    @admin.display(boolean=True, description=_("paused"))
    def is_paused(self, subscription):
        return subscription.is_paused

    @admin.action(description=_("Resume the selected subscriptions"))
    def resume_selected(self, request, queryset):
        for subscription in queryset:
            subscription.resume()
        messages.success(request, gettext("Resumed."))

    @admin.action(description=_("Give the selected subscriptions a new secret"))
    def rotate_secrets(self, request, queryset):
        for subscription in queryset:
            subscription.rotate_secret()
        messages.warning(
            request, gettext("New secrets issued: give each partner theirs.")
        )


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    fields = ["number", "attempted_at", "status_code", "response_ms", "error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log; *Redeliver* sends the chosen ones again now."""

    list_display = [
        "event",
        "article_uuid",
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        "last_response_ms",
        "created_at",
        "next_attempt_at",
    ]
    list_filter = ["status", "event"]
    search_fields = ["article_uuid", "subscription__url", "subscription__api_key__name"]
    date_hierarchy = "created_at"
    list_select_related = ["subscription__api_key"]
    readonly_fields = [
        "uuid",
        "subscription",
        "event",
        "article_uuid",
        "occurred_at",
        "status",
        "attempts",
        "retry_until",
        "next_attempt_at",
        "last_status_code",
        "last_response_ms",
        "last_error",
        "created_at",
        "delivered_at",
        "body",
    ]
    fields = readonly_fields
    inlines = [WebhookAttemptInline]
    actions = ["redeliver_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Redeliver the selected deliveries now"))
    def redeliver_selected(self, request, queryset):
        count = 0
        for delivery in queryset.select_related("subscription"):
            webhooks.redeliver(delivery)
            count += 1
        messages.success(
            request,
            ngettext(
                "%(count)d delivery queued.", "%(count)d deliveries queued.", count
            )
            % {"count": count},
        )
