"""Who may do what with a story: the one place that decides.

The newsroom has three roles, created as groups by migration 0004_roles:

- Reporter: creates stories, edits their own drafts, submits them for review.
  Cannot publish, schedule or unpublish, and cannot edit someone else's story or
  one that has left the draft stage.
- Editor: edits any story, sends it back with a note, publishes, schedules,
  unpublishes, adds corrections; manages sources, events, places and topics.
- Administrator: everything, including accounts and API keys.

Live coverage: editors start and end it, post, correct and pin updates; a reporter
posts updates to the live stories they are bylined on, and corrects their own.

The groups hold model permissions (the coarse layer); the functions below add the
rules about one story. The admin (querysets, object permissions, read-only fields,
actions and buttons) and the write API both call these functions and nothing else,
e.g. in a DRF permission class::

    from articles import permissions
    permissions.can_edit(request.user, article)     # PATCH/PUT
    permissions.can_publish(request.user, article)  # publish / schedule

Transitions themselves go through articles/workflow.py, which checks these rules,
and stale writes are refused by Article.save_edit(expected_version=...).
"""

from django.db.models import Q

from articles.models import Article, Byline, LiveUpdate

Status = Article.Status


def is_editor(user) -> bool:
    """Editors and administrators: the people who may publish."""
    return user.is_active and user.has_perm("articles.publish_article")


def is_own(user, article: Article) -> bool:
    """The user started the story or is on its byline."""
    if not user.is_authenticated:
        return False
    if article.created_by_id == user.pk:
        return True
    return article.pk is not None and article.bylines.filter(author__user=user).exists()


def visible_articles(user, articles):
    """The stories `user` may open in the admin: all for editors, their own for reporters."""
    if user.has_perm("articles.edit_any_article"):
        return articles
    if not user.has_perm("articles.view_article"):
        return articles.none()
    bylined = Byline.objects.filter(author__user=user).values("article")
    return articles.filter(Q(created_by=user) | Q(pk__in=bylined))


def can_create(user) -> bool:
    return user.is_active and user.has_perm("articles.add_article")


def can_view(user, article: Article) -> bool:
    if user.has_perm("articles.edit_any_article"):
        return True
    return user.has_perm("articles.view_article") and is_own(user, article)


def can_edit(user, article: Article) -> bool:
    """Change the text, tags, image, quotes or byline."""
    if not user.is_active:
        return False
    if user.has_perm("articles.edit_any_article"):
        return True
    return (
        user.has_perm("articles.change_article")
        and article.status == Status.DRAFT
        and is_own(user, article)
    )


def can_submit(user, article: Article) -> bool:
    return article.status == Status.DRAFT and can_edit(user, article)


def can_send_back(user, article: Article) -> bool:
    return article.status == Status.IN_REVIEW and is_editor(user)


def can_publish(user, article: Article) -> bool:
    """Publish now or schedule: a story not yet live, or a scheduled one."""
    return is_editor(user) and not article.is_published


def can_unpublish(user, article: Article) -> bool:
    return article.status == Status.PUBLISHED and is_editor(user)


def can_correct(user, article: Article) -> bool:
    """Add a correction, update or clarification to a story readers have seen."""
    return (
        is_editor(user)
        and user.has_perm("articles.add_correction")
        and article.first_published_at is not None
    )


def can_delete(user, article: Article) -> bool:
    """Editors may delete any story; reporters only their own never-published drafts."""
    if not user.is_active or not user.has_perm("articles.delete_article"):
        return False
    if is_editor(user):
        return True
    return (
        article.status == Status.DRAFT
        and article.first_published_at is None
        and is_own(user, article)
    )


def can_preview(user, article: Article) -> bool:
    return user.is_active and user.is_staff and can_view(user, article)


def can_restore(user, article: Article) -> bool:
    """Restore an earlier revision: the same as editing the story now."""
    return can_edit(user, article)


def can_schedule(user, article: Article) -> bool:
    """Set a future time for a story not yet scheduled (a scheduled one is moved)."""
    return can_publish(user, article) and not article.is_scheduled


