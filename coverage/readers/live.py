"""A live story for readers: what its page shows, and what its polled endpoint says.

The page carries a version token (LiveCoverage.version_token: the last time the
coverage or an update changed); static/js/live.js polls
`stories/<slug>/updates.json?since=<token>` and gets back the updates changed since,
rendered with the page's own template, the new token and a translated announcement.

The page is bounded as live blogs are: it shows the newest PAGE_UPDATES updates (the
first page of the list every page of updates comes from), the pinned update and the
newest KEY_EVENTS key events wherever they are, and a plain link to the earlier
updates (stories/<slug>/updates/?page=2, readers.pagination's page rule). An update's
permalink (stories/<slug>/updates/<id>/) sends the reader to the page showing it.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, ngettext

from articles.compiled import CompiledRead
from articles.models import Article, LiveCoverage, LiveUpdate
from readers.filters import check_year

# Updates per page: the story page shows the newest PAGE_UPDATES, each page of
# earlier updates as many. Twenty is an hour or two of a busy live story (what a
# reader arriving needs first), as many as the first poll and the page's script
# deliver, and keeps the page near the weight of an ordinary story (~30 KB of HTML).
PAGE_UPDATES = 20
FIRST_POLL_UPDATES = PAGE_UPDATES  # a poll without `since` gets the newest ones
POLL_UPDATES = PAGE_UPDATES  # a poll with `since` gets at most as many
KEY_EVENTS = 20  # the newest key events listed at the top of the page


def story_or_404(slug) -> Article:
    """The published live story at this address in this edition (its page of
    earlier updates, its updates' JSON and feeds), or Http404."""
    article = get_object_or_404(
        Article.objects.published().in_edition().select_related("live_coverage"),
        slug=slug,
    )
    if article.live is None:
        raise Http404
    return article


def _page_updates(story):
    """A live story's updates its page needs, newest first, each with its author:
    the newest PAGE_UPDATES + 1 (the extra one says whether there are earlier ones,
    without counting them), its pinned update and its newest KEY_EVENTS key events
    (wherever they are), in one query of at most 2 * KEY_EVENTS + 2 rows."""
    updates = LiveUpdate.objects.filter(article=story).newest_first()
    newest = updates[: PAGE_UPDATES + 1].values("pk")
    key_events = updates.filter(is_key_event=True)[:KEY_EVENTS].values("pk")
    return (
        LiveUpdate.objects.filter(article=story)
        .filter(Q(pk__in=newest) | Q(is_pinned=True) | Q(pk__in=key_events))
        .newest_first()
        .select_related("author")
    )


PAGE_READ = CompiledRead(_page_updates, story=int)


def page_context(article: Article, request) -> dict:
    """A live story's coverage and what its page shows (one query more):
    "live_updates" (the newest PAGE_UPDATES, newest first), "pinned_update",
    "key_events" (the newest KEY_EVENTS, each with its "href": an anchor on this
    page or its permalink), "earlier_updates_url" ("" when there are none),
    "shown_updates" (every update on the page, newest first, for JSON-LD) and
    "live_since" (the version token of what the page shows)."""
    read = PAGE_READ(story=article.pk)
    # The newest PAGE_UPDATES + 1 lead (every other row read is older), and there
    # are more than PAGE_UPDATES rows exactly when the story has earlier updates.
    updates, more = read[:PAGE_UPDATES], len(read) > PAGE_UPDATES
    pinned = next((u for u in read if u.is_pinned), None)
    shown = {u.pk: u for u in updates}
    if pinned is not None:
        shown.setdefault(pinned.pk, pinned)
    key_events = [u for u in read if u.is_key_event][:KEY_EVENTS]
    for update in key_events:
        update.href = (
            f"#{update.anchor}"
            if update.pk in shown
            else update_permalink(article, update.pk)
        )
    coverage = article.live
    # The token dates the newest change the page could show: a change to an update
    # it does not show (an earlier one) reaches the script at its next poll too.
    changed = max([coverage.modified_at, *(u.modified_at for u in shown.values())])
    return {
        "live": coverage,
        "live_updates": updates,
        "pinned_update": pinned,
        "key_events": key_events,
        "shown_updates": sorted(
            shown.values(), key=lambda u: (u.posted_at, u.pk), reverse=True
        ),
        "earlier_updates_url": earlier_url(article, 2) if more else "",
        "live_since": LiveCoverage.version_token(changed),
        "share_base": request.build_absolute_uri(article.get_absolute_url()),
    }


def earlier_url(article: Article, page: int) -> str:
    """The address of page `page` of a live story's updates (page 1 is the story)."""
    if page <= 1:
        return article.get_absolute_url()
    path = reverse("articles:live_updates_page", kwargs={"slug": article.slug})
    return f"{path}?page={page}"


def update_permalink(article: Article, pk: int) -> str:
    """The address that always finds update `pk` of `article` in this edition
    (LiveUpdate.get_absolute_url): it redirects to the page showing it."""
    return reverse("articles:live_update", kwargs={"slug": article.slug, "pk": pk})


def permalinks(article: Article):
    """update_permalink() for many updates of `article`: a function pk -> path,
    reversed once (a feed links fifty updates)."""
    marker = str(_PK_MARK)
    head, tail = update_permalink(article, _PK_MARK).rsplit(marker, 1)
    return lambda pk: f"{head}{int(pk)}{tail}"


_PK_MARK = 7_340_000_000_001  # a key no update has, to cut the path at


def page_of(article: Article, update: LiveUpdate) -> int:
    """The page (1: the story page) that shows `update` now: one count of the
    story's updates newer than it, an index range of that story alone."""
    newer = article.live_updates.filter(
        Q(posted_at__gt=update.posted_at)
        | Q(posted_at=update.posted_at, pk__gt=update.pk)
    ).count()
    return newer // PAGE_UPDATES + 1


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
    {"status", "since" (the new token), "new", "changed", "complete", "announcement",
    "updates": [{"id", "posted" (Unix seconds), "pinned", "html"}]}.

    At most POLL_UPDATES updates, the newest posted first, whatever `since` says
    (an old token would list the whole story): "complete" is false when more
    changed, and the script then reloads the page rather than leave a gap."""
    coverage = article.live
    updates = article.live_updates.newest_first().select_related("author")
    if since:
        changed = list(updates.changed_since(since)[: POLL_UPDATES + 1])
        complete = len(changed) <= POLL_UPDATES
        changed = changed[:POLL_UPDATES]
    else:
        changed, complete = list(updates[:FIRST_POLL_UPDATES]), True
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
        "complete": complete,
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
