import reversion
from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import slug_url


class SourceQuerySet(models.QuerySet):
    def needing_review(self):
        """Sources a reporter added that no editor has checked yet."""
        return self.filter(added_by__isnull=False, reviewed_at__isnull=True)

    def public(self):
        """Sources readers may see: quoted in a published story or acting in an event.

        A source entered only for a story still in draft would give that story away.
        Written as EXISTS per source (an index lookup each), not as membership of
        every published story, which SQLite would build in full for each query.
        """
        stories = apps.get_model("articles", "Article").objects.published()
        Event = self.model._meta.get_field("events").related_model
        quoted = stories.filter(quotes__source=OuterRef("pk"))
        acting = Event.objects.filter(actors=OuterRef("pk"))
        return self.filter(Exists(quoted) | Exists(acting))


class QuoteQuerySet(models.QuerySet):
    def public(self, *, in_edition: bool = False):
        """Quotes readers may see: those in published stories (only the active
        edition's when `in_edition`), newest story first, each with its story.
        (EXISTS per quote: its story looked up by primary key.)"""
        stories = apps.get_model("articles", "Article").objects.published()
        if in_edition:
            stories = stories.in_edition()
        return (
            self.filter(Exists(stories.filter(pk=OuterRef("article_id"))))
            .select_related("article")
            .order_by("-article__publish_at", "position", "pk")
        )


class Source(models.Model):
    """Someone the coverage quotes or reports on: a person or an organisation."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    aliases = models.TextField(
        _("aliases and transliterations"),
        blank=True,
        help_text=_(
            "Other spellings and scripts, one per line (e.g. Adnan al-Kenani, عدنان الكناني)."
        ),
    )
    role = models.CharField(
        _("role or title"),
        max_length=200,
        blank=True,
        help_text=_("As the story describes them, e.g. retired brigadier general."),
    )
    affiliation = models.ForeignKey(
        "self",
        verbose_name=_("affiliation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": Kind.ORGANISATION},
    )
    country = models.CharField(_("country"), max_length=100, blank=True)
    description = models.TextField(_("short description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True, null=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("The editor who checked a source a reporter added."),
    )
    reviewed_at = models.DateTimeField(
        _("reviewed"), null=True, blank=True, editable=False
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["person", "organisation"]),
                name="source_kind_valid",
            )
        ]
        indexes = [models.Index(fields=["kind", "name"], name="source_kind_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("sources:detail", self.slug)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def needs_review(self) -> bool:
        """Added by a reporter and not yet checked by an editor."""
        return self.added_by_id is not None and self.reviewed_at is None

    def mark_reviewed(self, *, by) -> None:
        """An editor has checked this source (name, role, affiliation)."""
        self.reviewed_by, self.reviewed_at = by, timezone.now()
        self.save(update_fields=["reviewed_by", "reviewed_at"])


class Quote(models.Model):
    """Words a source said, as one story reports them."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="quotes",
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="quotes",
    )
    text = models.TextField(
        _("words"), help_text=_("Exactly as said, without quotation marks.")
    )
    context = models.CharField(
        _("context"),
        max_length=300,
        blank=True,
        help_text=_("Where or how it was said, e.g. speaking to Shafaq News."),
    )
    position = models.PositiveSmallIntegerField(_("order in the story"), default=0)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position", "pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        indexes = [
            # A source's quotes and their stories from the index alone: the source
            # page, the source list's counts, the sources sitemap.
            models.Index(fields=["source", "article"], name="quote_source_article_idx"),
        ]

    def __str__(self):
        words = self.text if len(self.text) <= 60 else self.text[:57].rstrip() + "…"
        return f"{self.source}: “{words}”"


reversion.register(Quote)  # followed by the article's revisions (articles/models.py)
