"""SQLite-only schema for full-text search: an FTS5 table kept in sync by triggers.

SQLite has no tsvector; its own full-text engine, FTS5 (built into the sqlite3 that
ships with Python), stands in. `articles_article_fts` holds, per story (its rowid is
the story's id), the headline, standfirst and plain body as `articles.search`
normalises them (`shafaq_normalize`, the same folding PostgreSQL applies to its
tsvector). Triggers on the article table keep it in sync on every write path:
save(), bulk_create(), update(), delete. The function is registered on every
connection Django opens (ArticlesConfig.ready); a write to the article table from
outside Django (the sqlite3 shell) fails with "no such function: shafaq_normalize"
rather than leaving the index stale. On PostgreSQL every function here does nothing.
"""

TABLE = "articles_article_fts"
COLUMNS = ("headline", "standfirst", "body_text")
# Column weights for bm25(), as PostgreSQL's A/B/C weights rank headline matches first.
BM25_WEIGHTS = (10.0, 4.0, 1.0)


def _sqlite(schema_editor) -> bool:
    return schema_editor.connection.vendor == "sqlite"


def _values(row: str) -> str:
    return ", ".join(f"shafaq_normalize({row}.{column})" for column in COLUMNS)


def create_fts(apps, schema_editor):
    if not _sqlite(schema_editor):
        return
    columns = ", ".join(COLUMNS)
    execute = schema_editor.execute
    # unicode61 splits on what is not a letter or digit and folds case, as
    # PostgreSQL's "simple" configuration does.
    execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5({columns}, "
        "tokenize = 'unicode61 remove_diacritics 0')"
    )
    execute(
        f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON articles_article BEGIN "
        f"INSERT INTO {TABLE} (rowid, {columns}) VALUES (new.id, {_values('new')}); END"
    )
    execute(
        f"CREATE TRIGGER {TABLE}_update AFTER UPDATE OF {columns} ON articles_article "
        f"BEGIN DELETE FROM {TABLE} WHERE rowid = old.id; "
        f"INSERT INTO {TABLE} (rowid, {columns}) VALUES (new.id, {_values('new')}); END"
    )
    execute(
        f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON articles_article BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = old.id; END"
    )
    execute(
        f"INSERT INTO {TABLE} (rowid, {columns}) "
        f"SELECT id, {_values('articles_article')} FROM articles_article"
    )


def drop_fts(apps, schema_editor):
    if not _sqlite(schema_editor):
        return
    for trigger in ("insert", "update", "delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{trigger}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")
