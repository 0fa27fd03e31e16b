import datetime
import functools
import math
import re
import secrets
import uuid
from urllib.parse import quote

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce, Greatest, Now
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import formats, timezone, translation
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from articles.body import canonical_body, without_pictures
from articles.search import ranked_search, search_articles
from articles.text import clean_text, count_words, plain_text, reading_text

# What an editor may put in a story body; django-prose-editor derives both the
# toolbar and the nh3 allow-list from this, so the editor cannot produce markup
# that the sanitiser would strip.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
    # Pictures from our upload pipeline (articles/body.py; the sanitiser's rules for
    # it are in settings.DJANGO_PROSE_EDITOR_EXTENSIONS).
    "BodyImage": True,
}


# Reading time beside the body; words are counted by articles.text.count_words.
READING_WORDS_PER_MINUTE = 230


def unique_slug(model, text: str, *, exclude_pk=None, **scope) -> str:
    """A slug from `text` not yet used by `model` within `scope` (e.g. language=...)."""
    base = slugify(text, allow_unicode=True)[:180] or "item"
    slug, n = base, 2
    others = model.objects.filter(**scope).exclude(pk=exclude_pk)
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first in menus.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:section", self.slug)


class Topic(models.Model):
    """A controlled vocabulary term; aliases are other names readers and sources use."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other names for the same topic, one per line (e.g. IS, Daesh)."),
    )
    description = models.TextField(_("description"), blank=True)
    is_featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_("Shown among the main topics on the home page."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:topic", self.slug)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Author(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True, allow_unicode=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    bio = models.TextField(
        _("biography"),
        blank=True,
        help_text=_("Two or three sentences readers see on your page."),
    )
    photo = models.ImageField(
        _("photo"),
        upload_to="authors/%Y/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        help_text=_("A head-and-shoulders portrait; location metadata is removed."),
    )
    photo_width = models.PositiveIntegerField(
        _("photo width"), null=True, blank=True, editable=False
    )
    photo_height = models.PositiveIntegerField(
        _("photo height"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:author", self.slug)

    def name_in(self, language: str | None = None) -> str:
        """The byline as edition `language` (default: the active one) spells it:
        that edition's column of the translated name (articles/translation.py), or
        the English one where the edition has none."""
        if language is None:
            return self.name
        with translation.override(language):
            return self.name

    @property
    def display_name(self) -> str:
        return self.name_in()


# A page's address by slug (a story, section, topic, author, place, event, source):
# what reverse() gives, built from the address reversed once with a placeholder slug
# per view, edition and URL configuration, not once per link: a timeline page links
# a thousand times, and reverse() was a fifth of its time.
_SLUG_MARK = "slugmark0"
_SLUG = re.compile(r"[-\w]+")


def slug_url(view_name: str, slug: str, language: str | None = None) -> str:
    """The path of the page `view_name` (a URL taking only `slug`) in edition
    `language` (default: the active one), e.g. /ar/topics/<slug>/, percent-encoded
    as reverse() encodes it; raises NoReverseMatch where reverse() would."""
    language = language or translation.get_language()
    if not _SLUG.fullmatch(slug):  # reverse() decides (NoReverseMatch)
        with translation.override(language):
            return reverse(view_name, kwargs={"slug": slug})
    template = _slug_url_template(
        view_name,
        language,
        get_script_prefix(),
        get_resolver(get_urlconf()),
        settings.LANGUAGE_CODE,
    )
    return template.replace(_SLUG_MARK, quote(slug, safe=RFC3986_SUBDELIMS + "/~:@"))


def view_url(view_name: str, language: str | None = None) -> str:
    """The path of the page `view_name` (a URL taking no arguments) in edition
    `language` (default: the active one), e.g. /ar/timeline/: what reverse() gives,
    reversed once per view, edition and URL configuration (every page links to the
    same dozen pages in its header and footer)."""
    return _view_url(
        view_name,
        language or translation.get_language(),
        get_script_prefix(),
        get_resolver(get_urlconf()),
        settings.LANGUAGE_CODE,
    )


@functools.lru_cache(maxsize=256)
def _view_url(view_name, language, script_prefix, resolver, default_language) -> str:
    with translation.override(language):
        return reverse(view_name, urlconf=resolver.urlconf_name)


def slug_urls(view_name: str, language: str | None = None):
    """slug_url() for many slugs of one view and edition: a function slug -> path
    that looks the address up once (a page of events links hundreds of times).
    The same paths as slug_url(), which decides any slug it cannot build alone."""
    language = language or translation.get_language()
    template = slug_url(view_name, _SLUG_MARK, language)
    head, tail = template.split(_SLUG_MARK, 1)
    safe = RFC3986_SUBDELIMS + "/~:@"
    fullmatch = _SLUG.fullmatch

    def url(slug: str) -> str:
        if not fullmatch(slug):
            return slug_url(view_name, slug, language)
        if slug.isascii():  # letters, digits, "-" and "_": nothing to encode
            return head + slug + tail
        return head + quote(slug, safe=safe) + tail

    return url


# A key no update takes, reversed in its place and replaced by each update's.
_PK_MARK = 987_654_321_987_654_321


def live_update_urls(article: "Article"):
    """LiveUpdate.get_absolute_url() for the (saved) updates of `article`: a
    function update pk -> path, reverse() asked once per story (a ninjs page of
    50 live stories links some 200 updates)."""
    with translation.override(article.language):
        template = reverse(
            "articles:live_update", kwargs={"slug": article.slug, "pk": _PK_MARK}
        )
    # The key comes after the slug: the last occurrence is the key's.
    head, tail = template.rsplit(str(_PK_MARK), 1)
    return lambda pk: f"{head}{int(pk)}{tail}"


def story_url(language: str, slug: str) -> str:
    """The path of the story `slug` in edition `language`, e.g. /ar/stories/<slug>/."""
    return slug_url("articles:detail", slug, language)


@functools.lru_cache(maxsize=256)
def _slug_url_template(
    view_name, language, script_prefix, resolver, default_language
) -> str:
    with translation.override(language):
        return reverse(
            view_name, kwargs={"slug": _SLUG_MARK}, urlconf=resolver.urlconf_name
        )


# What a link to another edition of a story reads (Article.published_editions()).
EDITION_FIELDS = (
    "uuid",
    "language",
    "headline",
    "slug",
    "status",
    "publish_at",
    "translation_of",
)


# A story card's columns (ArticleQuerySet.for_listing): its address, headline,
# standfirst, times and status; the section and live coverage come joined.
CARD_FIELDS = (
    "uuid",
    "language",
    "slug",
    "headline",
    "standfirst",
    "status",
    "publish_at",
    "first_published_at",
    "updated_at",
    "translation_of",
    "section",
    "live_coverage",
)
PICTURE_FIELDS = (
    "lead_image",
    "lead_image_width",
    "lead_image_height",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: status published and publish time reached (database clock)."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=Now())

    def in_edition(self, language: str | None = None):
        """Stories written in `language` (default: the active language)."""
        return self.filter(language=language or translation.get_language())

    def newest_first(self):
        """Newest publication first; the order every story list uses.

        (Not `latest()`: that name is Django's, and `Article.objects.latest()` must
        keep answering the newest story by Meta.get_latest_by.)"""
        return self.order_by("-publish_at", "-pk")

    def with_public_modified_at(self):
        """Annotate `public_modified_at`: the later of the last save and the moment
        the story went public. A scheduled story changes no row when its time comes,
        so every "changed since" answer (API filters, ETags, feeds, sitemaps) reads
        this rather than modified_at."""
        return self.annotate(
            public_modified_at=Greatest(
                "modified_at", Coalesce("publish_at", "modified_at")
            )
        )

    def scheduled(self):
        """Stories set to go public later: status published, publish time still ahead
        (database clock). Never shown; the page cache looks ahead to the next one."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__gt=Now())

    def for_listing(self, *, with_text: bool = False, with_picture: bool = False):
        """What a story card shows (section, live badge, headline, standfirst, times,
        address), in one query: only CARD_FIELDS of the story (a card never shows
        its body, and the fewer columns, the cheaper each row and instance).
        `with_text` adds the plain text (`body_text`), for a search result's
        snippet; `with_picture` the lead picture, for the home page's lead story. Reading any other field costs a query per story."""
        fields = [*CARD_FIELDS]
        if with_text:
            fields.append("body_text")
        if with_picture:
            fields += PICTURE_FIELDS
        return self.select_related("section", "live_coverage").only(*fields)

    def with_byline(self):
        """Prefetch the byline (authors in order) and select the dateline: what a
        whole story shows beyond its card (story page, feeds, API); one query more."""
        return self.select_related("dateline").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

    def with_send_back_note(self):
        """Annotate `send_back_note` and `sent_back_at`: the editor's note when the
        story's latest move was being sent back to its reporter (else None)."""
        latest = StatusChange.objects.filter(article=models.OuterRef("pk")).order_by(
            "-changed_at", "-pk"
        )[:1]
        sent_back = Q(status=Article.Status.DRAFT) & Q(
            _last_from=Article.Status.IN_REVIEW
        )
        return self.annotate(
            _last_from=models.Subquery(latest.values("from_status")),
            send_back_note=models.Case(
                models.When(sent_back, then=models.Subquery(latest.values("note"))),
                default=None,
            ),
            sent_back_at=models.Case(
                models.When(
                    sent_back, then=models.Subquery(latest.values("changed_at"))
                ),
                default=None,
            ),
        )

    def owned_by(self, user):
        """Stories `user` started or is bylined on."""
        bylined = Byline.objects.filter(author__user=user).values("article")
        return self.filter(Q(created_by=user) | Q(pk__in=bylined))

    def with_editions(self):
        """Prefetch what Article.published_editions() reads, in up to three queries
        (an edition is a link: its address, headline and language).

        Unordered: published_editions() puts them newest first. Ordered in SQL, the
        query for a page of stories' translations walked every public story through
        the (status, publish_at) index on SQLite (25 ms at 20,000 stories) instead
        of looking the page's stories up by translation_of."""
        published = Article.objects.published().only(*EDITION_FIELDS).order_by()
        return self.prefetch_related(
            Prefetch("translations", queryset=published, to_attr="public_translations"),
            Prefetch(
                "translation_of",
                queryset=published.prefetch_related(
                    Prefetch(
                        "translations",
                        queryset=published,
                        to_attr="public_translations",
                    )
                ),
                to_attr="public_original",
            ),
        )

    def search(self, query: str):
        """Stories matching `query`, a filter in this queryset's order (see
        articles/search.py)."""
        return search_articles(self, query)

    def ranked_search(self, query: str):
        """Stories matching `query`, best first: a RankedSearch, the sequence a
        Paginator pages (see articles/search.py)."""
        return ranked_search(self, query)

    def retired(self, slug: str, language: str | None = None):
        """For an address no published story answers to: ("moved", story) after a
        rename, ("gone", story) once unpublished, else ("missing", None).

        An address belongs to the story that holds it now: when a story (in any
        state) has this slug, the answer is about that story alone, 410 if it was
        withdrawn, else missing. Slug history speaks only for addresses no current
        story holds, so a freed slug taken by another story never redirects to the
        story that gave it up.
        """
        language = language or translation.get_language()
        holder = self.filter(language=language, slug=slug).first()
        if holder is not None:
            if holder.status == Article.Status.UNPUBLISHED:
                return "gone", holder
            return "missing", None
        old = {"old_slugs__language": language, "old_slugs__slug": slug}
        moved = self.published().filter(**old).first()
        if moved is not None:
            return "moved", moved
        gone = self.filter(
            language=language, status=Article.Status.UNPUBLISHED, **old
        ).first()
        return ("gone", gone) if gone is not None else ("missing", None)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    uuid = models.UUIDField(
        _("UUID"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Never changes; partners and feeds identify the story by it."),
    )
    language = models.CharField(
        _("edition"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    headline = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=True,
        help_text=_("The story's address; unique within its edition."),
    )
    standfirst = models.TextField(
        _("standfirst"),
        blank=True,
        help_text=_("One or two sentences under the headline."),
    )
    body = ProseEditorField(
        _("body"),
        blank=True,
        extensions=BODY_EXTENSIONS,
        sanitize=True,
        preset="desk",  # static/admin-extra/desk-editor.js
    )
    body_text = models.TextField(
        _("body as plain text"), blank=True, editable=False
    )  # derived in save(); search, snippets and feeds read it
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="articles"
    )
    places = models.ManyToManyField(
        "events.Place",
        verbose_name=_("places mentioned"),
        blank=True,
        related_name="articles",
    )
    authors = models.ManyToManyField(
        Author,
        verbose_name=_("byline"),
        through="Byline",
        blank=True,
        related_name="articles",
    )
    dateline = models.ForeignKey(
        "events.Place",
        verbose_name=_("dateline"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="datelined_articles",
        help_text=_("Where the story was reported from."),
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        help_text=_("The original story, when this is a translation of it."),
    )
    related_articles = models.ManyToManyField(
        "self", verbose_name=_("related stories"), blank=True, symmetrical=False
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("When the story goes public; a future time schedules it."),
    )
    first_published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(
        _("updated"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Shown to readers: the last correction or substantive update."),
    )
    lead_image = models.ImageField(
        _("lead image"),
        upload_to="lead/%Y/%m/",
        blank=True,
        width_field="lead_image_width",
        height_field="lead_image_height",
    )
    lead_image_width = models.PositiveIntegerField(
        _("lead image width"), null=True, blank=True, editable=False
    )
    lead_image_height = models.PositiveIntegerField(
        _("lead image height"), null=True, blank=True, editable=False
    )
    lead_image_alt = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    lead_image_caption = models.CharField(_("caption"), max_length=500, blank=True)
    lead_image_credit = models.CharField(_("credit"), max_length=200, blank=True)
    lead_image_renditions = models.JSONField(
        _("lead image renditions"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Made on save: which renditions of the lead image exist."),
    )
    # Bumped by every save; a stale form or API write is refused.
    edit_version = models.PositiveIntegerField(
        _("edit version"), default=1, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("last saved"), auto_now=True, db_index=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        get_latest_by = ["publish_at", "pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "slug"], name="article_slug_unique_per_language"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="article_published_has_publish_at",
                violation_error_message=_(
                    "A published story needs a publication time."
                ),
            ),
            models.CheckConstraint(
                condition=Q(lead_image="") | ~Q(lead_image_alt=""),
                name="article_lead_image_has_alt",
                violation_error_message=_("A lead image needs alt text."),
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["draft", "in_review", "published", "unpublished"]
                ),
                name="article_status_valid",
            ),
        ]
        indexes = [
            # published() + in_edition() + latest(): the query behind every story list.
            models.Index(
                fields=["status", "language", "-publish_at"], name="article_public_idx"
            ),
            models.Index(
                fields=["status", "-publish_at"], name="article_status_pub_idx"
            ),
            # A section's page (its stories in one edition, newest first) and its
            # bounded count, from the index alone: SQLite read each row for its
            # status and edition (8 ms for page 30's count at 20k).
            models.Index(
                fields=["section", "status", "language", "-publish_at"],
                name="article_section_pub_idx",
            ),
            # The newest correction among public stories (the sitemap index).
            models.Index(
                fields=["status", "-updated_at"], name="article_status_updated_idx"
            ),
            # "Is the story with this pk public?" (EXISTS per quote, figure or link)
            # answered from a narrow index instead of the story's row: SQLite's
            # rows hold the body, so each lookup read a page of its own.
            models.Index(
                fields=["id", "status", "publish_at", "language"],
                name="article_visible_by_pk_idx",
            ),
        ]
        # Who holds these is decided by the roles migration; articles/permissions.py
        # is the one place that reads them.
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish stories")),
            ("edit_any_article", _("Can edit any story, including published ones")),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Article, self.headline, exclude_pk=self.pk, language=self.language
            )
        # Cleaned before the sanitiser too (pre_save comes later): nh3 cannot read a
        # lone surrogate, which a shell, an import or old JSON may carry.
        self.body = canonical_body(
            self._meta.get_field("body").sanitize(
                clean_text(self.body or "", multiline=True)
            )
        )
        self.body_text = plain_text(self.body)
        self._follow_publication_time()
        is_update = not self._state.adding
        if is_update:
            # Every save bumps the version in the database (not from a possibly stale
            # copy in memory), so a form or API client holding an older one can be
            # refused (see save_edit).
            self.edit_version = models.F("edit_version") + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "edit_version"}
        super().save(*args, **kwargs)
        if is_update:
            self.refresh_from_db(fields=["edit_version"])
        self._record_renditions()

    def get_absolute_url(self):
        return story_url(self.language, self.slug)

    def _record_renditions(self) -> None:
        """Make the lead image's renditions now, once, and record them on the row,
        so lists (the API, ninjs) read them instead of asking storage per story."""
        from articles.images import record_renditions

        record_renditions(self)

    def _follow_publication_time(self) -> None:
        """Keep first_published_at the moment the story first went public.

        Until that moment has passed, it is not history but a plan, and it follows
        publish_at: "Publish now" on a story scheduled for later, a new schedule, or
        withdrawing it before its time (None) move it too. Once the story has been
        public, its first publication is never rewritten.
        """
        planned = self.first_published_at
        if planned is not None and planned <= timezone.now():
            return
        self.first_published_at = (
            self.publish_at if self.status == self.Status.PUBLISHED else None
        )

    def published_editions(self) -> list["Article"]:
        """The story's other published editions: its original, the original's other
        translations and this story's own translations, each once.

        Reads what ArticleQuerySet.with_editions() prefetched (for many stories at
        once), or asks for them in one query (for one story: its page).
        """
        if hasattr(self, "public_original"):
            original = self.public_original
            siblings = newest_first(original.public_translations) if original else []
            own = newest_first(self.public_translations)
        else:  # one query: the original, its translations and this story's own
            related = Q(translation_of=self.pk)
            if self.translation_of_id:
                related |= Q(pk=self.translation_of_id) | Q(
                    translation_of=self.translation_of_id
                )
            # Unordered, as with_editions() (the planner would rather walk every
            # public story in publication order than look these few up).
            return self.editions_among(
                Article.objects.published()
                .only(*EDITION_FIELDS)
                .filter(related)
                .order_by()
            )
        return self._editions(original, siblings, own)

    def editions_among(self, rows) -> list["Article"]:
        """published_editions() from `rows`: the published stories that are this
        one's original, the original's translations or this story's own (others
        are ignored), read by the caller."""
        rows = list(rows)
        original = next((r for r in rows if r.pk == self.translation_of_id), None)
        siblings = newest_first(
            [r for r in rows if original and r.translation_of_id == original.pk]
        )
        own = newest_first([r for r in rows if r.translation_of_id == self.pk])
        return self._editions(original, siblings, own)

    def _editions(self, original, siblings, own) -> list["Article"]:
        group = [original, *siblings] if original else []
        seen, result = {self.pk}, []
        for other in [*group, *own]:
            if other.pk not in seen:
                seen.add(other.pk)
                result.append(other)
        return result

    @property
    def is_published(self) -> bool:
        """The rule of ArticleQuerySet.published(), for one story already in memory."""
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def published_at(self):
        """When readers first could read the story (never in the future for a public one)."""
        return self.first_published_at or self.publish_at

    @property
    def last_updated_at(self):
        """What readers see as the story's last change: its last correction or
        update, or the moment it (re)appeared, whichever is later."""
        times = [t for t in (self.updated_at, self.publish_at) if t is not None]
        return max(times, default=None)

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def byline(self) -> list["Author"]:
        """The authors in byline order (uses the prefetched bylines when there)."""
        return [b.author for b in sorted(self.bylines.all(), key=lambda b: b.position)]

    @property
    def ninjs_version(self) -> int:
        """1 for the story as first published, plus one for every correction or live
        update (counted from prefetched rows when the caller prefetched them, or
        from a `live_update_count` annotation)."""
        updates = getattr(self, "live_update_count", None)
        if updates is None:
            updates = self.live_updates.count()
        return 1 + self.corrections.count() + updates

    def record_change(self, kind: str, *, at=None) -> "ArticleChange":
        """Note a change partners must sync (see the API's /changes/ feed)."""
        return ArticleChange.objects.create(
            article_uuid=self.uuid,
            language=self.language,
            kind=kind,
            changed_at=at or timezone.now(),
        )

    def forget_planned_publication(self) -> None:
        """Drop the announcement of a publication still ahead (a schedule that
        "Publish now", a new schedule or a withdrawal replaced), so partners never
        hear of the story going public twice or at a time that did not happen."""
        ArticleChange.objects.filter(
            article_uuid=self.uuid,
            kind=ArticleChange.Kind.PUBLISHED,
            changed_at__gt=timezone.now(),
        ).delete()

    def missing_for_publication(self) -> list[str]:
        """What a story still lacks before it may be published, in editors' words."""
        missing = [
            label
            for label, present in [
                (_("a headline"), self.headline.strip()),
                (_("a standfirst"), self.standfirst.strip()),
                (_("a body"), plain_text(self.body)),
                (_("a section"), self.section_id),
                (_("at least one topic"), self.pk and self.topics.exists()),
                (
                    _("alt text for the lead image"),
                    not self.lead_image or self.lead_image_alt.strip(),
                ),
            ]
            if not present
        ]
        return [str(label) for label in missing]

    def save_as_revision(self, *, by=None, comment: str = "", **kwargs) -> None:
        """Save, keeping the story with its quotes, corrections and bylines as a revision."""
        with reversion.create_revision():
            if by is not None:
                reversion.set_user(by)
            if comment:
                reversion.set_comment(comment)
            self.save(**kwargs)

    def _move_to(self, status: str, *, by=None, note: str = "") -> "StatusChange":
        """Change status, save, and record who did it and when."""
        previous, self.status = self.status, status
        self.save_as_revision(
            by=by,
            comment=f"{self.Status(previous).label} → {self.Status(status).label}",
        )
        return StatusChange.objects.create(
            article=self,
            from_status=previous,
            to_status=status,
            changed_by=by,
            note=note,
        )

    def _refuse(self, action: str) -> None:
        raise ValidationError(
            _("A story that is %(status)s cannot be %(action)s."),
            code="invalid_transition",
            params={"status": self.get_status_display().lower(), "action": action},
        )

    @transaction.atomic
    def submit_for_review(self, *, by=None) -> None:
        """Draft → in review: the reporter hands the story to the editors."""
        if self.status != self.Status.DRAFT:
            self._refuse(_("submitted for review"))
        self._move_to(self.Status.IN_REVIEW, by=by)

    @transaction.atomic
    def send_back(self, *, by=None, note: str) -> None:
        """In review → draft, with a note telling the reporter what to change."""
        if self.status != self.Status.IN_REVIEW:
            self._refuse(_("sent back"))
        if not note.strip():
            raise ValidationError(
                _("Say what the reporter should change."), code="note_required"
            )
        self._move_to(self.Status.DRAFT, by=by, note=note.strip())

    @transaction.atomic
    def publish(self, *, by=None, at=None) -> None:
        """Publish now, or at `at` (a future time schedules the story)."""
        if self.is_published:
            self._refuse(_("published again"))
        now = timezone.now()
        self.publish_at = at or self.publish_at or now
        self._move_to(self.Status.PUBLISHED, by=by)  # save() sets first_published_at
        self.forget_planned_publication()
        # A scheduled story reaches partners' change feed at its time, not before.
        self.record_change(ArticleChange.Kind.PUBLISHED, at=max(self.publish_at, now))

    @transaction.atomic
    def unpublish(self, *, by=None, note: str = "", public_reason: str = "") -> None:
        """Take a published or scheduled story off the site; its address answers 410.

        `note` is for the newsroom (the status history); `public_reason` is what
        readers read on the corrections page, where a story that had been public
        keeps a withdrawal notice (see Withdrawal). Withdrawn before its time, the
        story was never published: it loses its publication date and leaves no notice.
        """
        if self.status != self.Status.PUBLISHED:
            self._refuse(_("unpublished"))
        was_public = self.is_published
        self._move_to(self.Status.UNPUBLISHED, by=by, note=note)
        self.forget_planned_publication()
        if was_public:
            Withdrawal.objects.create(
                article=self,
                language=self.language,
                headline=self.headline,
                first_published_at=self.first_published_at or self.publish_at,
                reason=public_reason.strip(),
            )
            self.record_change(ArticleChange.Kind.UNPUBLISHED)

    @transaction.atomic
    def delete(self, *args, **kwargs):
        # Partners who received the story must remove it; stories never public
        # stay out of the feed (their UUIDs are not public).
        if (
            self.first_published_at is not None
            and self.first_published_at <= timezone.now()
        ):
            self.record_change(ArticleChange.Kind.DELETED)
        return super().delete(*args, **kwargs)

    def check_edit_version(self, expected_version: int) -> "Article":
        """The stored story, locked until the transaction ends; raises EditConflict
        when someone saved it after `expected_version`."""
        current = Article.objects.select_for_update().get(pk=self.pk)
        if current.edit_version != expected_version:
            raise EditConflict(current)
        return current

    @transaction.atomic
    def save_edit(self, *, expected_version: int, by=None) -> None:
        """Save an editor's changes, unless someone saved since they opened the story.

        Raises EditConflict (carrying the current story) when `expected_version` is
        stale. A changed slug of a story that has been public is kept in SlugHistory,
        so its old address redirects.
        """
        current = self.check_edit_version(expected_version)
        if current.slug != self.slug and current.first_published_at is not None:
            self.old_slugs.filter(language=self.language, slug=self.slug).delete()
            SlugHistory.objects.update_or_create(
                language=current.language,
                slug=current.slug,
                defaults={"article": self},
            )
        self.save_as_revision(by=by)
        self.announce_update()

    @transaction.atomic
    def reschedule(self, *, at, by=None) -> "StatusChange":
        """Move a scheduled story to another future time; it stays scheduled, so
        nothing is unpublished and partners hear of it only at the new time."""
        if not self.is_scheduled:
            self._refuse(_("rescheduled"))
        if at is None or at <= timezone.now():
            raise ValidationError(
                _("Choose a future time to move the schedule to."),
                code="schedule_in_past",
            )
        previous = self.publish_at
        self.publish_at = at
        if self.first_published_at == previous:
            self.first_published_at = at
        comment = _("Schedule moved from %(old)s to %(new)s") % {
            "old": formats.localize(timezone.localtime(previous)),
            "new": formats.localize(timezone.localtime(at)),
        }
        self.save_as_revision(by=by, comment=comment)
        # The entry waiting in partners' change feed moves with the story.
        ArticleChange.objects.filter(
            article_uuid=self.uuid,
            kind=ArticleChange.Kind.PUBLISHED,
            changed_at__gt=timezone.now(),
        ).update(changed_at=at)
        return StatusChange.objects.create(
            article=self,
            from_status=self.Status.PUBLISHED,
            to_status=self.Status.PUBLISHED,
            changed_by=by,
            note=comment,
        )

    def last_send_back(self) -> "StatusChange | None":
        """The editor's send-back, while it is the story's latest move (else None)."""
        if self.pk is None or self.status != self.Status.DRAFT:
            return None
        latest = self.status_changes.order_by("-changed_at", "-pk").first()
        if latest and latest.from_status == self.Status.IN_REVIEW:
            return latest
        return None

    @property
    def word_count(self) -> int:
        """Words in the body as readers read them, figure captions not counted (the
        rule of articles.text.reading_text, which partners' ninjs counts follow)."""
        return count_words(reading_text(plain_text(self.body), self.body))

    @property
    def reading_minutes(self) -> int:
        """Minutes to read the body at READING_WORDS_PER_MINUTE, at least one."""
        return max(1, math.ceil(self.word_count / READING_WORDS_PER_MINUTE))

    def announce_update(self) -> None:
        """Tell syncing partners that a story they may hold has changed."""
        if self.is_published:
            self.record_change(ArticleChange.Kind.UPDATED)

    @transaction.atomic
    def add_correction(self, *, kind: str, text: str, by=None) -> "Correction":
        """Log a correction, update or clarification and show the story as updated."""
        correction = self.corrections.create(kind=kind, text=text, created_by=by)
        self.updated_at = correction.created_at
        self.save_as_revision(
            by=by,
            comment=f"{correction.get_kind_display()} added",
            update_fields=["updated_at", "modified_at"],
        )
        self.record_change(ArticleChange.Kind.CORRECTED)
        return correction

    @transaction.atomic
    def start_live_coverage(self, *, key_points: str = "") -> "LiveCoverage":
        """Mark the story live (or live again); updates may then be posted to it."""
        coverage, created = LiveCoverage.objects.get_or_create(
            article=self, defaults={"key_points": key_points}
        )
        if not created and not coverage.is_live:
            coverage.resume()
        return coverage

    @property
    def live(self) -> "LiveCoverage | None":
        """The story's live coverage, or None for an ordinary story."""
        try:
            return self.live_coverage
        except LiveCoverage.DoesNotExist:
            return None

    @transaction.atomic
    def post_live_update(
        self,
        *,
        body: str,
        title: str = "",
        is_key_event: bool = False,
        is_pinned: bool = False,
        author: "Author | None" = None,
        by=None,
    ) -> "LiveUpdate":
        """Add an update to this live story, timed now; partners hear of it if public.

        Raises ValidationError when the story is not live or the text is empty.
        The story row itself is not saved, so an editor with it open sees no conflict.
        """
        coverage = self.live
        if coverage is None or not coverage.is_live:
            raise ValidationError(
                _("Updates can be posted only while the coverage is live."),
                code="not_live",
            )
        update = LiveUpdate(
            article=self,
            title=title.strip(),
            body=body,
            is_key_event=is_key_event,
            author=author or getattr(by, "author_profile", None),
            created_by=by,
        )
        update.body = without_pictures(
            update._meta.get_field("body").sanitize(update.body or "")
        )
        if not plain_text(update.body):
            raise ValidationError(_("Write the update for readers."), code="required")
        update.save()
        if is_pinned:
            update.pin()
        self.announce_live_update()
        return update

    def announce_live_update(self) -> None:
        """Tell syncing partners that a public live story has a new or changed update."""
        if self.is_published:
            self.record_change(ArticleChange.Kind.LIVE_UPDATE)


def newest_first(stories: list["Article"]) -> list["Article"]:
    """`stories` in ArticleQuerySet.newest_first()'s order, sorted in memory."""
    return sorted(stories, key=lambda story: (story.publish_at, story.pk), reverse=True)


class EditConflict(Exception):
    """Someone saved the story after this edit began; `current` is their version."""

    def __init__(self, current: "Article"):
        super().__init__(_("Someone else saved this story while you were editing it."))
        self.current = current


class Byline(models.Model):
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="bylines",
    )
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="bylines",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"], name="byline_author_once_per_article"
            )
        ]

    def __str__(self):
        return f"{self.author} ({self.article})"


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")
        CLARIFICATION = "clarification", _("Clarification")

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.CORRECTION
    )
    text = models.TextField(
        _("text"), help_text=_("What changed, in plain words for readers.")
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["correction", "update", "clarification"]),
                name="correction_kind_valid",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"


