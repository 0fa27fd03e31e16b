"""Per-edition values of the newsroom's vocabularies (django-modeltranslation).

Each field named here gets a column per language in settings.LANGUAGES (`name_en`,
`name_ar`, `name_ckb`); reading `section.name` gives the active edition's value, or
the English one where the translation is empty.
"""

from collections.abc import Sequence
from operator import itemgetter
from typing import NamedTuple

from django.conf import settings
from django.utils import translation
from modeltranslation.fields import NONE
from modeltranslation.translator import TranslationOptions, register, translator
from modeltranslation.utils import (
    build_localized_fieldname,
    fallbacks_enabled,
    get_language,
    resolution_order,
)

from articles.compiled import CompiledRead
from articles.models import Author, Section, Topic


def translated(*fields: str) -> list[str]:
    """Every edition's column of each field: translated("name") ->
    ["name_en", "name_ar", "name_ckb"], for searches that consider all of them."""
    return [f"{field}_{code}" for field in fields for code, _name in settings.LANGUAGES]


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "aliases", "description")


@register(Author)
class AuthorTranslation(TranslationOptions):
    """The byline, role and biography as each edition spells them."""

    fields = ("name", "job_title", "bio")


def translated_rows(queryset, fields: Sequence[str]) -> list[dict]:
    """`queryset`'s rows as dicts keyed by `fields`: columns or translated fields,
    of its model or reached through relations ("place__name"), read in one
    `values_list()` query of the columns needed.

    Each translated field is resolved by modeltranslation's own rule, as reading the
    attribute of an instance would (see `translated_columns`), with the language
    looked up once: building a translated model instance costs ~75 µs, a page of
    thirty events with their places and actors milliseconds.
    """
    readers, columns = _readers(queryset.model, fields)
    return _as_dicts(_values(queryset, columns), readers)


class CompiledRows:
    """translated_rows(build(**values), fields), with the query compiled once per
    database connection and edition (articles.compiled.CompiledRead: `arguments`
    name each value's type, and each must reach the SQL as a parameter)."""

    def __init__(self, build, fields: Sequence[str], **arguments: type):
        self.fields = tuple(fields)

        def values(**stand_ins):
            queryset = build(**stand_ins)
            return _values(queryset, _readers(queryset.model, self.fields)[1])

        self.read = CompiledRead(values, **arguments)
        self.model = self.read.model
        # {edition: how to read each field}, as the statement is compiled per
        # edition (working it out cost some 50 µs a call).
        self._readers = {}

    def __call__(self, **values) -> list[dict]:
        language = translation.get_language()
        readers = self._readers.get(language)
        if readers is None:
            readers = self._readers[language] = _readers(self.model, self.fields)[0]
        return _as_dicts(self.read(**values), readers)


def _readers(model, fields):
    """How to read each of `fields` from a row, and the columns to ask for, in the
    active edition."""
    readers, columns = [], []
    for name in fields:
        found = translated_columns(model, name)
        readers.append((name, len(columns), found))
        columns += found.columns
    return readers, columns


def _values(queryset, columns):
    if queryset.model in translator.get_registered_models():
        # As written: the fallback is resolved by _as_dicts(), once per value.
        queryset = queryset.rewrite(False)
    return queryset.values_list(*columns)


def _as_dicts(rows, readers) -> list[dict]:
    # Every field from its first column in one step, in `fields` order, then each
    # translated field's value from all its columns: a call per translated value,
    # not per value (a page of thirty events reads some four hundred values).
    if not readers:
        return [{} for _values in rows]
    names = [name for name, _start, _found in readers]
    take = itemgetter(*(start for _name, start, _found in readers))
    if len(readers) == 1:
        one = take
        take = lambda values: (one(values),)  # noqa: E731
    translated = [
        (name, start, start + len(found.columns), found.first)
        for name, start, found in readers
        if not found.is_plain
    ]
    dicts = []
    for values in rows:
        row = dict(zip(names, take(values), strict=True))
        for name, start, end, first in translated:
            row[name] = first(values[start:end])
        dicts.append(row)
    return dicts


class TranslatedColumns(NamedTuple):
    """The columns to read for one field, and how to pick its value from them."""

    columns: list[str]
    undefined: object  # a value that counts as missing (_PLAIN: a plain column)
    fallback: object  # the value when every column misses

    @property
    def is_plain(self) -> bool:
        """A column of its own, not a translated field: its one value as it is."""
        return self.undefined is _PLAIN

    def first(self, values) -> object:
        """The field's value from its columns' values, in `columns` order: the
        first that is not missing, else the fallback (a plain column as it is)."""
        if self.undefined is _PLAIN:
            return values[0]
        for value in values:
            if value is not None and value != self.undefined:
                return value
        return self.fallback


_PLAIN = object()


def translated_columns(model, name: str, language: str | None = None):
    """TranslatedColumns for the path `name` from `model` ("name", "place__name")
    as edition `language` (default: the active one) reads it: the column itself,
    or each edition's column of a translated field in the order modeltranslation
    tries them (that edition's, then its fallback languages'), the value that
    counts as missing (the field's `fallback_undefined`, else its default; None
    always) and the value when every column misses (`fallback_value`, else the
    default). The one statement of modeltranslation's rule for code that reads
    columns rather than instances (rows for pages, the API, menus)."""
    *path, attribute = name.split("__")
    for part in path:
        model = model._meta.get_field(part).related_model
    options = (
        translator.get_options_for_model(model)
        if model in translator.get_registered_models()
        else None
    )
    if options is None or attribute not in options.all_fields:
        return TranslatedColumns([name], _PLAIN, None)
    descriptor = getattr(model, attribute)
    prefix = "".join(f"{part}__" for part in path)
    languages = resolution_order(
        language or get_language(), descriptor.fallback_languages
    )
    columns = [
        prefix + build_localized_fieldname(attribute, code) for code in languages
    ]
    default = descriptor.field.get_default()
    undefined = descriptor.fallback_undefined
    if undefined is NONE:
        undefined = default
    fallback = default
    if fallbacks_enabled() and descriptor.fallback_value is not NONE:
        fallback = descriptor.fallback_value
    return TranslatedColumns(columns, undefined, fallback)
