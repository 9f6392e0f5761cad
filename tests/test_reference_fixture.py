"""The tests' quick load of fixtures/reference.json (tests/support/reference.py) leaves the
database as ``loaddata`` does: the same rows and links, the same sequences, cached pages made
stale; and a test that made one of the fixture's rows itself gets ``loaddata``'s own way."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from actionlines.models import Organization
from tests.support import reference
from tests.support.reference import load_reference
from wsis_portal.caching import generation
from wsis_portal.reference import FIXTURE_PATH

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the quick load is COPY's"),
]


def database_state():
    """Every row of the fixture's tables and links (a link's own id aside), and where each
    sequence stands."""
    state = {}
    with connection.cursor() as cursor:
        for table, key, _, columns in reference._tables():
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {names} FROM {table} ORDER BY {names}")  # noqa: S608
            state[table] = cursor.fetchall()
            if key != "id":  # a code for a key, or a link (whose ids are left to chance)
                continue
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            if sequence:
                cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
                state[sequence] = cursor.fetchone()
    return state


def rolled_back(load):
    with transaction.atomic():
        load()
        state = database_state()
        transaction.set_rollback(True)
    return state


def test_the_quick_load_writes_what_loaddata_writes():
    rolled_back(load_reference)  # the process's first load keeps the rows
    by_loaddata = rolled_back(lambda: call_command("loaddata", str(FIXTURE_PATH), verbosity=0))
    assert sum(len(rows) for rows in by_loaddata.values()) > 3181  # rows, links, sequences
    before = generation()
    with transaction.atomic():
        load_reference()
        assert generation() != before  # cached pages are stale, as the save signals make them
        assert database_state() == by_loaddata
        transaction.set_rollback(True)


def test_a_row_the_test_made_itself_is_overwritten_as_loaddata_overwrites_it():
    rolled_back(load_reference)
    key = reference._fixture_keys()[Organization][0]
    Organization.objects.create(pk=key, acronym="MINE", slug="mine", name="Mine")
    load_reference()
    assert Organization.objects.get(pk=key).acronym != "MINE"
    assert Organization.objects.count() == len(reference._fixture_keys()[Organization])
