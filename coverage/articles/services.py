"""Work that spans models: the people behind staff accounts, the desk's queues."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import translation

from articles import permissions
from articles.models import Article, Author, Autosave, Correction, unique_slug

DESK_LIST_LENGTH = 8


def author_for(user) -> Author:
    """The author profile of `user`, made from the account's name the first time.

    Every staff account is a person with a byline: the admin creates the profile
    with the account, and this also covers accounts made elsewhere (createsuperuser,
    a shell) the first time they write.
    """
    profile = Author.objects.filter(user=user).first()
    if profile is not None:
        return profile
    name = user.get_full_name().strip() or user.get_username()
    try:
        # The account's name is the byline every edition falls back to: the default
        # edition's column, whichever language the admin happens to speak now
        # (modeltranslation would put a plain `name` in the active edition's).
        with (
            transaction.atomic(),
            translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE),
        ):
            return Author.objects.create(
                user=user, name=name, slug=unique_slug(Author, name)
            )
    except IntegrityError:  # made by a parallel request a moment ago
        return Author.objects.get(user=user)


@dataclass
class Queue:
    """One list on the desk: the first few stories, how many there are in all, and
    the admin list that shows them all."""

    key: str
    stories: list
    count: int
    changelist_query: str = ""


@dataclass
class Desk:
    queues: dict[str, Queue] = field(default_factory=dict)
    corrections: list = field(default_factory=list)
    correction_count: int = 0
    autosaves: list = field(default_factory=list)
    is_editor: bool = False


def _queue(key: str, stories: QuerySet, query: str = "") -> Queue:
    return Queue(
        key=key,
        stories=list(stories[:DESK_LIST_LENGTH]),
        count=stories.count(),
        changelist_query=query,
    )


def desk_for(user) -> Desk:
    """What the desk dashboard shows `user`: their drafts, stories sent back to them
    with the editor's note, stories waiting for review (editors), what is scheduled
    next, what was published lately and the latest corrections."""
    visible = permissions.visible_articles(user, Article.objects.all())
    mine = visible.owned_by(user).with_send_back_note()
    drafts = mine.filter(status=Article.Status.DRAFT)
    desk = Desk(is_editor=permissions.is_editor(user))
    desk.queues["sent_back"] = _queue(
        "sent_back",
        drafts.filter(send_back_note__isnull=False).order_by("-sent_back_at"),
        "desk=sent_back",
    )
    desk.queues["drafts"] = _queue(
        "drafts",
        drafts.filter(send_back_note__isnull=True).order_by("-modified_at"),
        "desk=mine&status__exact=draft",
    )
    if desk.is_editor:
        desk.queues["in_review"] = _queue(
            "in_review",
            visible.filter(status=Article.Status.IN_REVIEW).order_by("modified_at"),
            "desk=review",
        )
    desk.queues["scheduled"] = _queue(
        "scheduled", visible.scheduled().order_by("publish_at"), "desk=scheduled"
    )
    desk.queues["published"] = _queue(
        "published", visible.published().order_by("-publish_at"), "desk=published"
    )
    corrections = Correction.objects.filter(article__in=visible)
    desk.corrections = list(
        corrections.select_related("article").order_by("-created_at", "-pk")[
            :DESK_LIST_LENGTH
        ]
    )
    desk.correction_count = corrections.count()
    desk.autosaves = list(
        Autosave.objects.filter(user=user)
        .select_related("article")
        .order_by("-saved_at")[:DESK_LIST_LENGTH]
    )
    return desk
