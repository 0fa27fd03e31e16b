from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default = True
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles import text
        from articles.search import register_sqlite_function
        from articles.statistics import analyze_after_migrate

        text.connect_signals()  # pasted control characters never reach the database

        # SQLite has no translate(); search normalises Arabic text through this.
        connection_created.connect(register_sqlite_function)
        # Fresh planner statistics once migrations have run (see articles.statistics).
        post_migrate.connect(analyze_after_migrate, sender=self)


class DeskAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the newsroom's desk as its site (articles/desk.py)."""

    default = False
    default_site = "articles.desk.DeskSite"
