import functools

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles import workflow
from articles.body import syndicated_body
from articles.images import renditions
from articles.models import (
    Article,
    ArticleChange,
    Author,
    Correction,
    LiveCoverage,
    LiveUpdate,
    Section,
    Topic,
    slug_urls,
)
from articles.translation import translated_columns
from events.models import FIGURE_SHOWN, Event, Figure, Place, figure_value_display
from partners.rows import (
    RelatedColumns,
    attach,
    plan_editions,
    plan_rows,
    run_planned,
)
from partners.serializers.base import (
    FieldSelectionMixin,
    PlannedRepresentation,
    StoryAPIURLField,
    WebURLField,
    absolute_url,
    story_api_path,
    story_api_urls,
)
from sources.models import Quote, Source

# Where with_api_relations() (partners/api/articles.py) puts each relation of a
# story, read as a plain list: {relation: attribute}.
RELATION_LISTS = {
    "bylines": "byline_list",
    "corrections": "correction_list",
    "figures": "figure_list",
    "live_updates": "live_update_list",
}
# The columns a story's API item shows of each related record.
AUTHOR_FIELDS = ("slug", "name", "job_title")
PLACE_FIELDS = ("slug", "name", "kind", "latitude", "longitude")
SOURCE_FIELDS = ("slug", "name", "kind", "role")
EVENT_FIELDS = ("slug", "title", "date", "date_precision", "category")
FIGURE_FIELDS = FIGURE_SHOWN
# What a story's attribute holds before anything was read into it.
_UNREAD = object()


def _related_columns() -> dict[str, RelatedColumns]:
    """The story's section and dateline as story_columns() reads them, by the
    attribute their rows go in."""
    return {
        "section_row": RelatedColumns("section", Section, ("slug", "name")),
        "dateline_row": RelatedColumns("dateline", Place, PLACE_FIELDS),
    }


def story_columns() -> dict:
    """Annotations for a story query: its section's {slug, name} and its
    dateline's PLACE_FIELDS in the active edition, read into `section_row` and
    `dateline_row` by read_rows() (no instances, no further query)."""
    annotations = {}
    for columns in _related_columns().values():
        annotations |= columns.annotations
    return annotations


def read_rows(stories: list[Article], *, authors: bool = True) -> list[Article]:
    """Give each of `stories` the rows its API item shows of its topics, places,
    quotes, events and (with `authors`, the JSON's) byline (partners/rows.py), as
    `topic_rows`, `place_rows`, `quote_rows`, `event_rows` and `author_rows`: one
    query each, all run together (run_planned(): one round trip on PostgreSQL).
    Returns `stories`.

    Row keys are the nested serializers' fields: topic {slug, name}, place
    PLACE_FIELDS, quote {text, context, source: SOURCE_FIELDS}, event
    EVENT_FIELDS, author AUTHOR_FIELDS; translated names in the active edition.
    Also `edition_rows`: the story's other published editions (editions()), one
    query for the page.
    """
    pks = [story.pk for story in stories]
    if not pks:
        return stories
    for attribute, columns in _related_columns().items():
        annotation = next(iter(columns.annotations), "")
        for story in stories:
            if annotation in story.__dict__:  # read with story_columns()
                story.__dict__[attribute] = columns.row(story)
    relations = {}
    if authors:
        relations["author_rows"] = plan_rows(
            Author,
            lambda ids: Author.objects.filter(bylines__article_id__in=ids).order_by(
                "bylines__position", "bylines__pk"
            ),
            "bylines__article",
            AUTHOR_FIELDS,
            pks,
        )
    relations |= {
        "topic_rows": plan_rows(
            Topic,
            lambda ids: Topic.objects.filter(articles__id__in=ids),
            "articles",
            ("slug", "name"),
            pks,
        ),
        "place_rows": plan_rows(
            Place,
            lambda ids: Place.objects.filter(articles__id__in=ids),
            "articles",
            PLACE_FIELDS,
            pks,
        ),
        "quote_rows": plan_rows(
            Quote,
            lambda ids: Quote.objects.filter(article_id__in=ids).order_by(
                "position", "pk"
            ),
            "article",
            ("text", "context"),
            pks,
            nested={"source": (Source, SOURCE_FIELDS)},
        ),
        "event_rows": plan_rows(
            Event,
            lambda ids: Event.objects.filter(articles__id__in=ids).chronological(),
            "articles",
            EVENT_FIELDS,
            pks,
        ),
    }
    relations["edition_rows"] = plan_editions(stories)
    for attribute, rows in run_planned(relations).items():
        attach(stories, attribute, rows, pks=pks)
    return stories


