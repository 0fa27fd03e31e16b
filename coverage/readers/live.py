"""A live story for readers: what its page shows, and what its polled endpoint says.

The page carries a version token (LiveCoverage.version_token: the last time the
coverage or an update changed); static/js/live.js polls
`stories/<slug>/updates.json?since=<token>` and gets back the updates changed since,
rendered with the page's own template, the new token and a translated announcement.
"""

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, ngettext

from articles.compiled import CompiledRead
from articles.models import Article, LiveCoverage, LiveUpdate
from readers.filters import check_year

FIRST_POLL_UPDATES = 20  # a poll without `since` gets the newest ones

# A live story's updates, newest first, each with its author (articles.compiled).
PAGE_UPDATES = CompiledRead(
    lambda story: (
        LiveUpdate.objects.filter(article=story).newest_first().select_related("author")
    ),
    story=int,
)


def page_context(article: Article, request) -> dict:
    """A live story's coverage and updates, newest first (one query more)."""
    updates = PAGE_UPDATES(story=article.pk)
    coverage = article.live
    changed = max([coverage.modified_at, *(u.modified_at for u in updates)])
    return {
        "live": coverage,
        "live_updates": updates,
        "pinned_update": next((u for u in updates if u.is_pinned), None),
        "key_events": [u for u in updates if u.is_key_event],
        "live_since": LiveCoverage.version_token(changed),
        "share_base": request.build_absolute_uri(article.get_absolute_url()),
    }


def parse_since(raw: str):
    """An aware datetime from `?since=` (ISO 8601, a "+" may arrive as a space), or
    None when it is not one or lies outside the years a filter accepts (year 1 or
    9999 with an offset overflows when moved to UTC for the query)."""
    try:
        when = parse_datetime(raw.replace(" ", "+"))
    except ValueError:
        return None
    if when is None or when.tzinfo is None:
        return None
    try:
        check_year(when)
    except ValidationError:
        return None
    return when


def poll_payload(article: Article, since, request) -> dict:
    """What changed since `since` (None: the newest updates), as the script reads it:
    {"status", "since" (the new token), "new", "changed", "announcement",
    "updates": [{"id", "posted" (Unix seconds), "pinned", "html"}]}."""
    coverage = article.live
    updates = article.live_updates.newest_first().select_related("author")
    changed = list(
        updates.changed_since(since) if since else updates[:FIRST_POLL_UPDATES]
    )
    new = sum(1 for u in changed if since is None or u.created_at > since)
    if new:
        announcement = ngettext(
            "%(count)d new update", "%(count)d new updates", new
        ) % {"count": new}
    else:
        announcement = gettext("Updates were corrected") if changed else ""
    share_base = request.build_absolute_uri(article.get_absolute_url())
    return {
        "status": coverage.status,
        "since": LiveCoverage.version_token(coverage.last_change()),
        "new": new,
        "changed": len(changed),
        "announcement": announcement,
        "updates": [
            {
                "id": u.anchor,
                "posted": int(u.posted_at.timestamp()),
                "pinned": u.is_pinned,
                "html": render_to_string(
                    "articles/live_update.html",
                    {"update": u, "share_base": share_base},
                    request=request,
                ),
            }
            for u in changed
        ],
    }
