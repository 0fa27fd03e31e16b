"""Last-Modified of the documents that list stories (feeds, sitemaps) that also moves
when a story leaves them or changes without a new date.

Django's feeds and sitemaps send Last-Modified as the newest date among the items
they list. When a story is withdrawn, deleted or edited, that date stays the same (or
goes back), so a feed reader, a CDN or a search engine revalidating with only
If-Modified-Since got 304 Not Modified and kept the withdrawn story. The site's own
record of what changed for readers and partners is ArticleChange (published,
updated, corrected, unpublished, deleted, live update; the API's /changes/ feed):
its newest entry that has happened is the least such a document's Last-Modified
may say. One indexed aggregate per uncached answer; the page cache keeps the header.
"""

import functools

from django.db.models import Max
from django.utils import timezone, translation
from django.utils.http import http_date, parse_http_date_safe

from articles.models import ArticleChange


def last_public_change(language: str | None = None):
    """When a story last appeared, changed or went for readers (in `language`, or in
    any edition when None): an aware datetime, or None before any change."""
    changes = ArticleChange.objects.filter(changed_at__lte=timezone.now())
    if language is not None:
        changes = changes.filter(language=language)
    return changes.aggregate(latest=Max("changed_at"))["latest"]


def counts_removals(view=None, *, per_edition: bool = True):
    """Decorate a view (a feed, a sitemap) whose Last-Modified is its newest item's
    date: raise the header to `last_public_change()` of the active edition (or of
    every edition when `per_edition` is False) when that is later."""
    if view is None:
        return functools.partial(counts_removals, per_edition=per_edition)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or not response.has_header("Last-Modified"):
            return response
        language = translation.get_language() if per_edition else None
        changed = last_public_change(language)
        stated = parse_http_date_safe(response["Last-Modified"])
        if changed is not None and (stated is None or changed.timestamp() > stated):
            response["Last-Modified"] = http_date(changed.timestamp())
        return response

    return wrapper
