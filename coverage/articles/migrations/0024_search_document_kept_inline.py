"""PostgreSQL keeps each story's search document in its row, uncompressed.

Ranking reads the tsvector of every match: at 100,000 stories a word found in most
English stories has 63,000 of them. Stored EXTENDED (PostgreSQL's default), the
tsvector of a row as wide as a story's (body and plain body, several KB) was
compressed and moved to the TOAST table with them, and every ranked search fetched
and decompressed it again: ts_rank over those 63,000 rows took 375 ms. With storage
MAIN the body columns leave the row first and the tsvector (about 1 KB) stays in
it: 103 ms, measured on the same archive. MAIN still lets PostgreSQL compress or
move it out when a very long story leaves no other choice.

The setting applies to rows written from now on; rows already stored keep their
place until rewritten (VACUUM FULL articles_article, or any later table rewrite).
Nothing happens on SQLite, whose index is FTS5's own table.
"""

from django.db import migrations

STORAGE = "ALTER TABLE articles_article ALTER COLUMN search_document SET STORAGE {}"


def keep_inline(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(STORAGE.format("MAIN"))


def store_extended(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(STORAGE.format("EXTENDED"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0023_sqlite_article_text_last")]

    operations = [migrations.RunPython(keep_inline, store_extended)]
