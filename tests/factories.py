"""Plain helpers that make valid rows; pass overrides for what a test cares about."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import (
    Article,
    Author,
    BodyImage,
    Byline,
    Correction,
    LiveCoverage,
    LiveUpdate,
    Section,
    Topic,
)
from events.models import Event, Figure, Place
from sources.models import Quote, Source

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def hours_ago(hours: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)


def hours_ahead(hours: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=hours)


def make_user(**overrides):
    n = _n()
    fields = {"username": f"user{n}", "email": f"user{n}@example.org"}
    password = overrides.pop("password", "correct horse battery staple")
    fields.update(overrides)
    return get_user_model().objects.create_user(password=password, **fields)


def make_section(**overrides) -> Section:
    n = _n()
    return Section.objects.create(
        **{"name": f"Section {n}", "slug": f"section-{n}"} | overrides
    )


def make_topic(**overrides) -> Topic:
    n = _n()
    return Topic.objects.create(
        **{"name": f"Topic {n}", "slug": f"topic-{n}"} | overrides
    )


def make_author(**overrides) -> Author:
    n = _n()
    return Author.objects.create(
        **{"name": f"Reporter {n}", "slug": f"reporter-{n}"} | overrides
    )


def make_place(**overrides) -> Place:
    n = _n()
    fields = {"name": f"Place {n}", "slug": f"place-{n}", "kind": Place.Kind.CITY}
    return Place.objects.create(**fields | overrides)


def make_source(**overrides) -> Source:
    n = _n()
    fields = {"name": f"Source {n}", "slug": f"source-{n}", "kind": Source.Kind.PERSON}
    return Source.objects.create(**fields | overrides)


def make_article(*, topics=(), places=(), authors=None, **overrides) -> Article:
    """A published story from an hour ago, unless overrides say otherwise."""
    n = _n()
    fields = {
        "headline": f"Headline number {n}",
        "slug": f"headline-number-{n}",
        "standfirst": f"Standfirst of story {n}.",
        "body": f"<p>Body of story {n}.</p>",
        "language": "en",
        "status": Article.Status.PUBLISHED,
        "publish_at": hours_ago(1),
    }
    fields.update(overrides)
    if (
        fields["status"] == Article.Status.PUBLISHED
        and "first_published_at" not in fields
    ):
        fields["first_published_at"] = fields["publish_at"]
    if "section" not in fields:
        fields["section"] = make_section()
    article = Article.objects.create(**fields)
    article.topics.set(topics)
    article.places.set(places)
    for position, author in enumerate(
        authors if authors is not None else [make_author()]
    ):
        Byline.objects.create(article=article, author=author, position=position)
    return article


def make_quote(**overrides) -> Quote:
    fields = {"text": "Words worth quoting.", "position": 0}
    fields.update(overrides)
    # Not setdefault(): that would make an unwanted story and source on every call.
    if "article" not in fields:
        fields["article"] = make_article()
    if "source" not in fields:
        fields["source"] = make_source()
    return Quote.objects.create(**fields)


def make_correction(**overrides) -> Correction:
    fields = {
        "kind": Correction.Kind.CORRECTION,
        "text": "An earlier version misspelt a name.",
    }
    fields.update(overrides)
    if "article" not in fields:
        fields["article"] = make_article()
    return Correction.objects.create(**fields)


def make_event(*, articles=(), actors=(), topics=(), **overrides) -> Event:
    n = _n()
    fields = {
        "title": f"Event {n}",
        "slug": f"event-{n}",
        "summary": f"What happened in event {n}.",
        "date": datetime.date(2026, 1, 10),
        "category": Event.Category.WITHDRAWAL,
    }
    event = Event.objects.create(**fields | overrides)
    event.articles.set(articles)
    event.actors.set(actors)
    event.topics.set(topics)
    return event


def make_figure(**overrides) -> Figure:
    fields = {"value": 150, "unit": "detainees", "counts": "detainees transferred"}
    fields.update(overrides)
    if not any(fields.get(k) for k in ("place", "event", "article")):
        fields["event"] = make_event()
    return Figure.objects.create(**fields)


def png_bytes(width: int = 40, height: int = 30, color: str = "teal") -> bytes:
    """A small real PNG, made in memory."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def make_body_image(**overrides) -> BodyImage:
    """A picture for a story's body, as if uploaded through the editor."""
    from django.core.files.base import ContentFile

    n = _n()
    fields = {
        "alt": f"Convoy on the road, picture {n}",
        "caption": f"Trucks leave the base, picture {n}",
        "credit": "Shafaq News",
    }
    fields.update(overrides)
    image = BodyImage(**fields)
    image.image.save(f"picture-{n}.png", ContentFile(png_bytes()), save=False)
    image.save()
    return image


def make_live_article(*, updates=0, **overrides) -> Article:
    """A published live story (started three hours ago) with `updates` updates,
    ten minutes apart, the newest ten minutes ago."""
    article = make_article(**overrides)
    LiveCoverage.objects.create(
        article=article, started_at=hours_ago(3), key_points="First point\nSecond point"
    )
    for i in range(updates):
        make_live_update(article=article, posted_at=hours_ago((updates - i) / 6))
    return article


def make_live_update(**overrides) -> LiveUpdate:
    n = _n()
    fields = {"title": f"Update {n}", "body": f"<p>What happened, part {n}.</p>"}
    fields.update(overrides)
    if "article" not in fields:
        fields["article"] = make_live_article()
    return LiveUpdate.objects.create(**fields)


def ensure_roles() -> None:
    """Bring back the newsroom's roles (groups and their permissions) after a
    transactional test's flush removed them: they are migration data, so this runs
    the forward code of every "..._roles" migration again (each is idempotent)."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection)
    state_apps = loader.project_state().apps
    for (_app, name), migration in sorted(loader.disk_migrations.items()):
        if name.endswith("roles"):
            for operation in migration.operations:
                if isinstance(operation, RunPython):
                    operation.code(state_apps, None)
