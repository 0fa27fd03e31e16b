import datetime
import functools
from collections import defaultdict
from decimal import Decimal
from operator import itemgetter

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from articles.compiled import CompiledRead
from articles.models import PICTURE_FIELDS, slug_url


class Precision(models.TextChoices):
    """How exactly a date is known; a date known to the month is stored as its 1st."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def truncate_date(value: datetime.date, precision: str) -> datetime.date:
    """Drop the parts of `value` finer than `precision`."""
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return value.replace(day=1)
    return value


def format_date(
    value: datetime.date | None, precision: str, language: str | None = None
) -> str:
    """`value` as readers of edition `language` (default: the active one; pass it
    when writing many) should see it: "21 January 2026", "January 2026" or "2026"."""
    if value is None:
        return ""
    return _formatted_date(
        value, str(precision), language or translation.get_language()
    )


@functools.lru_cache(maxsize=4096)
def _formatted_date(value: datetime.date, precision: str, language: str) -> str:
    # Formatted in `language` (called only from format_date()):
    # a timeline or a menu of events writes many dates, most of them shared, and
    # Django's date formatting costs some eighty calls each.
    with translation.override(language):
        if precision == Precision.YEAR:
            return formats.date_format(value, "Y")
        if precision == Precision.MONTH:
            return formats.date_format(value, "YEAR_MONTH_FORMAT")
        return formats.date_format(value, "DATE_FORMAT")


def _forget_formatted_dates(**kwargs):
    _formatted_date.cache_clear()
    _figure_value_display.cache_clear()


# Settings a test changes (formats, languages) format dates and figures anew.
setting_changed.connect(_forget_formatted_dates)


class Place(models.Model):
    class Kind(models.TextChoices):
        AIRBASE = "airbase", _("Airbase")
        MILITARY_BASE = "military_base", _("Military base")
        PRISON = "prison", _("Prison")
        CAMP = "camp", _("Camp")
        CITY = "city", _("City or town")
        PROVINCE = "province", _("Province or governorate")
        REGION = "region", _("Region")
        BORDER = "border", _("Border")
        COUNTRY = "country", _("Country")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_(
            "Other spellings and scripts, one per line (e.g. Al-Asad, عين الأسد)."
        ),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True)
                | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="place_coordinates_together",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="place_not_own_parent"
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"], name="place_kind_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("events:place", self.slug)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class EventQuerySet(models.QuerySet):
    # with_coverage()'s stories, read when the events are (see _fetch_all()).
    _coverage = None

    def chronological(self):
        """Oldest first, the timeline's reading order."""
        return self.order_by("date", "pk")

    def with_coverage(
        self,
        *,
        in_edition: bool = False,
        as_cards: bool = False,
        oldest_first=False,
        limit: int | None = None,
    ):
        """Each event with the published stories reporting it, as the list
        `event.coverage`, newest first (or `oldest_first`): only the active edition's
        when `in_edition`, with what a story card shows when `as_cards`, at most
        `limit` stories per event.

        Read with the events, whatever the archive's size: their links, then the
        public stories among them by primary key (attach_coverage()).
        (A prefetch through the relation let SQLite's planner walk every public
        story of the edition and probe each against every event shown: 80 ms for a
        timeline page of 30 events at 5,000 stories, growing with the archive.)
        """
        visible = apps.get_model("articles", "Article").objects.published()
        if in_edition:
            visible = visible.in_edition()
        clone = self._chain()
        clone._coverage = (
            visible,
            _as_cards if as_cards else _as_links,
            oldest_first,
            limit,
        )
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._coverage = self._coverage
        return clone

    def _fetch_all(self):
        fetched = self._result_cache is not None
        super()._fetch_all()
        if (
            not fetched
            and self._coverage is not None
            and issubclass(self._iterable_class, models.query.ModelIterable)
        ):
            attach_coverage(self._result_cache, *self._coverage)

    def for_timeline(self):
        """What a timeline entry shows: place, actors and topics in a fixed number of queries."""
        return self.select_related("place").prefetch_related("actors", "topics")


# What a story under an event shows: a link (page, API, TimelineJS: address,
# headline, picture) or a story card.
LINK_FIELDS = (
    "uuid",
    "language",
    "slug",
    "headline",
    "publish_at",
    "lead_image",
    "lead_image_width",  # read when the instance is made (PICTURE_COLUMNS)
    "lead_image_height",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
    "lead_image_renditions",
)


def _as_links(stories):
    return stories.only(*LINK_FIELDS)


