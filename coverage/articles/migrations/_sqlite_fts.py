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

SQLite cannot alter most columns in place, so a later migration of the article table
makes a new table and drops the old one, and its triggers with it. `ensure_fts()`
runs after every migrate (post_migrate, ArticlesConfig) and puts back what is missing,
rebuilding the index from the table when it had to.
"""

TABLE = "articles_article_fts"
COLUMNS = ("headline", "standfirst", "body_text")
# Column weights for bm25(), as PostgreSQL's A/B/C weights rank headline matches first.
BM25_WEIGHTS = (10.0, 4.0, 1.0)


def _sqlite(schema_editor) -> bool:
    return schema_editor.connection.vendor == "sqlite"


def _values(row: str) -> str:
    return ", ".join(f"shafaq_normalize({row}.{column})" for column in COLUMNS)


TRIGGERS = ("insert", "update", "delete")


def _statements() -> list[str]:
    columns = ", ".join(COLUMNS)
    insert = f"INSERT INTO {TABLE} (rowid, {columns}) VALUES (new.id, {_values('new')});"
    return [
        # unicode61 splits on what is not a letter or digit and folds case, as
        # PostgreSQL's "simple" configuration does.
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({columns}, "
        "tokenize = 'unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON articles_article "
        f"BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_update AFTER UPDATE OF {columns} "
        f"ON articles_article BEGIN DELETE FROM {TABLE} WHERE rowid = old.id; "
        f"{insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON articles_article "
        f"BEGIN DELETE FROM {TABLE} WHERE rowid = old.id; END",
    ]


def _rebuild(execute) -> None:
    execute(f"DELETE FROM {TABLE}")
    execute(
        f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) "
        f"SELECT id, {_values('articles_article')} FROM articles_article"
    )


def create_fts(apps, schema_editor):
    if not _sqlite(schema_editor):
        return
    for statement in _statements():
        schema_editor.execute(statement)
    _rebuild(schema_editor.execute)


def ensure_fts(connection) -> bool:
    """Put back the index and triggers a table rebuild dropped (SQLite; after the
    migration that made them). Returns True when something had to be rebuilt."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name = %s OR name LIKE %s",
            [TABLE, f"{TABLE}%"],
        )
        present = {row[0] for row in cursor.fetchall()}
        if TABLE not in present:
            return False  # before migration 0018, or after it was reversed
        wanted = {f"{TABLE}_{trigger}" for trigger in TRIGGERS}
        if wanted <= present:
            return False
        for statement in _statements():
            cursor.execute(statement)
        _rebuild(cursor.execute)
    return True


def restore_triggers(schema_editor) -> None:
    """Put back the triggers after a migration rebuilt the article table itself
    (the rows and their ids unchanged, so the index needs no rebuild)."""
    if not _sqlite(schema_editor):
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [TABLE])
        if cursor.fetchone() is None:
            return  # reversed to before the index existed
    for statement in _statements()[1:]:  # the triggers, not the table
        schema_editor.execute(statement)


def drop_fts(apps, schema_editor):
    if not _sqlite(schema_editor):
        return
    for trigger in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{trigger}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")
