from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadersConfig(AppConfig):
    """The public site (no models): pages, feeds, sitemaps and their page cache."""

    name = "readers"
    verbose_name = _("Reader site")

    def ready(self):
        from django.urls import register_converter

        from readers.cache import connect_signals
        from readers.converters import UnicodeSlugConverter

        connect_signals()  # saving coverage invalidates the cached public pages
        register_converter(UnicodeSlugConverter, "uslug")
