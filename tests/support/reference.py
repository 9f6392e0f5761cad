"""``fixtures/reference.json`` in the test database, as ``loaddata`` puts it there, in a
fraction of the time.

``loaddata`` saves the fixture's 3,181 rows one by one: about 7,500 queries and a cache bump
per row, 6 s of the test process's CPU (30 s on a busy machine) each time a test asks for the
reference content. The first load in a test process is ``loaddata`` itself; the rows it wrote
are then kept (PostgreSQL's ``COPY … TO``) and later loads write the same rows back with one
``COPY … FROM`` per table, reset the same sequences, check the same constraints and make
cached pages stale as the save signals did. When a table already holds one of the fixture's
keys (a test made that row itself), or on another database, it is ``loaddata`` again: what it
does then (update the row in place) is not imitated.
"""

import json
from functools import cache

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from psycopg import sql

from wsis_portal.reference import FIXTURE_PATH

_kept = []  # (table, columns, rows as COPY text) in the fixture's order, once loaded


@cache
def _fixture_keys():
    """Each model of the fixture (in the order it comes) with the primary keys it carries."""
    keys = {}
    with open(FIXTURE_PATH, encoding="utf-8") as fixture:
        for row in json.load(fixture):
            keys.setdefault(apps.get_model(row["model"]), []).append(row["pk"])
    return keys


def _tables():
    """(table, key column, keys, columns to copy) of each model and of the many-to-many links
    the fixture sets (the link's own id left to its sequence, as ``.set()`` leaves it)."""
    for model, keys in _fixture_keys().items():
        pk = model._meta.pk.column
        yield model._meta.db_table, pk, keys, _columns(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through._meta
            if through.auto_created:
                source = through.get_field(field.m2m_field_name()).column
                columns = [c for c in _columns(through.db_table) if c != through.pk.column]
                yield through.db_table, source, keys, columns


def _columns(table):
    """The columns a row is written with (not those PostgreSQL computes itself)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
            "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
            [table],
        )
        return [name for (name,) in cursor.fetchall()]


def _keep():
    with connection.cursor() as cursor:
        for table, key, keys, columns in _tables():
            query = sql.SQL("COPY (SELECT {} FROM {} WHERE {} = ANY({})) TO STDOUT").format(
                sql.SQL(", ").join(map(sql.Identifier, columns)),
                sql.Identifier(table),
                sql.Identifier(key),
                sql.Literal(keys),
            )
            with cursor.cursor.copy(query) as copy:
                rows = b"".join(bytes(chunk) for chunk in copy)
            _kept.append((table, columns, rows))


def _none_there_yet(cursor):
    for table, key, keys, _ in _tables():
        query = sql.SQL("SELECT EXISTS (SELECT 1 FROM {} WHERE {} = ANY(%s))").format(
            sql.Identifier(table), sql.Identifier(key)
        )
        cursor.execute(query.as_string(cursor.cursor), [keys])
        if cursor.fetchone()[0]:
            return False
    return True


def load_reference():
    """``call_command("loaddata", "fixtures/reference.json")``, quickly."""
    from wsis_portal.caching import bump_generation

    if connection.vendor != "postgresql":
        call_command("loaddata", str(FIXTURE_PATH), verbosity=0)
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            fast = bool(_kept) and _none_there_yet(cursor)
            if not fast:
                call_command("loaddata", str(FIXTURE_PATH), verbosity=0)
                if not _kept:
                    _keep()
                return
            for table, columns, rows in _kept:
                query = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
                )
                with cursor.cursor.copy(query) as copy:
                    copy.write(rows)
            for statement in connection.ops.sequence_reset_sql(no_style(), list(_fixture_keys())):
                cursor.execute(statement)
        connection.check_constraints(table_names=[table for table, _, _ in _kept])
        # What the rows' save signals did: cached pages and answers are stale.
        bump_generation()
        transaction.on_commit(bump_generation)


SEQUENCE_PAST = sql.SQL(
    "SELECT setval(seq, max_id) FROM (SELECT pg_get_serial_sequence(%s, 'id') AS seq,"
    " (SELECT max(id) FROM {}) AS max_id) AS kept WHERE seq IS NOT NULL"
    " AND COALESCE(pg_sequence_last_value(seq::regclass), 0) < max_id"
)
_built = {}  # name -> [(table, columns, rows as COPY text)], or None when it cannot be kept


def _writes(cursor):
    """Rows inserted, updated and deleted in each table so far in this transaction."""
    cursor.execute("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables")
    return {table: counts for table, *counts in cursor.fetchall()}


def _copy_out(cursor, table, columns):
    query = sql.SQL("COPY (SELECT {} FROM {}) TO STDOUT").format(
        sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table)
    )
    with cursor.cursor.copy(query) as copy:
        return b"".join(bytes(chunk) for chunk in copy)


def _is_empty(cursor, table):
    query = sql.SQL("SELECT NOT EXISTS (SELECT 1 FROM {})").format(sql.Identifier(table))
    cursor.execute(query.as_string(cursor.cursor))
    return cursor.fetchone()[0]


def built_once(name, build):
    """Run ``build()`` (importers, say) the first time in a test process and keep the rows it
    wrote; the next times, write the same rows back with COPY instead (rows, links, their
    keys), move the tables' sequences past them, check the constraints and make cached pages
    stale as the save signals did. Kept only when ``build()`` only inserted, into tables
    empty before; written back only into tables empty now; else ``build()`` runs again."""
    from wsis_portal.caching import bump_generation

    if connection.vendor != "postgresql":
        build()
        return
    with transaction.atomic(), connection.cursor() as cursor:
        kept = _built.get(name)
        if kept and all(_is_empty(cursor, table) for table, _, _ in kept):
            for table, columns, rows in kept:
                query = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
                )
                with cursor.cursor.copy(query) as copy:
                    copy.write(rows)
                if "id" in columns:  # the sequence past the rows' keys, if it is not
                    query = SEQUENCE_PAST.format(sql.Identifier(table))
                    cursor.execute(query.as_string(cursor.cursor), [table])
            connection.check_constraints(table_names=[table for table, _, _ in kept])
            bump_generation()
            transaction.on_commit(bump_generation)
            return
        before = _writes(cursor)
        build()
        if name in _built:
            return
        written = {}
        for table, counts in _writes(cursor).items():
            inserted, updated, deleted = (
                now - then for now, then in zip(counts, before.get(table, (0, 0, 0)), strict=True)
            )
            if inserted or updated or deleted:
                written[table] = (inserted, updated, deleted)
        _built[name] = None
        kept = []
        for table, (inserted, updated, deleted) in written.items():
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            cursor.execute(query.as_string(cursor.cursor))
            if updated or deleted or cursor.fetchone()[0] != inserted:
                return  # not only new rows in empty tables: nothing kept
            columns = _columns(table)
            kept.append((table, columns, _copy_out(cursor, table, columns)))
        _built[name] = kept


def import_sdgs_countries_and_lines():
    """The SDGs, countries and action lines as their importers build them from the shipped
    data (``import_sdgs``, ``import_countries``, ``import_action_lines``), built once in a
    test process and copied back after that."""
    from actionlines.importers import import_action_lines
    from actionlines.sdgs import import_sdgs
    from stocktaking.importers import import_countries

    def build():
        import_sdgs()
        import_countries()
        import_action_lines()

    built_once("SDGs, countries, action lines", build)