def _story_row(article: Article, attribute: str) -> dict | None:
    """The story's section or dateline row (story_columns()), or for a story read
    without those columns, the same dict from the related instance."""
    if hasattr(article, attribute):
        return getattr(article, attribute)
    name = attribute.removesuffix("_row")
    record = getattr(article, name)
    if record is None:
        return None
    fields = ("slug", "name") if name == "section" else PLACE_FIELDS
    return {field: getattr(record, field) for field in fields}


def editions(article: Article) -> list:
    """The story's other published editions (Article.published_editions()): the
    rows read_rows() read (partners.rows.Edition), or the model's answer for a story
    read without them."""
    rows = getattr(article, "edition_rows", None)
    return article.published_editions() if rows is None else rows


def story_rows(article: Article, attribute: str) -> list[dict]:
    """The story's rows `attribute` (e.g. "topic_rows"): read_rows()'s, read now
    for a story that came without them."""
    rows = article.__dict__.get(attribute, _UNREAD)  # a page asks ~350 times
    if rows is not _UNREAD:
        return rows
    if attribute in ("section_row", "dateline_row"):
        return _story_row(article, attribute)
    if not hasattr(article, attribute):
        read_rows([article], authors=attribute == "author_rows")
    return getattr(article, attribute)


def related(article: Article, relation: str) -> list:
    """The story's `relation` (a key of RELATION_LISTS) as a list: what
    with_api_relations() read, or the database's answer for a story read without it."""
    records = article.__dict__.get(RELATION_LISTS[relation], _UNREAD)
    if records is not _UNREAD:
        return records
    return list(getattr(article, relation).all())


def byline(article: Article) -> list[Author]:
    """The story's authors in byline order (Article.byline, from related())."""
    return [line.author for line in related(article, "bylines")]


# The story's side of its live coverage (a reverse one-to-one).
_LIVE_COVERAGE = Article.live_coverage.related


def live_coverage(article: Article) -> LiveCoverage | None:
    """Article.live: what select_related("live_coverage") read (None for an
    ordinary story), without raising and catching DoesNotExist per story as the
    property does; the property's answer for a story read without it."""
    coverage = _LIVE_COVERAGE.get_cached_value(article, default=_UNREAD)
    return article.live if coverage is _UNREAD else coverage


def story_version(article: Article) -> int:
    """1 + the number of corrections and live updates (Article.ninjs_version, from
    related() and the `live_update_count` annotation when there)."""
    updates = getattr(article, "live_update_count", None)
    if updates is None:
        updates = len(related(article, "live_updates"))
    return 1 + len(related(article, "corrections")) + updates


class ArticleRefSerializer(PlannedRepresentation, serializers.ModelSerializer):
    """A published story as other records link to it: an event's coverage, a quote's story."""

    api_url = StoryAPIURLField()

    class Meta:
        model = Article
        fields = ["uuid", "api_url", "headline", "language", "publish_at"]


class SectionSerializer(
    FieldSelectionMixin, PlannedRepresentation, serializers.ModelSerializer
):
    class Meta:
        model = Section
        fields = ["slug", "name", "description"]


class TopicSerializer(
    FieldSelectionMixin, PlannedRepresentation, serializers.ModelSerializer
):
    aliases = serializers.ListField(source="alias_list", child=serializers.CharField())

    class Meta:
        model = Topic
        fields = ["slug", "name", "aliases", "description"]


class TermSerializer(PlannedRepresentation, serializers.Serializer):
    """A section, topic or place as a story refers to it."""

    slug = serializers.CharField()
    name = serializers.CharField()


