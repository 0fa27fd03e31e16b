"""Create and drop the PostgreSQL search index from the expression queries use."""

INDEX_NAME = "article_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from django.contrib.postgres.indexes import GinIndex

        from articles.search import search_vector

        index = GinIndex(search_vector(), name=INDEX_NAME)
        schema_editor.add_index(apps.get_model("articles", "Article"), index)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
