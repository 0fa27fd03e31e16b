"""Per-edition names and descriptions of places and events, and what a figure
counts (see articles/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from events.models import Event, Figure, Place


@register(Place)
class PlaceTranslation(TranslationOptions):
    fields = ("name", "aliases", "description")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Figure)
class FigureTranslation(TranslationOptions):
    # Shown beside the number on place, event and story pages and under charts.
    fields = ("counts", "unit")
