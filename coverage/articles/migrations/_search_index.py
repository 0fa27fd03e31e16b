"""PostgreSQL-only schema for full-text search, built from articles.search.

The search document is a stored generated column: PostgreSQL computes it from the
headline, standfirst and body whenever a row is written (by any path: save(),
bulk_create(), update()), and a GIN index covers it. SQLite has neither; its
fallback search reads the table. When articles.search changes how text is
normalised, a new migration must rebuild both (see 0006).
"""

INDEX_NAME = "article_search_gin"
COLUMN = "search_document"


def _postgres(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def create_index(apps, schema_editor):
    """The first design (0003, 0005): a GIN index on the search expression."""
    if _postgres(schema_editor):
        from django.contrib.postgres.indexes import GinIndex

        from articles.search import search_vector

        index = GinIndex(search_vector(), name=INDEX_NAME)
        schema_editor.add_index(apps.get_model("articles", "Article"), index)


def drop_index(apps, schema_editor):
    if _postgres(schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


def _document_sql(model, schema_editor) -> str:
    """The search expression as SQL for a generated column (as GeneratedField does)."""
    from django.db.models.sql import Query

    from articles.search import search_vector

    connection = schema_editor.connection
    query = Query(model=model, alias_cols=False)
    compiler = connection.ops.compiler("SQLCompiler")(query, connection, using=None)
    expression = search_vector().resolve_expression(query, allow_joins=False)
    sql, params = compiler.compile(expression)
    return sql % tuple(schema_editor.quote_value(param) for param in params)


def create_document(apps, schema_editor):
    if _postgres(schema_editor):
        model = apps.get_model("articles", "Article")
        table = schema_editor.quote_name(model._meta.db_table)
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({_document_sql(model, schema_editor)}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {INDEX_NAME} ON {table} USING gin ({COLUMN})")


def drop_document(apps, schema_editor):
    if _postgres(schema_editor):
        model = apps.get_model("articles", "Article")
        table = schema_editor.quote_name(model._meta.db_table)
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")
