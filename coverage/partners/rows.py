"""A page of stories' related records as plain rows, for the JSON API's stories.

Making a model instance with translated fields costs tens of microseconds
(django-modeltranslation wraps `__init__`), and every read of a translated
attribute looks the active language up again; a page of 50 stories shows some 500
bylines, topics, places, quotes and events. Here each relation is one `values_list()`
query of the columns the item shows, read into dicts keyed as the nested
serializers name their fields (partners.serializers.base.PlannedRepresentation
renders dicts as it renders instances), with every translated field resolved by
modeltranslation's own rule (the active edition's column, else the fallback
languages' in order; an empty value counts as missing) and the language looked up
once per query.

Each query is the one `prefetch_related()` runs for the relation (same joins, same
order), so the rows come in the same order as the instances would.
"""

import datetime
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router
from django.db.models import F
from modeltranslation.translator import translator

from articles.models import Article
from articles.translation import translated_columns


def in_language(instance: models.Model, name: str, language: str):
    """The field `name` of `instance` as edition `language` reads it: what
    `translation.override(language)` and `getattr(instance, name)` give for a
    translated field (modeltranslation's fallback rule,
    articles.translation.translated_columns), without switching the active
    language per value."""
    found = translated_columns(type(instance), name, language)
    return found.first([getattr(instance, column) for column in found.columns])


def _is_translated(model: type[models.Model]) -> bool:
    return model in translator.get_registered_models()


def rows_by_story(
    model: type[models.Model],
    queryset: Callable[[list[int]], models.QuerySet],
    story: str,
    fields: Sequence[str],
    pks: list[int],
    *,
    nested: dict[str, tuple[type[models.Model], Sequence[str]]] | None = None,
) -> dict[int, list[dict]]:
    """{story pk: [row, ...]} from one query, queryset(pks), of `model`.

    `queryset(pks)` gives the records of the stories `pks` (e.g.
    `lambda pks: Topic.objects.filter(articles__id__in=pks)`), `story` is the
    lookup from that model to the story's pk ("articles" for a topic); `fields`
    are the row's keys, each a column of the model or a translated field.
    `nested` adds a sub-dict per row: {key: (model, fields)}, its columns reached
    through the relation `key` (a quote's "source"). The query is compiled once
    per shape (prepared_values()).
    """
    parts = [(None, model, list(fields))]
    for key, (related_model, names) in (nested or {}).items():
        parts.append((key, related_model, list(names)))
    columns, readers = [story], []
    for key, part_model, names in parts:
        prefix = f"{key}__" if key else ""
        for name in names:
            found = translated_columns(part_model, name)
            readers.append((key, name, len(columns), found))
            columns += [prefix + column for column in found.columns]
    # rewrite(False): modeltranslation reads these columns as written, without
    # its per-row fallback (done below, once per value).
    translated = _is_translated(model)

    def values(ids):
        records = queryset(ids)
        return (records.rewrite(False) if translated else records).values_list(*columns)

    # The same code building the same columns makes the same SQL.
    shape = (getattr(queryset, "__code__", queryset), story, tuple(columns))
    result = defaultdict(list)
    for values_row in prepared_values(model, shape, [pks], values):
        row = {key: {} for key, _model, _names in parts if key}
        for key, name, start, found in readers:
            value = found.first(values_row[start : start + len(found.columns)])
            (row[key] if key else row)[name] = value
        result[values_row[0]].append(row)
    return result


_prepared = threading.local()
# Shapes kept per thread (queries x editions x page sizes x databases), ~13 KiB
# each; past this the thread starts again with none.
MAX_PREPARED = 500


def prepared_values(
    model: type[models.Model],
    shape: Hashable,
    id_lists: Sequence[Sequence[int]],
    queryset: Callable[..., models.QuerySet],
) -> list[tuple]:
    """The rows (tuples) of `queryset(*id_lists)`, a values_list() query, its SQL compiled
    once per shape rather than per request.

    Building and compiling a query costs Django ~0.4-0.6 ms, executing it on a
    page's ids a fraction of that; a story list runs the same handful of queries on
    different ids. `shape` names everything but the ids that decides the SQL (the
    caller's columns, hence the edition); the number of ids in each list and the
    database (router.db_for_read) complete it. The SQL is compiled with stand-in
    ids (negative, unique) and run with the real ones in their places, and values
    are converted by the compiler's own converters, as values_list() would.

    `queryset` must depend on nothing but the ids and what `shape` names. As a
    check, it is compiled twice: a query whose SQL or other parameters differ
    (timezone.now(), say) is compiled on every call instead, as is one whose other
    parameters are not plain strings or numbers. Runs on the connection's cursor:
    counted and logged as any query. Ids must be unique within a list.
    """
    alias = router.db_for_read(model)
    key = (shape, alias, tuple(len(ids) for ids in id_lists))
    cache = getattr(_prepared, "queries", None)
    if cache is None or len(cache) > MAX_PREPARED:
        cache = _prepared.queries = {}
    prepared = cache.get(key)
    if prepared is None:
        prepared = _prepare(queryset, alias, id_lists)
        if prepared is None:
            return list(queryset(*id_lists).using(alias))
        cache[key] = prepared
    sql, positions, compiler = prepared
    params = [
        id_lists[place[0]][place[1]] if type(place) is tuple else place
        for place in positions
    ]
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return list(compiler.results_iter(results=[rows], tuple_expected=True))


