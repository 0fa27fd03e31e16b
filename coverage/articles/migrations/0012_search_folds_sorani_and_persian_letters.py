"""Rebuild the stored search document: articles.search now also folds the letters
Sorani and Persian keyboards type (keheh, farsi yeh, the Kurdish heh forms), their
digits, and deletes zero-width non-joiners. A generated column keeps the expression
it was created with, so it is dropped and created again from the new one; PostgreSQL
recomputes every row. Nothing happens on SQLite, which normalises at query time.
"""

from django.db import migrations

from articles.migrations._search_index import create_document, drop_document


def rebuild(apps, schema_editor):
    drop_document(apps, schema_editor)
    create_document(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_withdrawal_and_coverage_version")]

    operations = [migrations.RunPython(rebuild, rebuild)]
