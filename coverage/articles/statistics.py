"""Fresh statistics for the database's query planner.

Both SQLite and PostgreSQL choose between indexes with statistics that ANALYZE
gathers. Without them SQLite walks the timeline's coverage through the
(status, publish_at) index instead of the events' own rows (613 ms against 168 ms
on a 20,000-story archive). PostgreSQL's autovacuum refreshes its statistics in time;
SQLite never does by itself. So they are refreshed after every migration (the
post_migrate receiver in ArticlesConfig) and after a bulk load (the generator).
"""

from django.db import DEFAULT_DB_ALIAS, connections


def refresh_planner_statistics(using: str = DEFAULT_DB_ALIAS) -> None:
    """Run ANALYZE on the whole database `using` (seconds on a large archive)."""
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")


def analyze_after_migrate(sender, using=DEFAULT_DB_ALIAS, plan=None, **kwargs) -> None:
    """post_migrate receiver: once migrations have changed something, put back the
    SQLite search index's triggers if a table rebuild dropped them, then ANALYZE."""
    from articles.migrations._sqlite_fts import ensure_fts

    if plan:
        ensure_fts(connections[using])
        refresh_planner_statistics(using)
