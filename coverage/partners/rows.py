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
import uuid
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from typing import NamedTuple

from django.db import models
from django.db.models import F
from modeltranslation.translator import translator
from modeltranslation.utils import fallbacks_enabled, get_language

from articles.compiled import CompiledRead, run_together
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


def plan_rows(
    model: type[models.Model],
    queryset: Callable[[list[int]], models.QuerySet],
    story: str,
    fields: Sequence[str],
    pks: list[int],
    *,
    nested: dict[str, tuple[type[models.Model], Sequence[str]]] | None = None,
) -> "Planned":
    """The read of {story pk: [row, ...]} from one query, queryset(pks), of `model`
    (run it with run_planned()).

    `queryset(pks)` gives the records of the stories `pks` (e.g.
    `lambda pks: Topic.objects.filter(articles__id__in=pks)`), `story` is the
    lookup from that model to the story's pk ("articles" for a topic); `fields`
    are the row's keys, each a column of the model or a translated field.
    `nested` adds a sub-dict per row: {key: (model, fields)}, its columns reached
    through the relation `key` (a quote's "source"). The query is compiled once
    per shape (values_by_ids()), and how to read its rows worked out once per
    shape and edition.
    """
    nested = tuple((nested or {}).items())
    key = (
        getattr(queryset, "__code__", queryset),
        story,
        tuple(fields),
        nested,
        get_language(),
        fallbacks_enabled(),
    )
    plan = _PLANS.get(key)
    if plan is None:
        plan = _PLANS[key] = _RowsPlan(model, queryset, story, fields, dict(nested))
    return Planned(
        compiled_read(plan.shape, plan.values, ids=pks), {"ids": pks}, plan.finish
    )


class _RowsPlan:
    """The columns plan_rows() reads for one shape in one edition, and how its
    rows become dicts."""

    def __init__(self, model, queryset, story, fields, nested):
        parts = [(None, model, list(fields))]
        for key, (related_model, names) in nested.items():
            parts.append((key, related_model, list(names)))
        columns, self.readers = [story], []
        for key, part_model, names in parts:
            prefix = f"{key}__" if key else ""
            # Per part: its plain columns side by side (one slice), then each
            # translated field's columns, resolved by its rule.
            found = {name: translated_columns(part_model, name) for name in names}
            plain = [name for name in names if found[name].is_plain]
            start = len(columns)
            columns += [prefix + found[name].columns[0] for name in plain]
            stop = len(columns)
            resolved = []
            for name in names:
                if not found[name].is_plain:
                    first = len(columns)
                    columns += [prefix + column for column in found[name].columns]
                    resolved.append(
                        (
                            name,
                            first,
                            len(columns),
                            found[name].undefined,
                            found[name].fallback,
                        )
                    )
            self.readers.append((key, tuple(plain), start, stop, resolved))
        # rewrite(False): modeltranslation reads these columns as written, without
        # its per-row fallback (done in finish(), once per value).
        translated = _is_translated(model)

        def values(ids):
            records = queryset(ids)
            return (records.rewrite(False) if translated else records).values_list(
                *columns
            )

        self.values = values
        # The same code building the same columns makes the same SQL.
        self.shape = (getattr(queryset, "__code__", queryset), story, tuple(columns))

    def finish(self, values_rows) -> dict[int, list[dict]]:
        result = defaultdict(list)
        for values_row in values_rows:
            row = None
            for key, names, start, stop, resolved in self.readers:
                part = dict(zip(names, values_row[start:stop], strict=True))
                # Each translated field: TranslatedColumns.first() written out (a
                # page reads some 500 such values).
                for name, first, last, undefined, fallback in resolved:
                    for value in values_row[first:last]:
                        if value is not None and value != undefined:
                            break
                    else:
                        value = fallback
                    part[name] = value
                if key is None:
                    row = part
                else:
                    row[key] = part
            result[values_row[0]].append(row)
        return result


# {(shape, edition, fallbacks on): its _RowsPlan}: a handful of shapes.
_PLANS: dict[Hashable, _RowsPlan] = {}


# {shape: its compiled read}: a shape is the code building the query and the
# columns it reads (hence the edition's fallback order).
_READS: dict[Hashable, CompiledRead] = {}


def compiled_read(
    shape: Hashable, queryset: Callable[..., models.QuerySet], **id_lists: list[int]
) -> CompiledRead:
    """`queryset(**id_lists)`, a values_list() query, compiled once per shape,
    edition and list lengths (articles.compiled.CompiledRead) rather than per
    request: building and compiling it cost Django ~0.4-0.6 ms, running it on a
    page's ids a fraction of that. `shape` names everything but the ids that
    decides the SQL; ids must be unique within a list."""
    read = _READS.get(shape)
    if read is None:
        read = _READS[shape] = CompiledRead(queryset, **dict.fromkeys(id_lists, list))
    return read


def values_by_ids(
    shape: Hashable, queryset: Callable[..., models.QuerySet], **id_lists: list[int]
) -> list[tuple]:
    """The rows (tuples) of compiled_read(shape, queryset, **id_lists)."""
    return compiled_read(shape, queryset, **id_lists)(**id_lists)


class Planned(NamedTuple):
    """A compiled read, the values to run it with, and what makes its answer."""

    read: CompiledRead
    values: dict
    finish: Callable[[list], object]


def run_planned(plans: dict[str, Planned]) -> dict[str, object]:
    """{name: plan.finish(its rows)}, the reads run together (articles.compiled.
    run_together(): one round trip on PostgreSQL, where each cost the client some
    0.2 ms of CPU; one after another elsewhere)."""
    found = run_together(*[(plan.read, plan.values) for plan in plans.values()])
    return {
        name: plan.finish(rows)
        for (name, plan), rows in zip(plans.items(), found, strict=True)
    }


def attach(
    stories: Sequence, attribute: str, rows: dict[int, list[dict]], *, pks=None
) -> None:
    """Set each story's `attribute` to its rows (an empty list for none); `pks`,
    when given, are the stories' keys in order."""
    if pks is None:
        pks = [story.pk for story in stories]
    for pk, story in zip(pks, stories, strict=True):
        setattr(story, attribute, rows.get(pk, []))


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
    """{story pk: its other published editions} for `stories`: plan_editions()
    run."""
    return run_planned({"editions": plan_editions(stories)})["editions"]


def plan_editions(stories: Sequence) -> Planned:
    """The read of {story pk: its other published editions} for `stories` (instances with
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

    values = {"pks": pks, "originals": originals}
    return Planned(
        compiled_read("editions", editions, **values),
        values,
        lambda found: _editions(stories, found),
    )


def _editions(stories: Sequence, found: list[tuple]) -> dict[int, list[Edition]]:
    # A story may come by two arms (a translation of the page's story and of its
    # original): once each.
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
        self._key = f"{relation}_id"
        self.annotations, self._readers = {}, []
        for name in fields:
            found = translated_columns(model, name)
            aliases = [f"{relation}_row_{column}" for column in found.columns]
            for alias, column in zip(aliases, found.columns, strict=True):
                self.annotations[alias] = F(f"{relation}__{column}")
            self._readers.append((name, aliases, found, found.is_plain))

    def row(self, story) -> dict | None:
        if getattr(story, self._key) is None:
            return None
        values = story.__dict__  # the annotations, as the story's query set them
        row = {}
        for name, aliases, found, is_plain in self._readers:
            if is_plain:
                row[name] = values[aliases[0]]
            else:
                row[name] = found.first([values[alias] for alias in aliases])
        return row
