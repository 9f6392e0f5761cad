"""Migration operations that leave a large table readable and writable while they run.

An index built by a plain ``CREATE INDEX`` locks its table against writes for the whole build
(minutes for the stocktaking entries at a million rows); PostgreSQL's ``CONCURRENTLY`` builds
it beside the traffic, outside a transaction (so a migration using these sets
``atomic = False``). SQLite, the run command's embedded default, has no such thing and takes
the plain statement.
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations


def is_postgres(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def run_on_postgres(statements):
    """A ``RunPython`` function that executes ``statements`` in order on PostgreSQL (triggers,
    functions: SQL SQLite has no equivalent of) and does nothing elsewhere."""

    def operation(apps, schema_editor):
        if is_postgres(schema_editor):
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class AddIndexWithoutLocking(AddIndexConcurrently):
    """``AddIndex``, concurrently on PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if is_postgres(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_forwards(
            self, app_label, schema_editor, from_state, to_state
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if is_postgres(schema_editor):
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_backwards(
            self, app_label, schema_editor, from_state, to_state
        )


def create_index_sql(name, table, definition, *, postgres_only=False):
    """A ``RunPython`` that creates index ``name`` on ``table`` (``definition``: what follows
    the table name, e.g. ``"USING gin (x)"``), concurrently on PostgreSQL; ``postgres_only``
    for a definition SQLite cannot take."""

    def forwards(apps, schema_editor):
        if is_postgres(schema_editor):
            schema_editor.execute(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} {definition}"
            )
        elif not postgres_only:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {definition}")

    def backwards(apps, schema_editor):
        if is_postgres(schema_editor):
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
        elif not postgres_only:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards)