def can_reschedule(user, article: Article) -> bool:
    """Move a scheduled story's time without taking it off the schedule."""
    return is_editor(user) and article.is_scheduled


def is_bylined(user, article: Article) -> bool:
    """The user is on the story's byline (through their author profile)."""
    return (
        user.is_authenticated
        and article.pk is not None
        and article.bylines.filter(author__user=user).exists()
    )


def can_run_coverage(user, article: Article) -> bool:
    """Start or end a story's live coverage and edit its key points."""
    return is_editor(user) and user.has_perm("articles.change_livecoverage")


def can_post_update(user, article: Article) -> bool:
    """Post an update: editors, and reporters bylined on the story, while it is live."""
    coverage = article.live
    if coverage is None or not coverage.is_live or not user.is_active:
        return False
    if not user.has_perm("articles.add_liveupdate"):
        return False
    return is_editor(user) or is_bylined(user, article)


def can_edit_update(user, update: LiveUpdate) -> bool:
    """Edit or correct an update: editors any, a reporter their own while they may post."""
    if not user.is_active or not user.has_perm("articles.change_liveupdate"):
        return False
    if is_editor(user):
        return True
    return update.created_by_id == user.pk and can_post_update(user, update.article)


def can_pin_update(user, update: LiveUpdate) -> bool:
    """Choose the story's pinned update: the desk's call."""
    return is_editor(user) and user.has_perm("articles.change_liveupdate")


def can_delete_update(user, update: LiveUpdate) -> bool:
    """Remove an update outright (a correction is usually better): editors only."""
    return is_editor(user) and user.has_perm("articles.delete_liveupdate")


def locked_fields(user, article: Article | None = None) -> set[str]:
    """Article fields `user` may not set in a form: the status moves only through
    the workflow, and only editors choose the publication time, while the story is
    not yet public or still scheduled (moving a scheduled time is recorded by the
    workflow; a live story's time is history, so it is unpublished first)."""
    if not is_editor(user):
        return {"status", "publish_at"}
    if article is not None and article.is_published:
        return {"status", "publish_at"}
    return {"status"}


def can_autosave(user, article: Article | None) -> bool:
    """Keep the words being typed: into a new story, or one the user may edit."""
    if article is None or article.pk is None:
        return can_create(user)
    return can_edit(user, article)


def can_upload_picture(user) -> bool:
    """Upload a picture for a story's body (alt text, caption and credit required)."""
    return user.is_active and user.has_perm("articles.add_bodyimage")


def can_attach_events(user, article: Article | None) -> bool:
    """Say which existing events a story covers (creating events stays with editors)."""
    allowed = article is None or can_edit(user, article)
    return allowed and user.is_active and user.has_perm("events.view_event")


def can_propose_figures(user, article: Article | None) -> bool:
    """Add figures, with who gives them and how sure they are, to a story one edits."""
    allowed = article is None or can_edit(user, article)
    return allowed and user.is_active and user.has_perm("events.add_figure")


def can_manage_figures(user) -> bool:
    """Write any figure, outside a story's page (the figures index, events)."""
    return is_editor(user) and user.has_perm("events.change_figure")


# Author profiles: every staff account has one, and its owner keeps it up to date.


def can_edit_author(user, author) -> bool:
    """Editors edit any profile; everyone else only their own."""
    if not user.is_active or not user.has_perm("articles.change_author"):
        return False
    return is_editor(user) or (author.user_id is not None and author.user_id == user.pk)


def author_locked_fields(user) -> set[str]:
    """Profile fields only editors set: whose account it is and its address."""
    return set() if is_editor(user) else {"user", "slug"}


# Sources: reporters add the people they interviewed; editors review them.


def can_add_source(user) -> bool:
    return user.is_active and user.has_perm("sources.add_source")


def can_edit_source(user, source) -> bool:
    """Editors edit any source; a reporter only one she added, until it is reviewed."""
    if not user.is_active or not user.has_perm("sources.change_source"):
        return False
    if is_editor(user):
        return True
    return source.added_by_id == user.pk and source.reviewed_at is None


def can_review_source(user) -> bool:
    return is_editor(user) and user.has_perm("sources.change_source")
