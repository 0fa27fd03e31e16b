"""The story endpoints: published stories for everyone, drafts for permitted staff."""

import datetime
import functools
import re
from collections import defaultdict

import reversion
from django.db import transaction
from django.db.models import Count, Exists, Model, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Now
from django.shortcuts import get_object_or_404
from django.utils.cache import quote_etag
from django.utils.translation import gettext as _
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from modeltranslation.manager import append_translated
from rest_framework import generics, mixins, status, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from articles import permissions
from articles.compiled import CompiledRead, run_together
from articles.models import (
    Article,
    ArticleChange,
    Author,
    Byline,
    Correction,
    EditConflict,
    LiveUpdate,
    Section,
    Topic,
)
from events.models import Figure
from partners.api.base import ConditionalGetMixin, PublicReadOnlyViewSet
from partners.filters import (
    API_ORDERINGS,
    DEFAULT_ORDERING,
    ArticleAPIFilter,
    ChangeFilter,
    LiveUpdateFilter,
)
from partners.ninjs import NinjsArticleSerializer, NinjsRenderer
from partners.pagination import after
from partners.serializers.articles import (
    AUTHOR_FIELDS,
    FIGURE_FIELDS,
    RELATION_LISTS,
    REMOVALS,
    ArticleChangeSerializer,
    ArticleSerializer,
    DraftSerializer,
    LiveUpdateSerializer,
    SectionSerializer,
    TopicSerializer,
    editions,
    read_rows,
    story_columns,
)
from partners.serializers.base import fields_from_request
from readers.cache import tag_page
from readers.converters import SLUG_PATTERN

# The default listing's order, as the cursor pages it (the primary key last).
DEFAULT_ORDER = API_ORDERINGS[DEFAULT_ORDERING]

NINJS_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", "ninjs"],
    description="`ninjs` answers with IPTC ninjs 2.3 items instead of the default JSON.",
)


def with_api_relations(articles, *, ninjs=True):
    """What ArticleSerializer (or, with `ninjs`, article_to_ninjs()) shows of the
    story itself: its section and dateline as columns (story_columns()), its live
    coverage, and (JSON) the number of its live updates. read_lists() and
    read_rows() add the rest once the page is chosen, in a fixed number of queries.
    """
    articles = articles.select_related("live_coverage").annotate(**story_columns())
    if ninjs:
        return articles
    # A correlated count per story: a join and GROUP BY would aggregate every
    # public story before the page's LIMIT.
    updates = (
        LiveUpdate.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(number=Count("pk"))
        .values("number")
    )
    return articles.annotate(live_update_count=Coalesce(Subquery(updates), 0))


def public_stories(*, ninjs: bool):
    """Published stories with what their API item shows (with_api_relations())."""
    return with_api_relations(
        Article.objects.published().with_public_modified_at(), ninjs=ninjs
    )


# The FilterSet's filters a compiled read applies with the filter's own filter():
# each takes one value a statement can carry as a parameter (a key or a code).
COMPILED_FILTERS = ("topic", "section", "place", "source", "event", "language")

# {(ninjs, limit, after a position, filters): `limit` stories of the default
# listing}, compiled once per database connection and edition (articles.compiled):
# building and compiling this query cost some 2 ms of Python a request (with a
# filter, 4 ms), running it a fraction of that. Partners use a few shapes; one
# trying every page size and combination of filters starts it again from none
# past MAX_SHAPES (each statement is some 13 KiB per edition).
_PAGES: dict[tuple, CompiledRead] = {}
MAX_SHAPES = 256


def default_stories(
    *, ninjs: bool, limit: int, position=None, filters=None
) -> list[Article]:
    """The first `limit` public_stories() in the default order (newest first),
    or with `position` (a cursor's [publish_at, pk]) the first `limit` after it;
    `filters` ({name: value}, names of COMPILED_FILTERS, a key or a code each)
    applied as ArticleAPIFilter applies them."""
    filters = filters or {}
    names = tuple(name for name in COMPILED_FILTERS if name in filters)
    key = (ninjs, limit, position is not None, names)
    read = _PAGES.get(key)
    if read is None:
        if len(_PAGES) >= MAX_SHAPES:
            _PAGES.clear()
        arguments = {name: str if name == "language" else int for name in names}
        if position is not None:
            arguments |= {"publish_at": datetime.datetime, "pk": int}

        def build(**values):
            stories = public_stories(ninjs=ninjs)
            for name in names:
                declared = ArticleAPIFilter.base_filters[name]
                stories = declared.filter(stories, values[name])
            stories = stories.order_by(*DEFAULT_ORDER)
            if position is not None:
                place = [values["publish_at"], values["pk"]]
                stories = stories.filter(after(DEFAULT_ORDER, place))
            return stories[:limit]

        read = _PAGES[key] = CompiledRead(build, **arguments)
    values = {name: filters[name] for name in names}
    if position is not None:
        values["publish_at"], values["pk"] = position
    return read(**values)


