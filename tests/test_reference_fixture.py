"""The tests' quick load of fixtures/reference.json (tests/support/reference.py) leaves the
database as ``loaddata`` does: the same rows and links, the same sequences, cached pages made
stale; and a test that made one of the fixture's rows itself gets ``loaddata``'s own way. What
the importers built once is copied back as they left it (running them again changes nothing)."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from actionlines.importers import import_action_lines
from actionlines.models import Organization
from actionlines.sdgs import import_sdgs
from stocktaking.importers import import_countries
from tests.support import reference
from tests.support.reference import import_sdgs_countries_and_lines, load_reference
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


def test_what_the_importers_built_once_is_copied_back_as_they_left_it():
    rolled_back(import_sdgs_countries_and_lines)
    # Kept: the importers only inserted, into empty tables.
    assert reference._built["SDGs, countries, action lines"]
    with transaction.atomic():
        before = generation()
        import_sdgs_countries_and_lines()
        assert generation() != before
        assert (import_sdgs(), import_countries(), import_action_lines()) == (0, 0, 0)
        # The sequences stand past the rows copied back.
        Organization.objects.create(acronym="NEW", slug="new", name="New")
        transaction.set_rollback(True)
