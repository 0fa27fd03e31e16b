"""The GIN index behind full-text search, on PostgreSQL only.

It is built from articles.search.search_vector(), the very expression that queries
use, so the planner can match them. SQLite has no GIN indexes; its fallback search
reads the table.
"""

from django.db import migrations

from articles.migrations._search_index import create_index, drop_index


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