def _list_queries(ninjs: bool) -> dict:
    """{relation: its records of the stories `ids`} for read_lists()."""
    lists = {
        "corrections": lambda ids: Correction.objects.only(
            "article", "kind", "text", "created_at"
        ).filter(article_id__in=ids)
    }
    if ninjs:
        lists["bylines"] = lambda ids: (
            Byline.objects.select_related("author")
            .only(
                "article",
                "position",
                "author",
                *columns_of(Author, AUTHOR_FIELDS, "author"),
            )
            .filter(article_id__in=ids)
        )
        lists["live_updates"] = lambda ids: (
            LiveUpdate.objects.newest_first()
            .select_related("author")
            .filter(article_id__in=ids)
        )
    else:
        lists["figures"] = lambda ids: (
            Figure.objects.select_related("source")
            .only("article", *FIGURE_FIELDS, "source", "source__slug")
            .filter(article_id__in=ids)
        )
    return lists


@functools.cache
def _list_reads(ninjs: bool) -> dict[str, CompiledRead]:
    """_list_queries() compiled (articles.compiled: one statement per page size and
    edition): building and compiling them cost ~0.5 ms each a request."""
    return {
        relation: CompiledRead(query, ids=list)
        for relation, query in _list_queries(ninjs).items()
    }


def read_lists(stories: list[Article], *, ninjs: bool) -> None:
    """Give each of `stories` its corrections, and its figures (JSON) or its byline
    and live updates (ninjs: an author's name in the story's own edition), each a
    plain list in the attribute RELATION_LISTS names, in the relation's own order:
    one query per relation for all of them, of the columns shown. (A prefetch into
    to_attr reads the same rows through more machinery per story and relation.)
    """
    pks = [story.pk for story in stories]
    if not pks:
        return
    by_pk = dict(zip(pks, stories, strict=True))
    reads = _list_reads(ninjs)
    # Together: one round trip on PostgreSQL (articles.compiled.run_together()).
    found = run_together(*[(read, {"ids": pks}) for read in reads.values()])
    for relation, records in zip(reads, found, strict=True):
        by_story = defaultdict(list)
        for record in records:
            record.article = by_pk[record.article_id]  # as a prefetch sets it
            by_story[record.article_id].append(record)
        attribute = RELATION_LISTS[relation]
        for pk, story in by_pk.items():
            setattr(story, attribute, by_story.get(pk, []))


def columns_of(model, fields, relation: str) -> list[str]:
    """`fields` of `model` reached through `relation`, as only() names them, with
    every edition's column of a translated field: only() on the related model's
    own queryset adds those itself, across a relation it cannot.
    """
    return [f"{relation}__{name}" for name in sorted(append_translated(model, fields))]


