from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from django.urls import register_converter

        from articles import text
        from articles.converters import UnicodeSlugConverter
        from articles.search import register_sqlite_function
        from shafaq.cache import connect_signals

        connect_signals()  # saving coverage invalidates the cached public pages
        text.connect_signals()  # pasted control characters never reach the database

        # SQLite has no translate(); search normalises Arabic text through this.
        connection_created.connect(register_sqlite_function)
        register_converter(UnicodeSlugConverter, "uslug")