# Stand-in ids: negative and far from any constant a query would carry.
_STAND_IN = -(2**40)


def _prepare(queryset, alias, id_lists):
    stand_ins, start = [], _STAND_IN
    for ids in id_lists:
        stand_ins.append([start - n for n in range(len(ids))])
        start -= len(ids)
    places = {
        stand_in: (which, n)
        for which, group in enumerate(stand_ins)
        for n, stand_in in enumerate(group)
    }
    compiled = []
    for _twice in range(2):
        compiler = queryset(*stand_ins).using(alias).query.get_compiler(using=alias)
        try:
            compiled.append((*compiler.as_sql(), compiler))
        except EmptyResultSet:
            return None
    (sql, params, compiler), (again, params_again, _compiler) = compiled
    if (sql, list(params)) != (again, list(params_again)):
        return None  # it depends on more than the ids: the time, say
    positions, used = [], set()
    for param in params:
        if type(param) is int and param in places:
            positions.append(places[param])  # an id list may appear twice
            used.add(param)
        elif isinstance(param, str | int | float):
            positions.append(param)  # a constant (a status, a choice)
        else:
            return None
    if used != set(places):  # an id the SQL does not carry as a parameter
        return None
    return sql, positions, compiler


def attach(stories: Iterable, attribute: str, rows: dict[int, list[dict]]) -> None:
    """Set each story's `attribute` to its rows (an empty list for none)."""
    for story in stories:
        setattr(story, attribute, rows.get(story.pk, []))


class Edition(NamedTuple):
    """Another published edition of a story, as the API links to it."""

    pk: int
    uuid: uuid.UUID
    language: str
    headline: str
    slug: str
    translation_of_id: int | None
    publish_at: datetime.datetime


def editions_by_story(stories: Sequence) -> dict[int, list[Edition]]:
    """{story pk: its other published editions} for `stories` (instances with
    `pk` and `translation_of_id`), in one query, with the rule and order of
    Article.published_editions(): the original, the original's other translations
    (newest first), then the story's own translations (newest first), each once.

    The query is published_editions()' for one story, widened to the page, as a
    union of lookups by translation_of and by key, unordered: the planner looks
    the stories up rather than walking every public story in publication order.
    """
    pks = [story.pk for story in stories]
    originals = sorted({s.translation_of_id for s in stories if s.translation_of_id})

    def editions(pks, originals):
        # One arm per lookup, each answered by its own index: as one OR, SQLite's
        # planner walked every public story by (status, publish_at) once a page
        # held many translations (26 ms at 20,000 stories).
        published = Article.objects.published().order_by()
        arms = [published.filter(translation_of_id__in=pks)]
        if originals:
            arms += [
                published.filter(pk__in=originals),
                published.filter(translation_of_id__in=originals),
            ]
        arms = [arm.values_list(*Edition._fields) for arm in arms]
        return arms[0].union(*arms[1:], all=True) if len(arms) > 1 else arms[0]

    # A story may come by two arms (a translation of the page's story and of its
    # original): once each.
    found = prepared_values(Article, "editions", [pks, originals], editions)
    rows = list({values[0]: Edition(*values) for values in found}.values())
    by_pk = {row.pk: row for row in rows}
    translations = defaultdict(list)
    for row in rows:
        if row.translation_of_id is not None:
            translations[row.translation_of_id].append(row)
    for group in translations.values():
        group.sort(key=lambda row: (row.publish_at, row.pk), reverse=True)
    result = {}
    for story in stories:
        original = by_pk.get(story.translation_of_id)
        group = [original, *translations[original.pk]] if original else []
        seen, editions = {story.pk}, []
        for other in [*group, *translations.get(story.pk, ())]:
            if other.pk not in seen:
                seen.add(other.pk)
                editions.append(other)
        result[story.pk] = editions
    return result


class RelatedColumns:
    """A foreign key's record read as a row through the story's own query.

    `annotations` select the columns of `fields` of the record the foreign key
    `relation` points to (every edition's column of a translated field, in the
    order modeltranslation tries them now); row(story) gives that record as a dict
    keyed by `fields`, or None when the story has none. select_related() would
    build a model instance per story instead (tens of microseconds each with
    django-modeltranslation).
    """

    def __init__(self, relation: str, model: type[models.Model], fields: Sequence[str]):
        self.relation = relation
        self.annotations, self._readers = {}, []
        for name in fields:
            found = translated_columns(model, name)
            aliases = [f"{relation}_row_{column}" for column in found.columns]
            for alias, column in zip(aliases, found.columns, strict=True):
                self.annotations[alias] = F(f"{relation}__{column}")
            self._readers.append((name, aliases, found))

    def row(self, story) -> dict | None:
        if getattr(story, f"{self.relation}_id") is None:
            return None
        return {
            name: found.first([getattr(story, alias) for alias in aliases])
            for name, aliases, found in self._readers
        }
