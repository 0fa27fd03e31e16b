"""The editors' admin as a newsroom desk: its name, and its home page as a dashboard."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles import services


class DeskSite(admin.AdminSite):
    site_header = _("Shafaq Coverage desk")
    site_title = _("Shafaq Coverage desk")
    index_title = _("Desk")

    def index(self, request, extra_context=None):
        """The desk: the signed-in person's queues, then the admin's sections."""
        context = {
            "desk": services.desk_for(request.user),
            "author_profile": services.author_for(request.user),
            **(extra_context or {}),
        }
        return super().index(request, context)
