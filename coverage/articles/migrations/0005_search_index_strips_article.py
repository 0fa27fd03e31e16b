"""Rebuild the search GIN index: the indexed expression now drops the Arabic
definite article (articles.search.Normalized), and an expression index is only
used when it matches the query's expression exactly."""

from django.db import migrations

from articles.migrations._search_index import create_index, drop_index


def rebuild(apps, schema_editor):
    drop_index(apps, schema_editor)
    create_index(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_roles")]

    operations = [migrations.RunPython(rebuild, rebuild)]
