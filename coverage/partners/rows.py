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

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import models
from modeltranslation.translator import translator
from modeltranslation.utils import (
    build_localized_fieldname,
    get_language,
    resolution_order,
)

MISSING = (None, "")
PLAIN = object()  # a column read as it is


def _columns(model: type[models.Model], name: str) -> tuple[list[str], object]:
    """The columns to read for `name` and the value when none has one: the column
    itself, or every edition's column of a translated field in the order
    modeltranslation would try them now, and the field's default."""
    if not _is_translated(model):
        return [name], PLAIN
    if name not in translator.get_options_for_model(model).all_fields:
        return [name], PLAIN
    descriptor = getattr(model, name)
    languages = resolution_order(get_language(), descriptor.fallback_languages)
    columns = [build_localized_fieldname(name, language) for language in languages]
    return columns, descriptor.field.get_default()


def _is_translated(model: type[models.Model]) -> bool:
    return model in translator.get_registered_models()


def rows_by_story(
    queryset: models.QuerySet,
    story: str,
    fields: Sequence[str],
    *,
    nested: dict[str, tuple[type[models.Model], Sequence[str]]] | None = None,
) -> dict[int, list[dict]]:
    """{story pk: [row, ...]} from one query of `queryset`'s model.

    `story` is the lookup from that model to the story's pk (e.g. "articles" for
    a topic); `fields` are the row's keys, each a column of the model or a
    translated field. `nested` adds a sub-dict per row: {key: (model, fields)},
    its columns reached through the relation `key` (a quote's "source").
    """
    parts = [(None, queryset.model, list(fields))]
    for key, (model, names) in (nested or {}).items():
        parts.append((key, model, list(names)))
    columns, readers = [story], []
    for key, model, names in parts:
        prefix = f"{key}__" if key else ""
        for name in names:
            found, default = _columns(model, name)
            readers.append((key, name, len(columns), len(found), default))
            columns += [prefix + column for column in found]
    # rewrite(False): modeltranslation reads these columns as written, without
    # its per-row fallback (done below, once per value).
    translated = _is_translated(queryset.model)
    values = (queryset.rewrite(False) if translated else queryset).values_list(*columns)
    result = defaultdict(list)
    for values_row in values:
        row = {key: {} for key, _model, _names in parts if key}
        for key, name, start, count, default in readers:
            value = _first_meaningful(values_row, start, count, default)
            (row[key] if key else row)[name] = value
        result[values_row[0]].append(row)
    return result


def _first_meaningful(values: tuple, start: int, count: int, default):
    if default is PLAIN:
        return values[start]
    for value in values[start : start + count]:
        if value not in MISSING:
            return value
    return default


def attach(stories: Iterable, attribute: str, rows: dict[int, list[dict]]) -> None:
    """Set each story's `attribute` to its rows (an empty list for none)."""
    for story in stories:
        setattr(story, attribute, rows.get(story.pk, []))