def _as_cards(stories):
    return stories.for_listing()


def attach_coverage(
    events, visible, shape, oldest_first: bool, limit: int | None
) -> None:
    """Set `event.coverage` on each of `events`: its stories that `visible` (a
    queryset of Article) admits, read as `shape(queryset)` reads them, newest first
    (or oldest first), at most `limit` (see EventQuerySet.with_coverage).

    One query whatever the archive's size (linked_stories())."""
    if not events:
        return
    linked = shape(
        linked_stories([event.pk for event in events], visible, oldest_first, limit)
    )
    grouped = defaultdict(list)
    for story in linked:
        grouped[story.coverage_event].append(story)
    for pks in grouped.values():
        pks.sort(key=lambda s: (s.publish_at, s.pk), reverse=not oldest_first)
    for event in events:
        event.coverage = grouped.get(event.pk, [])


def linked_stories(event_pks, visible, oldest_first: bool, limit: int | None):
    """The stories linked to the events `event_pks` that `visible` (a queryset of
    Article: published(), perhaps in_edition()) admits, one row per link, each
    annotated with its `coverage_event`; at most `limit` per event, the newest (or
    oldest).

    The events' links lead: each story is read by key from its link and kept when
    `visible` admits it (EXISTS, by key), numbered per event by the database
    (ROW_NUMBER() OVER (PARTITION BY event)) and cut at `limit` there, so only the
    stories kept travel and are built: the work grows with the events' links, not
    the archive. (Joined to `visible` itself, the filter let SQLite's planner walk
    every public story of an edition through its index once some forty events were
    asked: 120 ms for TimelineJS's window at 20,000 stories.)"""
    order = "asc" if oldest_first else "desc"
    linked = (
        visible.model.objects.filter(events__in=event_pks)
        .filter(Exists(visible.order_by().filter(pk=OuterRef("pk"))))
        .annotate(coverage_event=F("events"))  # the link's join: a row per link
    )
    if limit is not None:
        linked = linked.annotate(
            coverage_rank=Window(
                RowNumber(),
                partition_by=F("events"),
                order_by=[getattr(F(name), order)() for name in ("publish_at", "pk")],
            )
        ).filter(coverage_rank__lte=limit)
    return linked


def coverage_rows(
    event_pks,
    *,
    in_edition: bool = False,
    oldest_first=False,
    limit=None,
    with_picture: bool = False,
    fields: tuple[str, ...] = (),
) -> dict[int, list[dict]]:
    """{event pk: [story, ...]}: the published stories reporting each event, as
    with_coverage() finds them (only the active edition's when `in_edition`, newest
    first or `oldest_first`, at most `limit`), each a dict of what a link shows:
    "pk", "language", "slug", "headline", and each further column of the story that
    `fields` names (e.g. "uuid", "publish_at") under its name; with `with_picture`
    also "columns", the story's values by column name ("id", its address,
    PICTURE_COLUMNS and "lead_image_renditions", None for a story without a
    picture: what Article.from_db() needs to build the story a picture shows). One
    query, no model instance, compiled once per process, edition and number of
    events (articles.compiled)."""
    if not event_pks:
        return {}
    fields = tuple(fields)
    columns = _coverage_columns(limit, with_picture, fields)
    rows = _coverage_read(in_edition, oldest_first, limit, with_picture, fields)(
        pks=list(event_pks)
    )
    further = [(name, columns.index(name)) for name in fields]
    # Each row: the columns, then the event and (with a limit) the rank the
    # database gave the story among the event's.
    event_at = len(columns)
    if limit is not None:
        rows.sort(key=itemgetter(event_at, event_at + 1))
    else:  # by time, as the database numbers them
        rows.sort(
            key=itemgetter(columns.index("publish_at"), 0), reverse=not oldest_first
        )
    names = ["id", *columns[1:]]  # "pk" by its column's name, for from_db()
    grouped = defaultdict(list)
    for row in rows:
        story = {"pk": row[0], "language": row[1], "slug": row[2], "headline": row[3]}
        for name, at in further:
            story[name] = row[at]
        if with_picture:
            story["columns"] = dict(zip(names, row[:event_at], strict=True))
            story["columns"]["lead_image_renditions"] = row[-1]
        grouped[row[event_at]].append(story)
    return dict(grouped)


def _coverage_columns(limit, with_picture: bool, fields=()) -> list[str]:
    columns = ["pk", "language", "slug", "headline"]
    if limit is None:
        columns.append("publish_at")
    if with_picture:
        columns += PICTURE_COLUMNS
    return columns + [name for name in fields if name not in columns]


