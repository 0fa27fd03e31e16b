"""The editorial workflow: draft → in review → published (or scheduled) → unpublished.

Each function checks who may act (articles/permissions.py), that the story is ready,
and then calls the model method that validates the transition and records it as a
StatusChange (who, when, note). The admin calls them all (deleting included); the
write API (partners/api/articles.py) edits drafts through edit_article and moves no
story through the workflow. The rules are the same everywhere:

- PermissionDenied: this user may not do this to this story (API: 403).
- ValidationError: the transition is not allowed from the story's status, or the
  story is incomplete; the messages say what is missing (API: 400).
- EditConflict (from edit_article): someone saved since the client loaded the
  story (API: 409 or 412).
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from articles import permissions
from articles.models import Article, Correction, LiveCoverage, LiveUpdate
from articles.text import plain_text


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def submit_for_review(article: Article, *, by) -> None:
    _require(
        permissions.can_submit(by, article),
        _("You may submit only your own drafts for review."),
    )
    article.submit_for_review(by=by)


def send_back(article: Article, *, by, note: str) -> None:
    _require(
        permissions.can_send_back(by, article),
        _("Only an editor may send a story in review back to its reporter."),
    )
    article.send_back(by=by, note=note)


def publish_article(article: Article, *, by) -> None:
    """Publish now (a scheduled story, too)."""
    _check_publishable(article, by)
    article.publish(by=by, at=timezone.now())


def schedule_article(article: Article, *, by, at: datetime.datetime | None) -> None:
    """Publish at `at`, a future time: the story goes public then, with no job to run."""
    _check_publishable(article, by)
    if at is None or at <= timezone.now():
        raise ValidationError(
            _("Set “publish at” to a future time to schedule the story."),
            code="schedule_in_past",
        )
    article.publish(by=by, at=at)


def _check_publishable(article: Article, by) -> None:
    _require(
        permissions.can_publish(by, article),
        _("Only an editor may publish or schedule a story."),
    )
    missing = article.missing_for_publication()
    if missing:
        raise ValidationError(
            _("The story cannot be published yet. It needs %(missing)s.")
            % {"missing": get_text_list(missing, _("and"))},
            code="incomplete",
        )


def unpublish_article(
    article: Article, *, by, note: str = "", public_reason: str = ""
) -> None:
    """Withdraw a story; `public_reason` appears in its public withdrawal notice."""
    _require(
        permissions.can_unpublish(by, article),
        _("Only an editor may unpublish a story."),
    )
    article.unpublish(by=by, note=note, public_reason=public_reason)


def add_correction(article: Article, *, by, kind: str, text: str) -> Correction:
    _require(
        permissions.can_correct(by, article),
        _("Only an editor may add a correction to a published story."),
    )
    if not text.strip():
        raise ValidationError(_("Write the correction for readers."), code="required")
    return article.add_correction(kind=kind, text=text.strip(), by=by)


def edit_article(article: Article, *, by, expected_version: int) -> None:
    """Save changes made to `article` in memory; refuses a stale `expected_version`."""
    _require(permissions.can_edit(by, article), _("You may not edit this story."))
    article.save_edit(expected_version=expected_version, by=by)


def delete_article(article: Article, *, by) -> None:
    _require(permissions.can_delete(by, article), _("You may not delete this story."))
    article.delete()


def reschedule_article(article: Article, *, by, at: datetime.datetime | None) -> None:
    """Move a scheduled story to another future time without unpublishing it."""
    _require(
        permissions.can_reschedule(by, article),
        _("Only an editor may move the time of a scheduled story."),
    )
    article.reschedule(at=at, by=by)


def start_live_coverage(article: Article, *, by, key_points: str = "") -> LiveCoverage:
    _require(
        permissions.can_run_coverage(by, article),
        _("Only an editor may start live coverage."),
    )
    return article.start_live_coverage(key_points=key_points)


def end_live_coverage(article: Article, *, by) -> None:
    _require(
        permissions.can_run_coverage(by, article),
        _("Only an editor may end live coverage."),
    )
    if article.live is None:
        raise ValidationError(_("This story has no live coverage."), code="not_live")
    article.live.end()


def post_live_update(
    article: Article,
    *,
    by,
    body: str,
    title: str = "",
    is_key_event: bool = False,
    is_pinned: bool = False,
) -> LiveUpdate:
    """Post an update to a live story; pinning it needs an editor."""
    _require(
        permissions.can_post_update(by, article),
        _("You may post updates only to live stories you are bylined on."),
    )
    if is_pinned:
        _require(permissions.is_editor(by), _("Only an editor may pin an update."))
    return article.post_live_update(
        body=body, title=title, is_key_event=is_key_event, is_pinned=is_pinned, by=by
    )


def correct_live_update(update: LiveUpdate, *, by, note: str = "") -> None:
    """Save changes made to `update` in memory, marked as corrected for readers."""
    _require(
        permissions.can_edit_update(by, update), _("You may not edit this update.")
    )
    if not plain_text(update.body):
        raise ValidationError(_("Write the update for readers."), code="required")
    update.save_correction(note=note)


def pin_live_update(update: LiveUpdate, *, by, pinned: bool = True) -> None:
    _require(
        permissions.can_pin_update(by, update), _("Only an editor may pin an update.")
    )
    if pinned:
        update.pin()
    else:
        update.unpin()


# Fields a new translation starts with: the text to translate and what does not
# change between editions (tags, places, byline, picture). Its slug, status, times
# and history are its own.
TRANSLATION_COPIES = [
    "headline",
    "standfirst",
    "body",
    "section",
    "dateline",
    "lead_image",
    "lead_image_width",
    "lead_image_height",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
]


def start_translation(article: Article, *, by, language: str) -> tuple[Article, bool]:
    """A draft in `language` linked to the story's original (translation_of),
    pre-filled from `article` (text, section, topics, places, dateline, byline and
    lead image) for the translator to rewrite; returns (translation, created).

    An edition has at most one translation of a story: when one exists (in any
    status) it is returned with created=False. Raises PermissionDenied for a user who
    may not create stories, ValidationError for an unknown language or the story's
    own.
    """
    _require(permissions.can_create(by), _("You may not create stories."))
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown edition."), code="unknown_edition")
    original = article.translation_of or article
    if language == original.language:
        raise ValidationError(
            _("This story is already in that edition."), code="same_edition"
        )
    existing = Article.objects.filter(
        Q(pk=original.pk) | Q(translation_of=original), language=language
    ).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        translation = Article(
            language=language,
            translation_of=original,
            status=Article.Status.DRAFT,
            created_by=by,
            **{field: getattr(article, field) for field in TRANSLATION_COPIES},
        )
        taken = Article.objects.filter(language=language, slug=article.slug).exists()
        translation.slug = "" if taken else article.slug  # save() makes a free one
        translation.save()
        translation.topics.set(article.topics.all())
        translation.places.set(article.places.all())
        for byline in article.bylines.all():
            translation.bylines.create(author=byline.author, position=byline.position)
    return translation, True
