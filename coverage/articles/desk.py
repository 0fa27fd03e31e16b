"""The editors' admin as a newsroom desk: its name, and its home page as a dashboard."""

import logging
from functools import wraps

from django.contrib import admin
from django.db import DataError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from articles import services

logger = logging.getLogger(__name__)

# What a list's query string can make the database layer raise for a value it cannot
# hold: an id past 64 bits (OverflowError on SQLite, DataError on PostgreSQL) or a
# year outside 1..9999 in a date filter (ValueError while building the bounds).
UNFILTERABLE = (OverflowError, DataError, ValueError)


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

    def admin_view(self, view, cacheable=False):
        """Every admin view, plus: a list filtered by a value out of any column's
        range answers 400 with a page that says so and links the unfiltered list.

        Django's changelist turns unknown lookups into its own error page, but a
        well-formed lookup with an impossible value (`?pk__in=99999999999999999999`,
        `?created_at__year=99999`) fails only when the query runs, as a 500, on every
        list of every app (ours and third-party ones alike); hence here, once.
        """
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request, *args, **kwargs):
            try:
                return inner(request, *args, **kwargs)
            except UNFILTERABLE:
                match = request.resolver_match
                if not (
                    request.method in ("GET", "HEAD")
                    and request.GET
                    and match
                    and match.url_name
                    and match.url_name.endswith("_changelist")
                ):
                    raise
                logger.warning(
                    "Refused a list filter out of range: %s", request.get_full_path()
                )
                return TemplateResponse(
                    request,
                    "admin/unfilterable.html",
                    {
                        **self.each_context(request),
                        "title": _("This list cannot be filtered that way"),
                        "unfiltered_url": request.path,
                    },
                    status=400,
                )

        return guarded