# What a story's lead picture needs (articles.images.renditions()), besides its
# address: each column a story reads costs a converter call per row. Its width
# and height too: an instance built without them reads them back, a query each
# (ImageField's dimension check when the instance is made).
PICTURE_COLUMNS = list(PICTURE_FIELDS)
# The record of its renditions, read only for a story with a picture: parsing
# every story's JSON cost a dozen calls a row (TimelineJS reads some 250).
PICTURE_RENDITIONS = Case(
    When(lead_image="", then=Value(None)),
    default=F("lead_image_renditions"),
    output_field=models.JSONField(),
)


_COVERAGE_READS: dict[tuple, CompiledRead] = {}


def _coverage_read(
    in_edition: bool, oldest_first: bool, limit, with_picture: bool, fields=()
) -> CompiledRead:
    """coverage_rows()' query for these options, compiled once per process."""
    key = (in_edition, oldest_first, limit, with_picture, fields)
    if key not in _COVERAGE_READS:

        def build(pks):
            visible = apps.get_model("articles", "Article").objects.published()
            if in_edition:
                visible = visible.in_edition()
            linked = linked_stories(pks, visible, oldest_first, limit)
            # The columns first, then the annotations, as the SQL names them.
            annotations = ["coverage_event"]
            if limit is not None:
                annotations.append("coverage_rank")
            if with_picture:
                linked = linked.annotate(picture_renditions=PICTURE_RENDITIONS)
                annotations.append("picture_renditions")
            return linked.values_list(
                *_coverage_columns(limit, with_picture, fields), *annotations
            )

        _COVERAGE_READS[key] = CompiledRead(build, pks=list)
    return _COVERAGE_READS[key]


class DatedByPrecision:
    """An event's date and end date as readers read them, as exact as known: for
    Event and for the rows pages read instead of instances (readers.timeline)."""

    __slots__ = ()

    @property
    def date_display(self) -> str:
        return format_date(self.date, self.date_precision)

    @property
    def end_date_display(self) -> str:
        return format_date(self.end_date, self.date_precision)


