"""Per-edition values of the newsroom's vocabularies (django-modeltranslation).

Each field named here gets a column per language in settings.LANGUAGES (`name_en`,
`name_ar`, `name_ckb`); reading `section.name` gives the active edition's value, or
the English one where the translation is empty.
"""

from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

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
