"""SQLite: the story's body and plain text become the article table's last columns.

SQLite stores a row's columns in table order, and a row longer than a page spills
onto overflow pages. The body and its plain text (about 6 KB together) came before
status, language and publish_at, so every visibility check of a story joined from a
topic, place, source, event or search hit read through the overflow chain to reach
them: a topic page's count, the timeline's coverage and a search's filter read
thousands of rows that way. After the body, they are read from the row's first page.
(PostgreSQL stores long values out of line, TOAST, and needs nothing.)

Django's own table rebuild (what AlterField runs on SQLite) puts the fields it
alters after the others, with their data; the search index's triggers, dropped with
the old table, are put back. A later migration that rebuilds the table puts the
columns back in the order of the migration state: tests/articles/test_column_order.py
fails then, and a migration like this one is needed again.
"""

from django.db import migrations

from articles.migrations._sqlite_fts import restore_triggers

LONG_TEXT = ("body", "body_text")
# The rebuild orders columns by when each field object was made, and remakes a field
# pointing at its own table (a translation's original) afresh: moved first, it stays
# before the long text.
SELF_REFERENCES = ("translation_of",)


def long_text_last(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    article = apps.get_model("articles", "Article")
    moved = []
    for name in (*SELF_REFERENCES, *LONG_TEXT):
        field = article._meta.get_field(name)
        again = field.clone()
        again.set_attributes_from_name(name)
        moved.append((field, again))
    schema_editor._remake_table(article, alter_fields=moved)
    restore_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0022_lead_image_renditions_recorded")]

    # Backwards: the order does not matter to correctness, only to speed.
    operations = [migrations.RunPython(long_text_last, migrations.RunPython.noop)]