class Event(DatedByPrecision, models.Model):
    class Category(models.TextChoices):
        WITHDRAWAL = "withdrawal", _("Withdrawal")
        DETAINEE_TRANSFER = "detainee_transfer", _("Detainee transfer")
        BORDER_SECURITY = "border_security", _("Border security")
        TERRITORIAL_CONTROL = "territorial_control", _("Territorial control")
        ATTACK = "attack", _("Attack")
        POLITICAL_DECISION = "political_decision", _("Political decision")
        STATEMENT = "statement", _("Statement")
        OTHER = "other", _("Other")

    class Importance(models.IntegerChoices):
        MINOR = 1, _("Minor")
        NOTABLE = 2, _("Notable")
        MAJOR = 3, _("Major")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    summary = models.TextField(_("summary"), blank=True)
    date = models.DateField(
        _("date"),
        help_text=_(
            "For a date known only to the month or year, any day in it will do."
        ),
    )
    date_precision = models.CharField(
        _("date known to the"),
        max_length=8,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    topics = models.ManyToManyField(
        "articles.Topic", verbose_name=_("topics"), blank=True, related_name="events"
    )
    actors = models.ManyToManyField(
        "sources.Source", verbose_name=_("actors"), blank=True, related_name="events"
    )
    articles = models.ManyToManyField(
        "articles.Article",
        verbose_name=_("coverage"),
        blank=True,
        related_name="events",
    )
    importance = models.PositiveSmallIntegerField(
        _("importance"), choices=Importance.choices, default=Importance.NOTABLE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("last saved"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="event_end_not_before_start",
                violation_error_message=_("The end date cannot come before the start."),
            ),
            models.CheckConstraint(
                condition=Q(date_precision__in=["day", "month", "year"]),
                name="event_date_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(importance__gte=1, importance__lte=3),
                name="event_importance_range",
            ),
        ]
        indexes = [
            models.Index(fields=["date"], name="event_date_idx"),
            models.Index(fields=["category", "date"], name="event_category_date_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.date_display})"

    def save(self, *args, **kwargs):
        self.date = truncate_date(self.date, self.date_precision)
        if self.end_date:
            self.end_date = truncate_date(self.end_date, self.date_precision)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("events:detail", self.slug)

    def clean(self):
        if self.end_date and self.date and self.end_date < self.date:
            raise ValidationError(
                {"end_date": _("The end date cannot come before the start.")}
            )


# What a reader or partner is shown of a figure (the figure tables, the API).
FIGURE_SHOWN = (
    "value",
    "qualifier",
    "unit",
    "counts",
    "basis",
    "as_of",
    "as_of_precision",
)


def figure_value_display(
    value, qualifier: str, unit: str, language: str | None = None
) -> str:
    """A figure's number as a reader reads it, in edition `language` (default: the
    active one; pass it when writing many): "about 12,000 km" (`value` a Decimal,
    `qualifier` a Figure.Qualifier value)."""
    # By the number's text: 4179.5 and 4179.50 are equal Decimals, written apart.
    return _figure_value_display(
        str(value), qualifier, unit, language or translation.get_language()
    )


@functools.lru_cache(maxsize=4096)
def _figure_value_display(text: str, qualifier: str, unit: str, language) -> str:
    # Written in `language` (called only from figure_value_display()): a page of
    # figures or of events writes hundreds, the same ones request after request,
    # and Django's number formatting costs some thirty calls each.
    with translation.override(language):
        return _written_figure(Decimal(text), qualifier, unit)


def _written_figure(value, qualifier: str, unit: str) -> str:
    value = int(value) if value == value.to_integral() else value
    number = formats.number_format(value, force_grouping=True)
    parts = (
        []
        if qualifier == Figure.Qualifier.EXACT
        else [str(dict(Figure.Qualifier.choices).get(qualifier, qualifier))]
    )
    parts.append(number)
    if unit:
        parts.append(unit)
    return " ".join(parts)


class FigureQuerySet(models.QuerySet):
    def public(self):
        """Figures readers may see: reported in no story, or in a published one."""
        stories = apps.get_model("articles", "Article").objects.published()
        in_public_story = Exists(stories.filter(pk=OuterRef("article_id")))
        return self.filter(Q(article__isnull=True) | in_public_story)


class Figure(models.Model):
    """A number the coverage reports, with what it counts and how sure it is."""

    class Basis(models.TextChoices):
        OFFICIAL = "official", _("Official count")
        ESTIMATE = "estimate", _("Estimate")

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        ABOUT = "about", _("about")
        NEARLY = "nearly", _("nearly")
        UP_TO = "up_to", _("up to")
        AT_LEAST = "at_least", _("at least")

    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    qualifier = models.CharField(
        _("qualifier"),
        max_length=10,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
    )
    unit = models.CharField(
        _("unit"), max_length=50, blank=True, help_text=_("e.g. km, people, detainees.")
    )
    counts = models.CharField(
        _("what it counts"),
        max_length=300,
        help_text=_("e.g. foreign ISIS fighters held at al-Ghwayran prison."),
    )
    basis = models.CharField(
        _("basis"), max_length=10, choices=Basis.choices, default=Basis.ESTIMATE
    )
    as_of = models.DateField(_("as of"), null=True, blank=True)
    as_of_precision = models.CharField(
        _("as-of date known to the"),
        max_length=8,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    source = models.ForeignKey(
        "sources.Source",
        verbose_name=_("according to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="figures",
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="figures",
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="figures",
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("reported in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="figures",
    )

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.CheckConstraint(
                condition=Q(basis__in=["official", "estimate"]),
                name="figure_basis_valid",
            ),
            models.CheckConstraint(
                condition=Q(as_of_precision__in=["day", "month", "year"]),
                name="figure_as_of_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(place__isnull=False)
                | Q(event__isnull=False)
                | Q(article__isnull=False),
                name="figure_belongs_somewhere",
                violation_error_message=_(
                    "A figure belongs to a place, an event or a story."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.value_display} {self.counts}"

    def save(self, *args, **kwargs):
        if self.as_of:
            self.as_of = truncate_date(self.as_of, self.as_of_precision)
        # What it counts is per edition (events/translation.py). A plain `counts`
        # written while the admin speaks Arabic or Sorani (a reporter proposing a
        # figure on the story's page) fills that edition's column only; the
        # default edition's, which every other falls back to, starts as the same text.
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        for name in ("counts", "unit"):
            column = f"{name}_{default}"
            if hasattr(self, column) and not getattr(self, column):
                setattr(self, column, self.__dict__.get(name) or "")
        super().save(*args, **kwargs)

    @property
    def value_display(self) -> str:
        """The number as a reader reads it: "about 12,000 km"."""
        return figure_value_display(self.value, self.qualifier, self.unit)

    @property
    def as_of_display(self) -> str:
        return format_date(self.as_of, self.as_of_precision)