class PlaceRefSerializer(PlannedRepresentation, serializers.ModelSerializer):
    class Meta:
        model = Place
        fields = ["slug", "name", "kind", "latitude", "longitude"]


class AuthorSerializer(PlannedRepresentation, serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ["slug", "name", "job_title"]


class SourceRefSerializer(PlannedRepresentation, serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "name", "kind", "role"]


class QuoteSerializer(PlannedRepresentation, serializers.ModelSerializer):
    source = SourceRefSerializer()

    class Meta:
        model = Quote
        fields = ["source", "text", "context"]


class EventRefSerializer(PlannedRepresentation, serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["slug", "title", "date", "date_precision", "category"]


class FigureSerializer(PlannedRepresentation, serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Figure
        fields = [*FIGURE_SHOWN, "value_display", "source"]


class CorrectionSerializer(PlannedRepresentation, serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["kind", "text", "created_at"]


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.CharField()


class LeadImageSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    alt = serializers.CharField()
    caption = serializers.CharField()
    credit = serializers.CharField()
    renditions = RenditionSerializer(many=True)


def lead_image(article: Article) -> dict | None:
    """The lead image with its renditions (narrowest first), or None."""
    # The column's value as read (a name, or a FieldFile once the attribute was
    # read): most stories have none, and the attribute builds a FieldFile.
    name = article.__dict__.get("lead_image", _UNREAD)
    if not name or (name is _UNREAD and not article.lead_image):
        return None
    return {
        "url": absolute_url(article.lead_image.url),
        "width": article.lead_image_width,
        "height": article.lead_image_height,
        "alt": article.lead_image_alt,
        "caption": article.lead_image_caption,
        "credit": article.lead_image_credit,
        "renditions": [
            {
                "url": absolute_url(r.url),
                "width": r.width,
                "height": r.height,
                "format": extension,
            }
            for extension, items in renditions(article.lead_image).items()
            for r in items
        ],
    }


class TranslationSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    language = serializers.CharField()
    headline = serializers.CharField()
    api_url = serializers.URLField()


class LiveCoverageSerializer(PlannedRepresentation, serializers.ModelSerializer):
    """A live story's status; its updates are at updates_url."""

    key_points = serializers.ListField(
        source="key_point_list", child=serializers.CharField()
    )
    updates_url = serializers.SerializerMethodField()

    class Meta:
        model = LiveCoverage
        fields = ["status", "started_at", "ended_at", "key_points", "updates_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_updates_url(self, coverage) -> str:
        return absolute_url(
            reverse("api:article-updates", kwargs={"uuid": coverage.article.uuid})
        )


class LiveUpdateSerializer(serializers.ModelSerializer):
    """One update of a live story, as its page shows it."""

    web_url = serializers.SerializerMethodField()
    body = serializers.CharField(help_text="Sanitised HTML.")
    author = AuthorSerializer(allow_null=True)

    class Meta:
        model = LiveUpdate
        fields = [
            "id",
            "web_url",
            "posted_at",
            "modified_at",
            "title",
            "body",
            "author",
            "is_key_event",
            "is_pinned",
            "corrected_at",
            "correction_note",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, update) -> str:
        return absolute_url(update.get_absolute_url())


class ArticleSerializer(
    FieldSelectionMixin, PlannedRepresentation, serializers.ModelSerializer
):
    """A published story as partners receive it.

    Reads what the story endpoints load (partners/api/articles.py): the byline,
    topics, places, quotes and events as rows (read_rows()), corrections and
    figures prefetched into lists (with_api_relations(ninjs=False)).
    """

    api_url = StoryAPIURLField()
    web_url = WebURLField()
    body = serializers.SerializerMethodField(
        help_text="Sanitised HTML; pictures inside it have absolute addresses."
    )
    section = TermSerializer(allow_null=True)
    topics = TermSerializer(many=True, source="topic_rows")
    places = PlaceRefSerializer(many=True, source="place_rows")
    byline = AuthorSerializer(many=True, source="author_rows")
    dateline = PlaceRefSerializer(allow_null=True)
    quotes = QuoteSerializer(many=True, source="quote_rows")
    events = EventRefSerializer(many=True, source="event_rows")
    figures = FigureSerializer(many=True, source="figure_list")
    lead_image = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(source="publish_at")
    modified_at = serializers.DateTimeField(
        source="public_modified_at",
        read_only=True,
        help_text="The later of the last save and the moment the story went public "
        "(what updated_since and ordering=modified_at compare).",
    )
    corrections = CorrectionSerializer(many=True, source="correction_list")
    translations = serializers.SerializerMethodField()
    version = serializers.SerializerMethodField(
        help_text="1 + the number of corrections and live updates.",
    )
    live = LiveCoverageSerializer(
        allow_null=True, help_text="Live coverage, or null for an ordinary story."
    )

    class Meta:
        model = Article
        fields = [
            "uuid",
            "api_url",
            "web_url",
            "language",
            "headline",
            "slug",
            "standfirst",
            "body",
            "section",
            "topics",
            "places",
            "byline",
            "dateline",
            "quotes",
            "events",
            "figures",
            "lead_image",
            "published_at",
            "first_published_at",
            "updated_at",
            "modified_at",
            "corrections",
            "translations",
            "version",
            "live",
        ]

    @extend_schema_field(OpenApiTypes.INT)
    def get_version(self, article) -> int:
        return story_version(article)

    @extend_schema_field(LeadImageSerializer(allow_null=True))
    def get_lead_image(self, article):
        return lead_image(article)

    @extend_schema_field(OpenApiTypes.STR)
    def get_body(self, article):
        return syndicated_body(article.body, absolute_url)

    @extend_schema_field(TranslationSerializer(many=True))
    def get_translations(self, article):
        return self._items().translations(article)

    def to_representation(self, article):
        """The story as the fields above declare it, built by StoryItems.item():
        the same output as DRF's field-by-field rendering, a fraction of the cost
        (the fields stay: they are the schema, and ?fields= picks among them)."""
        item = self._items().item(article)
        if self.context.get("fields"):
            return {name: item[name] for name in self.fields}
        return item

    def _items(self) -> "StoryItems":
        items = self.__dict__.get("_story_items")
        if items is None:
            items = self._story_items = StoryItems(self.context)
        return items


def _datetime_representation():
    """DRF's DateTimeField.to_representation() for aware values (ISO 8601 in the
    current time zone, "Z" for UTC), with the time zone looked up once."""
    zone = timezone.get_current_timezone()

    def represent(value):
        if not value:
            return None
        if isinstance(value, str):
            return value
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return represent


@functools.cache
def _decimal_representation(model, name: str):
    """DRF's representation of the decimal model field `name` (a string, quantized
    to its decimal places), from the field ModelSerializer builds for it; remembered
    per value (equal decimals quantize alike), as a page repeats its places'
    coordinates."""
    field = serializers.ModelSerializer.serializer_field_mapping[models.DecimalField]
    model_field = model._meta.get_field(name)
    return functools.lru_cache(maxsize=4096)(
        field(
            max_digits=model_field.max_digits,
            decimal_places=model_field.decimal_places,
        ).to_representation
    )


class StoryItems:
    """Stories as ArticleSerializer shows them, for one request's serializer.

    Each item is built by plain code from what the story endpoints read: the story,
    its related rows (read_rows()) and lists (with_api_relations()). A page of 50
    stories through DRF's fields cost some 60,000 Python calls (a field lookup and a
    to_representation() per value); here a value costs a dict entry. Each value is
    what the field declared on ArticleSerializer renders: strings as read, dates and
    times ISO 8601 in the current time zone, decimals as quantized strings. Keep
    the two in step: tests/api/test_list_shapes.py compares them for every field.
    """

    def __init__(self, context: dict):
        self.context = context
        request = context["request"]
        self.request = request
        self.api_url = story_api_urls(request, keep_format=True)
        self._translation_url = story_api_urls(request, keep_format=False)
        self.datetime = _datetime_representation()
        self.latitude = _decimal_representation(Place, "latitude")
        self.longitude = _decimal_representation(Place, "longitude")
        self._story_urls = {}  # {edition: slug -> path}, as get_absolute_url()
        self._figures = None  # the unit's and counts' TranslatedColumns

    def web_url(self, article: Article) -> str:
        """absolute_url(article.get_absolute_url()), the address looked up once
        per edition (slug_urls())."""
        url = self._story_urls.get(article.language)
        if url is None:
            url = self._story_urls[article.language] = slug_urls(
                "articles:detail", article.language
            )
        return absolute_url(url(article.slug))

    def place(self, place) -> dict | None:
        """PlaceRefSerializer's dict of a place (a row or an instance)."""
        if place is None:
            return None
        if type(place) is not dict:
            place = {name: getattr(place, name) for name in PLACE_FIELDS}
        latitude, longitude = place["latitude"], place["longitude"]
        return {
            "slug": place["slug"],
            "name": place["name"],
            "kind": place["kind"],
            "latitude": None if latitude is None else self.latitude(latitude),
            "longitude": None if longitude is None else self.longitude(longitude),
        }

    def translations(self, article: Article) -> list[dict]:
        url = self._translation_url
        return [
            {
                "uuid": other.uuid,
                "language": other.language,
                "headline": other.headline,
                "api_url": url(other.uuid),
            }
            for other in editions(article)
        ]

    def figures(self, article: Article) -> list[dict]:
        """FigureSerializer's dicts of the story's figures."""
        figures = related(article, "figures")
        if not figures:
            return []
        value = _decimal_representation(Figure, "value")
        # The translated unit and counts resolved as the attributes would be
        # (rows.in_language()), the edition looked up once rather than per value.
        unit_columns, counts_columns = self._figure_columns()
        items = []
        for figure in figures:
            unit = unit_columns.first(
                [getattr(figure, c) for c in unit_columns.columns]
            )
            items.append(
                {
                    "value": None if figure.value is None else value(figure.value),
                    "qualifier": figure.qualifier,
                    "unit": unit,
                    "counts": counts_columns.first(
                        [getattr(figure, c) for c in counts_columns.columns]
                    ),
                    "basis": figure.basis,
                    "as_of": figure.as_of.isoformat() if figure.as_of else None,
                    "as_of_precision": figure.as_of_precision,
                    # Figure.value_display, with the unit read above.
                    "value_display": figure_value_display(
                        figure.value, figure.qualifier, unit
                    ),
                    "source": None if figure.source_id is None else figure.source.slug,
                }
            )
        return items

    def _figure_columns(self):
        if self._figures is None:
            self._figures = (
                translated_columns(Figure, "unit"),
                translated_columns(Figure, "counts"),
            )
        return self._figures

    def live(self, article: Article) -> dict | None:
        """LiveCoverageSerializer's dict of the story's live coverage, or None."""
        coverage = live_coverage(article)
        if coverage is None:
            return None
        when = self.datetime
        return {
            "status": str(coverage.status),
            "started_at": when(coverage.started_at),
            "ended_at": when(coverage.ended_at),
            "key_points": [str(point) for point in coverage.key_point_list],
            "updates_url": absolute_url(
                reverse("api:article-updates", kwargs={"uuid": article.uuid})
            ),
        }

    def item(self, article: Article) -> dict:
        """The story's dict, its keys in ArticleSerializer.Meta.fields' order."""
        when = self.datetime
        section = story_rows(article, "section_row")
        uuid = str(article.uuid)
        return {
            "uuid": uuid,
            "api_url": self.api_url(uuid),
            "web_url": self.web_url(article),
            "language": article.language,
            "headline": article.headline,
            "slug": article.slug,
            "standfirst": article.standfirst,
            "body": syndicated_body(article.body, absolute_url),
            "section": None
            if section is None
            else {"slug": section["slug"], "name": section["name"]},
            "topics": [
                {"slug": t["slug"], "name": t["name"]}
                for t in story_rows(article, "topic_rows")
            ],
            "places": [self.place(p) for p in story_rows(article, "place_rows")],
            "byline": [
                {"slug": a["slug"], "name": a["name"], "job_title": a["job_title"]}
                for a in story_rows(article, "author_rows")
            ],
            "dateline": self.place(story_rows(article, "dateline_row")),
            "quotes": [
                {
                    "source": {
                        "slug": q["source"]["slug"],
                        "name": q["source"]["name"],
                        "kind": q["source"]["kind"],
                        "role": q["source"]["role"],
                    },
                    "text": q["text"],
                    "context": q["context"],
                }
                for q in story_rows(article, "quote_rows")
            ],
            "events": [
                {
                    "slug": e["slug"],
                    "title": e["title"],
                    "date": e["date"].isoformat() if e["date"] else None,
                    "date_precision": e["date_precision"],
                    "category": e["category"],
                }
                for e in story_rows(article, "event_rows")
            ],
            "figures": self.figures(article),
            "lead_image": lead_image(article),
            "published_at": when(article.publish_at),
            "first_published_at": when(article.first_published_at),
            "updated_at": when(article.updated_at),
            "modified_at": when(article.public_modified_at),
            "corrections": [
                {
                    "kind": c.kind,
                    "text": c.text,
                    "created_at": when(c.created_at),
                }
                for c in related(article, "corrections")
            ],
            "translations": self.translations(article),
            "version": story_version(article),
            "live": self.live(article),
        }


class ArticleChangeSerializer(serializers.ModelSerializer):
    uuid = serializers.UUIDField(source="article_uuid")
    api_url = serializers.SerializerMethodField(
        help_text="Where to fetch the story; null for unpublished and deleted ones."
    )

    class Meta:
        model = ArticleChange
        fields = ["uuid", "language", "kind", "changed_at", "api_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, change) -> str | None:
        if change.kind in REMOVALS:
            return None
        return self.context["request"].build_absolute_uri(
            story_api_path(change.article_uuid)
        )


REMOVALS = (ArticleChange.Kind.UNPUBLISHED, ArticleChange.Kind.DELETED)


class SlugListField(serializers.SlugRelatedField):
    def __init__(self, queryset, **kwargs):
        super().__init__(slug_field="slug", queryset=queryset, **kwargs)


class DraftSerializer(serializers.ModelSerializer):
    """A story written through the API (wire ingestion); it is only ever a draft here.

    Status is read-only: publishing goes through the newsroom workflow, never the API.
    """

    section = SlugListField(
        queryset=Section.objects.all(), allow_null=True, required=False
    )
    topics = SlugListField(queryset=Topic.objects.all(), many=True, required=False)
    places = SlugListField(queryset=Place.objects.all(), many=True, required=False)
    dateline = SlugListField(
        queryset=Place.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Article
        fields = [
            "uuid",
            "language",
            "headline",
            "slug",
            "standfirst",
            "body",
            "section",
            "topics",
            "places",
            "dateline",
            "status",
            "edit_version",
            "created_at",
            "modified_at",
        ]
        read_only_fields = [
            "uuid",
            "status",
            "edit_version",
            "created_at",
            "modified_at",
        ]
        extra_kwargs = {"slug": {"required": False}}
        validators = []  # slug uniqueness is checked below, with a message naming it

    def validate(self, attrs):
        language = attrs.get("language", getattr(self.instance, "language", "en"))
        # A change of edition alone can collide too, with the story's current slug.
        slug = attrs.get("slug", getattr(self.instance, "slug", None))
        if slug:
            taken = Article.objects.filter(language=language, slug=slug)
            if self.instance is not None:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                raise serializers.ValidationError(
                    {"slug": [_("Another story in this edition uses this slug.")]}
                )
        return attrs

    def update(self, instance, validated_data):
        relations = {
            name: validated_data.pop(name)
            for name in ("topics", "places")
            if name in validated_data
        }
        for name, value in validated_data.items():
            setattr(instance, name, value)
        workflow.edit_article(
            instance,
            by=self.context["request"].user,
            expected_version=self.context["expected_version"],
        )
        for name, value in relations.items():
            getattr(instance, name).set(value)
        instance.refresh_from_db(fields=["edit_version", "modified_at"])
        return instance
