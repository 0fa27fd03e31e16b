"""Per-edition names and descriptions of places and events (see
articles/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from events.models import Event, Place


@register(Place)
class PlaceTranslation(TranslationOptions):
    fields = ("name", "aliases", "description")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary")
