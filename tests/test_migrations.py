"""Migrations can be undone, and none throws away what editors wrote."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import (
    DeleteModel,
    RemoveField,
    RunPython,
    RunSQL,
)

# Where a data migration moved the data first, name the migration here with why.
DATA_MOVED_BEFORE_DROP: dict[tuple[str, str], str] = {
    ("articles", "0021_cache_tags_replace_coverage_version"): (
        "CoverageVersion's counter is copied to CacheTag's version row first (and back)"
    ),
}
OUR_APPS = {"articles", "sources", "events", "partners", "accounts", "operations"}


def our_migrations():
    # No connection: read the files only (this runs at collection, before any database).
    for (app, name), migration in MigrationLoader(None).disk_migrations.items():
        if app in OUR_APPS:
            yield app, name, migration


@pytest.mark.django_db(transaction=True)
def test_every_migration_reverses_to_zero_and_applies_again():
    """Our apps go back to zero and forward again; third-party apps are not ours to reverse.

    (django-tasks-db 0.13 ships a data migration without a reverse, so the whole
    project cannot go to zero; what must hold is that our own history can.)
    """
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    ours = [
        (app, None) for app in sorted(OUR_APPS) if app in executor.loader.migrated_apps
    ]
    try:
        executor.migrate(ours)
        executor = MigrationExecutor(connection)
        applied_apps = {app for app, _ in executor.loader.applied_migrations}
        assert not applied_apps & OUR_APPS
        tables = connection.introspection.table_names()
        assert not [t for t in tables if t.split("_", 1)[0] in OUR_APPS]
    finally:
        # Whatever happened above, leave the schema whole for the tests after this one.
        MigrationExecutor(connection).migrate(leaves)
    executor = MigrationExecutor(connection)
    assert not executor.migration_plan(leaves)
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Reporter",
        "Editor",
        "Administrator",
    }


@pytest.mark.parametrize(
    ("app", "name", "migration"),
    sorted(our_migrations(), key=lambda row: row[:2]),
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_code_and_sql_steps_in_migrations_say_how_to_undo_them(app, name, migration):
    for operation in migration.operations:
        if isinstance(operation, RunPython):
            assert operation.reversible, f"{app}.{name}: RunPython without reverse_code"
        if isinstance(operation, RunSQL):
            assert operation.reversible, f"{app}.{name}: RunSQL without reverse_sql"


@pytest.mark.parametrize(
    ("app", "name", "migration"),
    sorted(our_migrations(), key=lambda row: row[:2]),
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_no_migration_drops_a_column_or_table_without_moving_its_data_first(
    app, name, migration
):
    drops = [
        operation
        for operation in migration.operations
        if isinstance(operation, RemoveField | DeleteModel)
    ]

    assert not drops or (app, name) in DATA_MOVED_BEFORE_DROP, (
        f"{app}.{name} drops {drops}: move the data in a data migration first, "
        "then list it in DATA_MOVED_BEFORE_DROP with why"
    )