class SlugHistory(models.Model):
    """A slug a published story used to have; its old URL redirects to the current one."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="old_slugs",
        verbose_name=_("article"),
    )
    language = models.CharField(_("edition"), max_length=8, choices=settings.LANGUAGES)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("old slug")
        verbose_name_plural = _("old slugs")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "slug"], name="slughistory_unique_per_language"
            )
        ]

    def __str__(self):
        return f"{self.language}/{self.slug} → {self.article}"


class Withdrawal(models.Model):
    """The public record that a story readers could read was taken down.

    Shown on /<lang>/corrections/ and linked from the story's 410 page: the headline
    as it was, when it was first published and withdrawn, and the editor's public
    reason if one was given. Never the withdrawn text. The record outlives the story.
    """

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="withdrawals",
    )
    language = models.CharField(_("edition"), max_length=8, choices=settings.LANGUAGES)
    headline = models.CharField(_("headline"), max_length=200)
    first_published_at = models.DateTimeField(_("first published"))
    withdrawn_at = models.DateTimeField(
        _("withdrawn"), default=timezone.now, db_index=True
    )
    reason = models.TextField(
        _("public reason"),
        blank=True,
        help_text=_("Why the story was withdrawn, in plain words for readers."),
    )

    class Meta:
        ordering = ["-withdrawn_at", "-pk"]
        verbose_name = _("withdrawal")
        verbose_name_plural = _("withdrawals")

    def __str__(self):
        return f"{self.headline} ({self.withdrawn_at:%Y-%m-%d})"


class StatusChange(models.Model):
    """One workflow transition: who moved the story from which status to which, and when."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("article"),
    )
    from_status = models.CharField(
        _("from status"), max_length=16, choices=Article.Status.choices
    )
    to_status = models.CharField(
        _("to status"), max_length=16, choices=Article.Status.choices
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.article}: {self.from_status} → {self.to_status}"


