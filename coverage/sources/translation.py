"""Per-edition names, aliases, roles and descriptions of sources (see
articles/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from sources.models import Source


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("name", "aliases", "role", "country", "description")
