"""Prepared statements, for the few queries whose text never changes and whose planning costs
more than their work (the stocktaking list's items: a page of entries with six link arrays
to build, ``stocktaking.api.serializers.list_json``).

Django binds parameters on the client (the values are written into the SQL text) and never
prepares a statement (``prepare_threshold`` is off, so that connection poolers keep working).
``prepared_cursor`` gives a cursor of the same connection that sends the parameters apart
and asks psycopg to prepare the statement: PostgreSQL parses and plans it once per
connection (after five executions, the plan that fits any parameters), and with the
connection pool or persistent connections every later request only executes it. psycopg
keeps the names of what it prepared per connection, so a new connection prepares again.

Nothing else changes: the cursor is Django's (errors, query log, ``execute_wrappers``). A
pooler in transaction mode (PgBouncer before 1.21, or without ``max_prepared_statements``)
would lose the statements between transactions: the portal's deployment connects directly.
"""

from django.db import connections
from django.db.backends.postgresql.base import ServerBindingCursor


class PreparingCursor(ServerBindingCursor):
    """psycopg's cursor with server-side binding, preparing every statement it executes."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


def prepared_cursor(using):
    """A cursor on the connection ``using`` whose statements are prepared (PostgreSQL with
    psycopg 3 only): write its queries with ``%s`` placeholders and the same text each time."""
    connection = connections[using]
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        cursor = PreparingCursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)