@extend_schema_view(
    list=extend_schema(
        summary="Published stories",
        parameters=[NINJS_PARAMETER],
    ),
    retrieve=extend_schema(summary="One published story", parameters=[NINJS_PARAMETER]),
)
class ArticleViewSet(PublicReadOnlyViewSet):
    """Published stories, newest first; `?format=ninjs` for IPTC ninjs 2.3."""

    serializer_class = ArticleSerializer
    filterset_class = ArticleAPIFilter
    lookup_field = "uuid"
    lookup_value_converter = "uuid"
    renderer_classes = [*PublicReadOnlyViewSet.renderer_classes, NinjsRenderer]

    def get_queryset(self):
        return public_stories(ninjs=self._is_ninjs())

    def _is_ninjs(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return isinstance(renderer, NinjsRenderer)

    def _filters(self) -> bool:
        return bool(
            set(self.request.query_params) & set(self.filterset_class.base_filters)
        )

    def _compiled_filters(self) -> dict | None:
        """{name: value} of the request's filters when default_stories() can read
        the list (none, or valid values of COMPILED_FILTERS only, in the default
        order), else None. Validated by the FilterSet itself, which also answers
        any error (through the ORM's path)."""
        named = set(self.request.query_params) & set(self.filterset_class.base_filters)
        if not named:
            return {}
        if not named <= set(COMPILED_FILTERS):
            return None
        filterset = self.filterset_class(
            self.request.query_params,
            queryset=Article.objects.none(),
            request=self.request,
        )
        if not filterset.is_valid():
            return None
        filters = {}
        for name, value in filterset.form.cleaned_data.items():
            if value in EMPTY_VALUES:
                continue
            if name not in COMPILED_FILTERS:
                return None
            filters[name] = value.pk if isinstance(value, Model) else value
        return filters

    def filter_queryset(self, queryset):
        if not self._filters():
            # Nothing to filter by: the default order, without building the form.
            return queryset.order_by(*DEFAULT_ORDER)
        return super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        # Served from the readers' page cache: this list shows stories of every edition.
        tag_page(request._request, "stories")
        filters = self._compiled_filters()
        if filters is None:
            return super().list(request, *args, **kwargs)
        # The default listing, the one most read, paged forwards (by topic, place,
        # edition...): the same rows as paginate_queryset() reads, from a compiled
        # query.
        ninjs = self._is_ninjs()
        page = self.paginator.paginate_read(
            request,
            Article.objects.order_by(*DEFAULT_ORDER),
            lambda limit, position: default_stories(
                ninjs=ninjs, limit=limit, position=position, filters=filters
            ),
        )
        if page is None:  # walking back
            return super().list(request, *args, **kwargs)
        self._read_page(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self._read_page(page)
        return page

    def _read_page(self, page) -> None:
        # Each item carries its quotes, events, figures and editions: a change to any
        # of them touches "story:<pk>", not the lists, so the page names its stories.
        tag_page(self.request._request, *(f"story:{story.pk}" for story in page))
        read_lists(page, ninjs=self._is_ninjs())
        read_rows(page, authors=not self._is_ninjs())

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        # The story and its editions (read by read_rows(): no query).
        shown = [self.shown, *editions(self.shown)]
        tag_page(request._request, *(f"story:{story.pk}" for story in shown))
        return response

    def get_object(self):
        self.shown = super().get_object()
        read_lists([self.shown], ninjs=self._is_ninjs())
        read_rows([self.shown], authors=not self._is_ninjs())
        return self.shown

    def get_serializer_class(self):
        if self._is_ninjs():
            if fields_from_request(self.request):
                raise ValidationError(
                    {"fields": [_("Not available with format=ninjs.")]}
                )
            return NinjsArticleSerializer
        return super().get_serializer_class()


@extend_schema_view(list=extend_schema(summary="Sections"))
class SectionViewSet(PublicReadOnlyViewSet):
    serializer_class = SectionSerializer
    queryset = Section.objects.all()
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


@extend_schema_view(list=extend_schema(summary="Topics"))
class TopicViewSet(PublicReadOnlyViewSet):
    serializer_class = TopicSerializer
    queryset = Topic.objects.all()
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


def changes_for_partners():
    """What partners must sync, oldest first, as far as the public may know it.

    A scheduled story is announced when it goes public, not when it was scheduled:
    Article.publish() records the change at max(publish time, now), and this feed only
    shows changes whose time has come (database clock), so a partner never reads a
    UUID it cannot fetch yet and never misses one because it synced in between.
    "Fetch" kinds (published, updated, corrected) also need the story to be public
    now: a story scheduled and then withdrawn before its time is never announced.
    Removals (unpublished, deleted) are always shown; a partner that never had the
    story can ignore them.
    """
    is_public = Exists(
        Article.objects.published().filter(uuid=OuterRef("article_uuid"))
    )
    return ArticleChange.objects.filter(changed_at__lte=Now()).filter(
        Q(kind__in=REMOVALS) | is_public
    )


@extend_schema(summary="Changes since a time, for incremental sync")
class ChangeListView(ConditionalGetMixin, generics.ListAPIView):
    """Stories published, updated, corrected, live-updated, unpublished or deleted
    since `since`.

    Fetch `api_url` for the first four kinds; remove the story for the last two.
    Follow `next` until it is null, then keep the `changed_at` of the last item as
    your next `since`.
    """

    serializer_class = ArticleChangeSerializer
    filterset_class = ChangeFilter

    def get_queryset(self):
        return changes_for_partners().order_by("changed_at", "pk")


@extend_schema(summary="A live story's updates")
class LiveUpdateListView(ConditionalGetMixin, generics.ListAPIView):
    """Updates of a published live story, newest first (cursor-paginated).

    `since` lists only those posted or corrected after a time; keep the ETag and send
    it as If-None-Match to get a 304 while nothing changed. 404 for a story that is
    not public or not live.
    """

    serializer_class = LiveUpdateSerializer
    filterset_class = LiveUpdateFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's dry run
            return LiveUpdate.objects.none()
        article = get_object_or_404(
            Article.objects.published().select_related("live_coverage"),
            uuid=self.kwargs["uuid"],
        )
        if article.live is None:
            raise NotFound(_("This story has no live coverage."))
        tag_page(self.request._request, f"story:{article.pk}")  # the page cache's
        return article.live_updates.newest_first().select_related("author", "article")


ANY_VERSION = "*"
# entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE (RFC 9110 §8.8.3); ours are edit versions.
ENTITY_TAG = re.compile(r'(W/)?"([\x21\x23-\x7e\x80-\U0010ffff]*)"')
VERSION = re.compile(r"[0-9]{1,18}")


def if_match_versions(header: str) -> set[int] | str | None:
    """The edit versions an If-Match header names, compared strongly (RFC 9110 §13.1.1).

    `"3"` or `"3", "4"` -> {3} or {3, 4}; `*` -> "*" (any current version). A weak
    tag (`W/"3"`) names no version: If-Match calls for the strong comparison, and a
    weak tag never matches strongly; nor does a tag that is not one of ours. None
    when the header is not a list of entity tags at all (a 400, so the client learns
    its mistake rather than reading 412).
    """
    header = header.strip()
    if header == "*":
        return ANY_VERSION
    versions = set()
    for tag in (part.strip() for part in header.split(",")):
        match = ENTITY_TAG.fullmatch(tag)
        if match is None:
            return None
        is_weak, opaque = match[1], match[2]
        if not is_weak and VERSION.fullmatch(opaque):
            versions.add(int(opaque))
    return versions


def may_write_drafts(user) -> bool:
    """Staff who may create stories (articles.permissions.can_create)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_staff
        and permissions.can_create(user)
    )


class CanWriteDrafts(BasePermission):
    """Staff with the newsroom's permission to write stories; per story, can_edit()."""

    def has_permission(self, request, view):
        return may_write_drafts(request.user)

    def has_object_permission(self, request, view, article):
        if request.method in SAFE_METHODS:
            return permissions.can_view(request.user, article)
        return permissions.can_edit(request.user, article)


@extend_schema_view(
    list=extend_schema(summary="Drafts and stories in review (staff)"),
    create=extend_schema(summary="Create a draft (wire ingestion)"),
    partial_update=extend_schema(
        summary="Edit a draft",
        parameters=[
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description='The ETag of the draft you read, e.g. "3" (its edit_version).',
            )
        ],
        responses={200: DraftSerializer, 412: None, 428: None},
    ),
)
class DraftViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Unpublished stories for staff and wire ingestion; never publishes anything.

    Authenticate with an API key that acts as a staff user, or a session. Edits need
    `If-Match` with the ETag from the last read; a stale one answers 412.
    """

    serializer_class = DraftSerializer
    permission_classes = [CanWriteDrafts]
    lookup_field = "uuid"
    lookup_value_converter = "uuid"
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_class = None

    def get_queryset(self):
        drafts = (
            Article.objects.filter(
                status__in=[Article.Status.DRAFT, Article.Status.IN_REVIEW]
            )
            .select_related("section", "dateline")
            .prefetch_related("topics", "places")
            .order_by("-modified_at", "-pk")
        )
        return permissions.visible_articles(self.request.user, drafts).distinct()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        # Each item carries its quotes, events, figures and editions: a change to any
        # of them touches "story:<pk>", not the lists, so the page names its stories.
        if page is not None:
            tag_page(self.request._request, *(f"story:{story.pk}" for story in page))
        return page

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = quote_etag(str(response.data["edit_version"]))
        return response

    @transaction.atomic
    def perform_create(self, serializer):
        # The first revision of a wire story, as the admin keeps one for a new story.
        with reversion.create_revision():
            reversion.set_user(self.request.user)
            reversion.set_comment(_("Created through the API."))
            serializer.save(created_by=self.request.user, status=Article.Status.DRAFT)

    def update(self, request, *args, **kwargs):
        if_match = request.headers.get("If-Match")
        if not if_match:
            return Response(
                {"If-Match": [_("Send the ETag of the draft you edited.")]},
                status=status.HTTP_428_PRECONDITION_REQUIRED,
            )
        article = self.get_object()
        versions = if_match_versions(if_match)
        if versions is None:
            return Response(
                {
                    "If-Match": [
                        _('Send the ETag exactly as you received it, e.g. "3".')
                    ]
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        if versions != ANY_VERSION and article.edit_version not in versions:
            return self.stale(article)
        expected = article.edit_version
        serializer = self.get_serializer(
            article,
            data=request.data,
            partial=kwargs.pop("partial", False),
            context={
                **self.get_serializer_context(),
                "expected_version": expected,
            },
        )
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                serializer.save()
        except EditConflict as conflict:
            return self.stale(conflict.current)
        response = Response(serializer.data)
        response["ETag"] = quote_etag(str(serializer.data["edit_version"]))
        return response

    def stale(self, article):
        response = Response(
            {"If-Match": [_("Someone saved this story since; read it again.")]},
            status=status.HTTP_412_PRECONDITION_FAILED,
        )
        response["ETag"] = quote_etag(str(article.edit_version))
        return response
