"""Per-edition values of the newsroom's vocabularies (django-modeltranslation).

Each field named here gets a column per language in settings.LANGUAGES (`name_en`,
`name_ar`, `name_ckb`); reading `section.name` gives the active edition's value, or
the English one where the translation is empty.
"""

from collections.abc import Sequence

from django.conf import settings
from modeltranslation.fields import NONE
from modeltranslation.translator import TranslationOptions, register, translator
from modeltranslation.utils import (
    build_localized_fieldname,
    fallbacks_enabled,
    get_language,
    resolution_order,
)

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
    attribute of an instance would (the active edition's column, else the fallback
    languages' in order; a value equal to the field's default, or None, counts as
    missing), with the language looked up once: building a translated model instance
    costs ~75 µs, a page of thirty events with their places and actors milliseconds.
    """
    readers, columns = [], []
    for name in fields:
        found, undefined, fallback = _translated_columns(queryset.model, name)
        readers.append((name, len(columns), len(found), undefined, fallback))
        columns += found
    if queryset.model in translator.get_registered_models():
        # As written: the fallback is resolved below, once per value.
        queryset = queryset.rewrite(False)
    rows = []
    for values in queryset.values_list(*columns):
        row = {}
        for name, start, count, undefined, fallback in readers:
            if undefined is _PLAIN:
                row[name] = values[start]
                continue
            row[name] = fallback
            for value in values[start : start + count]:
                if value is not None and value != undefined:
                    row[name] = value
                    break
        rows.append(row)
    return rows


_PLAIN = object()


def _translated_columns(model, name: str):
    """(columns, undefined, fallback) for the path `name` from `model`: the column
    itself (undefined is _PLAIN), or each edition's column of a translated field in
    the order modeltranslation tries them now, the value that counts as missing and
    the value when every column misses."""
    *path, attribute = name.split("__")
    for part in path:
        model = model._meta.get_field(part).related_model
    options = (
        translator.get_options_for_model(model)
        if model in translator.get_registered_models()
        else None
    )
    if options is None or attribute not in options.all_fields:
        return [name], _PLAIN, None
    descriptor = getattr(model, attribute)
    prefix = "".join(f"{part}__" for part in path)
    columns = [
        prefix + build_localized_fieldname(attribute, language)
        for language in resolution_order(get_language(), descriptor.fallback_languages)
    ]
    default = descriptor.field.get_default()
    undefined = descriptor.fallback_undefined
    if undefined is NONE:
        undefined = default
    fallback = default
    if fallbacks_enabled() and descriptor.fallback_value is not NONE:
        fallback = descriptor.fallback_value
    return columns, undefined, fallback