class ArticleChange(models.Model):
    """What a syncing partner must fetch or remove; survives the article's deletion."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Published")
        UPDATED = "updated", _("Updated")
        CORRECTED = "corrected", _("Corrected")
        UNPUBLISHED = "unpublished", _("Unpublished")
        DELETED = "deleted", _("Deleted")
        LIVE_UPDATE = "live_update", _("Live update")

    article_uuid = models.UUIDField(_("story UUID"), db_index=True)
    language = models.CharField(_("edition"), max_length=8, choices=settings.LANGUAGES)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    changed_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("change for partners")
        verbose_name_plural = _("changes for partners")

    def __str__(self):
        return _("%(kind)s %(uuid)s at %(when)s") % {
            "kind": self.get_kind_display(),
            "uuid": self.article_uuid,
            "when": formats.date_format(
                timezone.localtime(self.changed_at), "SHORT_DATETIME_FORMAT"
            ),
        }


class CacheTag(models.Model):
    """One part of the public output and the coverage version at which it last changed.

    Cached pages and API answers (readers' page cache) name the parts they show
    ("story:12", "stories:en", "topic:3", "timeline", ...). Saving coverage adds one
    to the version (the row named "") and stamps the parts the change touches with
    the new version, in the same transaction as the change, so every server process
    sees both at once. A cached page stays valid while none of its parts carries a
    version newer than the one it was rendered at: a typo fixed in one story leaves
    every page that does not show that story cached.

    The store for every cache but Redis; with the page cache in Redis the same
    versions are kept beside the pages instead (readers.versions).
    """

    name = models.CharField(_("name"), max_length=120, primary_key=True)
    version = models.PositiveBigIntegerField(
        _("coverage version"), default=0, db_index=True
    )

    class Meta:
        verbose_name = _("cache tag")
        verbose_name_plural = _("cache tags")

    def __str__(self):
        return f"{self.name or '(version)'} @ {self.version}"

    @classmethod
    def current_version(cls) -> int:
        """The coverage version now (0 before any change)."""
        return (
            cls.objects.filter(name="").values_list("version", flat=True).first() or 0
        )

    @classmethod
    @transaction.atomic
    def touch(cls, names) -> None:
        """Count one change and stamp `names` with the new version (4 queries)."""
        names = set(names) - {""}
        if not cls.objects.filter(name="").update(version=models.F("version") + 1):
            cls.objects.bulk_create([cls(name="", version=1)], ignore_conflicts=True)
        version = cls.current_version()
        if names:
            cls.objects.bulk_create(
                [cls(name=name, version=version) for name in names],
                ignore_conflicts=True,
            )
            cls.objects.filter(name__in=names).update(version=version)

    @classmethod
    def changed_since(cls, names, version: int) -> bool:
        """Whether any of `names` (or "any": everything) changed after `version`, or
        the count itself went back below `version` (a database restored from a
        backup, or emptied and filled again: its versions start over).

        Asked on every page-cache hit, so it is written once as SQL (two index
        lookups): the ORM spent more time compiling it than the database answering.
        """
        names = [*names, "any"]
        alias = router.db_for_read(cls)
        quote = connections[alias].ops.quote_name
        table, name, number = quote(cls._meta.db_table), quote("name"), quote("version")
        sql = (
            f"SELECT 1 FROM {table} WHERE {number} > %s "
            f"AND {name} IN ({', '.join(['%s'] * len(names))}) "
            f"UNION ALL SELECT 1 WHERE COALESCE("
            f"(SELECT {number} FROM {table} WHERE {name} = ''), 0) < %s"
        )
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, [version, *names, version])
            return cursor.fetchone() is not None


class LiveCoverage(models.Model):
    """A story covered as it unfolds: live or ended, when, and its key points.

    The story itself stays an Article (and public only through published()); this
    row adds the live status and the summary shown above its updates.
    """

    class Status(models.TextChoices):
        LIVE = "live", _("Live")
        ENDED = "ended", _("Ended")

    article = models.OneToOneField(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="live_coverage",
    )
    status = models.CharField(
        _("live status"), max_length=8, choices=Status.choices, default=Status.LIVE
    )
    started_at = models.DateTimeField(_("coverage started"), default=timezone.now)
    ended_at = models.DateTimeField(
        _("coverage ended"), null=True, blank=True, editable=False
    )
    key_points = models.TextField(
        _("key points"),
        blank=True,
        help_text=_("The essentials so far, one short point per line."),
    )
    modified_at = models.DateTimeField(_("last saved"), auto_now=True)

    class Meta:
        verbose_name = _("live coverage")
        verbose_name_plural = _("live coverage")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["live", "ended"]),
                name="livecoverage_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="live", ended_at__isnull=True)
                | Q(status="ended", ended_at__isnull=False),
                name="livecoverage_ended_has_end_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()}: {self.article}"

    def save(self, *args, **kwargs):
        # The end time follows the status: set when coverage ends, cleared if it resumes.
        if self.status == self.Status.ENDED and self.ended_at is None:
            self.ended_at = max(timezone.now(), self.started_at)
        elif self.status == self.Status.LIVE:
            self.ended_at = None
        super().save(*args, **kwargs)

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE

    @property
    def key_point_list(self) -> list[str]:
        return [line.strip() for line in self.key_points.splitlines() if line.strip()]

    def last_change(self):
        """When the coverage or any of its updates last changed (one query)."""
        latest = self.article.live_updates.aggregate(latest=models.Max("modified_at"))
        return max(filter(None, [self.modified_at, latest["latest"]]))

    @staticmethod
    def version_token(when) -> str:
        """The version a reader's page polls from (`?since=`): `when` in UTC, to the
        microsecond, e.g. 2026-01-21T09:30:00.000000Z (no "+" to escape in a URL)."""
        return when.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def end(self) -> None:
        """End the coverage now; its page stays, marked as ended."""
        if not self.is_live:
            raise ValidationError(
                _("This coverage has already ended."), code="already_ended"
            )
        self.status = self.Status.ENDED
        self.save()

    def resume(self) -> None:
        """Go live again after ending by mistake (the end time is cleared)."""
        self.status = self.Status.LIVE
        self.save()


class LiveUpdateQuerySet(models.QuerySet):
    def newest_first(self):
        """The order readers see updates in."""
        return self.order_by("-posted_at", "-pk")

    def changed_since(self, when):
        """Updates posted or corrected after `when` (what a poller has not seen)."""
        return self.filter(modified_at__gt=when)


class LiveUpdate(models.Model):
    """One timestamped entry of a live story. Public exactly when its story is."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="live_updates",
    )
    posted_at = models.DateTimeField(_("time"), default=timezone.now)
    title = models.CharField(
        _("short title"),
        max_length=140,
        blank=True,
        help_text=_("Optional: a few words readers can scan."),
    )
    body = ProseEditorField(_("text"), extensions=BODY_EXTENSIONS, sanitize=True)
    body_text = models.TextField(
        _("text as plain text"), blank=True, editable=False
    )  # derived in save(); feeds and JSON-LD read it
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_updates",
    )
    is_key_event = models.BooleanField(
        _("key event"),
        default=False,
        help_text=_("Listed among the key events at the top of the page."),
    )
    is_pinned = models.BooleanField(
        _("pinned"),
        default=False,
        help_text=_("Shown first, above the newest updates; one per story."),
    )
    corrected_at = models.DateTimeField(
        _("corrected"), null=True, blank=True, editable=False
    )
    correction_note = models.CharField(
        _("what was corrected"),
        max_length=300,
        blank=True,
        help_text=_("Shown to readers beside the “corrected” mark."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    modified_at = models.DateTimeField(_("last saved"), auto_now=True, db_index=True)

    objects = LiveUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-pk"]
        verbose_name = _("live update")
        verbose_name_plural = _("live updates")
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(is_pinned=True),
                name="liveupdate_one_pinned_per_article",
                violation_error_message=_("A story may have one pinned update."),
            )
        ]
        indexes = [
            models.Index(fields=["article", "-posted_at"], name="liveupdate_page_idx"),
            models.Index(
                fields=["article", "modified_at"], name="liveupdate_changed_idx"
            ),
        ]

    def __str__(self):
        return self.title or Truncator(self.body_text).words(8)

    def save(self, *args, **kwargs):
        # The live update shares the body's editor, not its picture pipeline; the
        # text is cleaned before the sanitiser, which cannot read a lone surrogate.
        self.body = without_pictures(
            self._meta.get_field("body").sanitize(
                clean_text(self.body or "", multiline=True)
            )
        )
        self.body_text = plain_text(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The update's permalink, /<edition>/stories/<slug>/updates/<id>/: it sends
        the reader to the page showing the update now, at its anchor (a live
        story's page shows only its newest updates; readers/live.py)."""
        with translation.override(self.article.language):
            return reverse(
                "articles:live_update",
                kwargs={"slug": self.article.slug, "pk": self.pk},
            )

    def clean(self):
        # Readers, feeds, JSON-LD and partners show this time as when the update was
        # posted: like a story's publication time, it may never lie ahead.
        super().clean()
        if self.posted_at is not None and self.posted_at > timezone.now():
            raise ValidationError(
                {
                    "posted_at": _(
                        "An update shows when it was posted: this time is still ahead."
                    )
                }
            )

    @property
    def anchor(self) -> str:
        """The fragment of this update's permalink on its story's page."""
        return f"update-{self.pk}"

    @property
    def is_corrected(self) -> bool:
        return self.corrected_at is not None

    @transaction.atomic
    def save_correction(self, *, note: str = "") -> None:
        """Save an edit of an update readers may have seen, marked "corrected" with
        the time and `note`; partners hear of it."""
        self.corrected_at = timezone.now()
        self.correction_note = note.strip() or self.correction_note
        self.save()
        self.article.announce_live_update()

    @transaction.atomic
    def pin(self) -> None:
        """Show this update first; the story's previously pinned update is unpinned."""
        for other in self.article.live_updates.filter(is_pinned=True).exclude(
            pk=self.pk
        ):
            other.is_pinned = False
            other.save(update_fields=["is_pinned", "modified_at"])
        self.is_pinned = True
        self.save(update_fields=["is_pinned", "modified_at"])

    def unpin(self) -> None:
        self.is_pinned = False
        self.save(update_fields=["is_pinned", "modified_at"])

    @transaction.atomic
    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.article.announce_live_update()
        return result


class BodyImage(models.Model):
    """A picture placed inside a story's body, uploaded through articles/uploads.py
    (checked, EXIF stripped) and shown to readers in responsive renditions.

    The body refers to it as <figure data-body-image="<pk>">; see articles/body.py.
    """

    image = models.ImageField(
        _("picture"),
        upload_to="body/%Y/%m/",
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(
        _("picture width"), null=True, editable=False
    )
    image_height = models.PositiveIntegerField(
        _("picture height"), null=True, editable=False
    )
    alt = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500)
    credit = models.CharField(_("credit"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("picture in a story")
        verbose_name_plural = _("pictures in stories")
        constraints = [
            models.CheckConstraint(
                condition=~Q(alt="") & ~Q(caption="") & ~Q(credit=""),
                name="bodyimage_has_alt_caption_credit",
                violation_error_message=_(
                    "A picture needs alt text, a caption and a credit."
                ),
            )
        ]

    def __str__(self):
        return self.caption


# A new story's form key: URL-safe, long enough that no two forms ever share one.
AUTOSAVE_KEY_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"


def new_autosave_key() -> str:
    """A fresh key for one new-story form (22 URL-safe characters, 128 random bits)."""
    return secrets.token_urlsafe(16)


class AutosaveQuerySet(models.QuerySet):
    def mine(self, user, article: "Article | None", key: str = ""):
        """`user`'s autosave of `article`; for a new story (article None), the one
        kept by the form with `key` (none without a key)."""
        if article is None or article.pk is None:
            if not key:
                return self.none()
            return self.filter(user=user, article__isnull=True, key=key)
        return self.filter(user=user, article=article)

    def new_stories_of(self, user):
        """`user`'s autosaves of stories never saved, newest first."""
        return self.filter(user=user, article__isnull=True).order_by("-saved_at", "-pk")


class Autosave(models.Model):
    """The words an editor was typing, kept every few seconds on the server.

    One per editor and story, and one per editor and new-story form (each add form
    carries its own random `key`, so two new stories written in two tabs never share
    one): two editors, or two tabs, never overwrite each other's autosave. Restoring
    one only fills the form, and saving it then goes through the usual edit-conflict
    check (`base_version`).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaves",
    )
    key = models.CharField(
        _("form key"),
        max_length=64,
        blank=True,
        help_text=_(
            "Which new-story form kept these words: each has its own, so two new "
            "stories written in two tabs never share an autosave."
        ),
    )
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    standfirst = models.TextField(_("standfirst"), blank=True)
    body = models.TextField(_("body"), blank=True)
    base_version = models.PositiveIntegerField(
        _("edit version it started from"),
        null=True,
        blank=True,
        help_text=_("The story's edit version when the editor began typing."),
    )
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    objects = AutosaveQuerySet.as_manager()

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], name="autosave_one_per_user_and_story"
            ),
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=Q(article__isnull=True),
                name="autosave_one_per_user_and_new_story_form",
            ),
            models.CheckConstraint(
                condition=Q(article__isnull=False) | ~Q(key=""),
                name="autosave_new_story_has_form_key",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.headline or self.article_id}"


# One revision holds the story together with its quotes, corrections and bylines
# (sources/models.py registers Quote). edit_version is left out: it is a concurrency
# token, not content, and restoring it would let stale forms through.
reversion.register(Byline)
reversion.register(Correction)
reversion.register(
    Article, follow=("quotes", "corrections", "bylines"), exclude=("edit_version",)
)
