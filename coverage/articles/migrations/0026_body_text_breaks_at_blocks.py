"""Recompute the stored plain text of every story and live update with
articles.text.plain_text: words no longer run together across paragraphs, headings and
list items, and entities are decoded ("&amp;" is stored as "&").

PostgreSQL's generated search_document follows the column; on SQLite the FTS5
table's UPDATE trigger (_sqlite_fts) re-indexes each changed row. Rows are read in
primary-key batches, never all at once, and written with bulk_update: memory stays
bounded at any archive size, and no read cursor stays open under the writes (SQLite).
"""

from django.db import migrations

from articles.text import plain_text

BATCH = 500


def recompute(model) -> None:
    last = 0
    while True:
        rows = list(
            model.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "body", "body_text")[:BATCH]
        )
        if not rows:
            return
        changed = []
        for row in rows:
            text = plain_text(row.body)
            if text != row.body_text:
                row.body_text = text
                changed.append(row)
        if changed:
            model.objects.bulk_update(changed, ["body_text"])
        last = rows[-1].pk


def forwards(apps, schema_editor):
    recompute(apps.get_model("articles", "Article"))
    recompute(apps.get_model("articles", "LiveUpdate"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0025_covering_lookups")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)
    ]
