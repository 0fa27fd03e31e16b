"""Store the search document instead of computing it per row.

make bench showed a search for common words taking ten seconds over 20,000 stories:
with an expression index, PostgreSQL recomputes the document of every matching row
to check and rank it. A stored generated column is computed once per write.
"""

from django.db import migrations

from articles.migrations._search_index import (
    create_document,
    create_index,
    drop_document,
    drop_index,
)


def forwards(apps, schema_editor):
    drop_index(apps, schema_editor)
    create_document(apps, schema_editor)


def backwards(apps, schema_editor):
    drop_document(apps, schema_editor)
    create_index(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_search_index_strips_article")]

    operations = [migrations.RunPython(forwards, backwards)]
