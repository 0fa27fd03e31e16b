from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partners.models import APIKey


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

    @admin.display(boolean=True, description=_("active"))
    def is_active(self, key):
        return key.is_active

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
