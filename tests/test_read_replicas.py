"""Readers off the primary (issue 19, item 7): with a read replica configured, anonymous and
API reads go to it; writes, signed-in pages, a writer's next reads, tasks and commands go to
the primary; an unreachable replica sends its readers to the primary, and so does one whose
open connection is lost while it serves (its backend terminated from another connection).

The replica here is a real second connection (alias ``replica_1``) to the test database, as
``DATABASE_REPLICA_URLS`` would add one, so each query shows which alias ran it. Transactions
are committed (``transaction=True``): the second connection sees what the first wrote.
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.db.utils import load_backend
from django.test import Client
from django.test.utils import CaptureQueriesContext

from stocktaking.models import StocktakingEntry
from tests.support.factories import StocktakingEntryFactory
from wsis_portal.db_routing import RECENT_WRITE_KEY, _down_until

pytestmark = pytest.mark.django_db(transaction=True)

ENTRIES = "stocktaking_stocktakingentry"


def add_alias(alias, **changes):
    """A connection of its own under ``alias``, to the test database (or wherever ``changes``
    point): made directly rather than through ``settings.DATABASES``, which the test case
    fixed when it started (a connection it does not know is one it allows)."""
    config = {**connections.settings["default"], **changes}
    wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias)
    setattr(connections._connections, alias, wrapper)


def drop_alias(alias):
    connections[alias].close()
    delattr(connections._connections, alias)


@pytest.fixture
def replica(settings):
    add_alias("replica_1")
    settings.DATABASE_REPLICAS = ["replica_1"]
    yield "replica_1"
    drop_alias("replica_1")
    _down_until.clear()


def time_passes(client=None):
    """The sticky window is over: the cookie has expired and the replicas have caught up."""
    cache.delete(RECENT_WRITE_KEY)
    if client is not None:
        client.cookies.pop("wsis_primary", None)


class Reads:
    """The SQL each alias ran during the block."""

    def __init__(self, replica):
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections[replica])

    def __enter__(self):
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    def read(self, where, table=ENTRIES):
        queries = self.primary if where == "primary" else self.replica
        return any(table in query["sql"] for query in queries.captured_queries)


def test_readers_go_to_the_replica_and_writers_read_their_writes_on_the_primary(
    client, replica, stakeholder
):
    StocktakingEntryFactory(state="published", title="Rural broadband")
    time_passes()

    # An anonymous reader: the API and the pages read the replica.
    for path in ["/api/v1/stocktaking/", "/stocktaking/"]:
        with Reads(replica) as reads:
            assert client.get(path).status_code == 200
        assert reads.read("replica") and not reads.read("primary"), path

    # A signed-in user: their pages read the primary, their API reads the replica.
    client.force_login(stakeholder)
    with Reads(replica) as reads:
        assert client.get("/stocktaking/mine/").status_code == 200
    assert reads.read("primary") and not reads.read("replica")
    with Reads(replica) as reads:
        assert client.get("/api/v1/stocktaking/").status_code == 200
    assert reads.read("replica") and not reads.read("primary")

    # A write goes to the primary, and the writer's next reads too (the sticky cookie).
    with Reads(replica) as reads:
        created = client.post(
            "/api/v1/stocktaking/",
            {
                "title": "Telemedicine vans",
                "description": "Mobile clinics with satellite links.",
                "organization_name": "Health on Wheels",
                "stakeholder_type": "civil_society",
            },
            content_type="application/json",
        )
    assert created.status_code == 201, created.content
    assert created.cookies["wsis_primary"]["max-age"] == 5
    assert reads.read("primary") and not reads.replica.captured_queries
    with Reads(replica) as reads:
        mine = client.get(f"/api/v1/stocktaking/{created.json()['id']}/")
    assert mine.status_code == 200 and mine.json()["title"] == "Telemedicine vans"
    assert reads.read("primary") and not reads.replica.captured_queries

    # Meanwhile everyone reads the primary: nothing is cached from a replica behind the write.
    with Reads(replica) as reads:
        assert client.get("/api/v1/stocktaking/", HTTP_COOKIE="").status_code == 200
    assert not reads.replica.captured_queries

    # Once the window is over, the replica again.
    time_passes(client)
    with Reads(replica) as reads:
        assert client.get("/api/v1/stocktaking/").status_code == 200
    assert reads.read("replica") and not reads.read("primary")


def test_tasks_and_commands_read_the_primary(replica):
    from stocktaking.tasks import mark_inactive_entries_task
    from wsis_portal.db_routing import _reading_from

    StocktakingEntryFactory(state="published")
    time_passes()
    # Even a task run eagerly inside a reader's request (whose reads go to the replica).
    token = _reading_from.set(replica)
    try:
        with Reads(replica) as reads:
            mark_inactive_entries_task.apply()
    finally:
        _reading_from.reset(token)
    assert reads.read("primary") and not reads.replica.captured_queries

    with Reads(replica) as reads:
        call_command("mark_inactive_entries")
    assert reads.read("primary") and not reads.replica.captured_queries


def test_an_unreachable_replica_sends_its_readers_to_the_primary(client, settings):
    add_alias("replica_down", HOST="127.0.0.1", PORT="1")
    settings.DATABASE_REPLICAS = ["replica_down"]
    try:
        StocktakingEntryFactory(state="published", title="Rural broadband")
        time_passes()
        with CaptureQueriesContext(connections["default"]) as primary:
            response = client.get("/api/v1/stocktaking/")
        assert response.status_code == 200 and "Rural broadband" in response.content.decode()
        assert any(ENTRIES in query["sql"] for query in primary.captured_queries)
    finally:
        drop_alias("replica_down")


def terminate(alias):
    """Kill ``alias``'s server process from the primary's connection, as a replica restarted
    (or a proxy or failover cut it) under an open connection; returns once it is gone."""
    pid = connections[alias].connection.info.backend_pid
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 10000)", [pid])
        assert cursor.fetchone() == (True,)


def test_a_replica_lost_under_an_open_connection_is_read_again_on_the_primary(replica):
    # Errors are answers here (a 503 would be the bug), not exceptions raised into the test.
    client = Client(raise_request_exception=False)
    StocktakingEntryFactory(state="published", title="Rural broadband")
    time_passes()
    with Reads(replica) as reads:
        assert client.get("/api/v1/stocktaking/").status_code == 200
    assert reads.read("replica")  # the replica's connection is open, and stays open

    terminate(replica)
    with Reads(replica) as reads:
        response = client.get("/api/v1/stocktaking/")
    assert response.status_code == 200, response.content
    assert [item["title"] for item in response.json()["results"]] == ["Rural broadband"]
    assert reads.read("primary")

    # The replica is left alone for a while: its readers go straight to the primary.
    with Reads(replica) as reads:
        assert client.get("/api/v1/stocktaking/?ordering=title").status_code == 200
    assert reads.read("primary") and not reads.replica.captured_queries

    # Once the retry time is over, a new connection to it serves again (a list not asked
    # before: a page asked twice in a content version is served from the cache).
    _down_until.clear()
    with Reads(replica) as reads:
        response = client.get("/api/v1/stocktaking/?ordering=-title")
    assert response.status_code == 200 and "Rural broadband" in response.content.decode()
    assert reads.read("replica") and not reads.read("primary")


def test_a_query_failing_on_a_live_replica_is_not_hidden_by_the_primary(settings):
    """Only a lost connection is retried: a real query error (here a replica whose tables
    cannot be found, its search path pointing nowhere) is the error it is, not a silent read
    of the primary."""
    options = {**connections.settings["default"].get("OPTIONS", {})}
    options["options"] = "-c search_path=nowhere"
    add_alias("replica_wrong", OPTIONS=options)
    settings.DATABASE_REPLICAS = ["replica_wrong"]
    client = Client(raise_request_exception=False)
    try:
        StocktakingEntryFactory(state="published")
        time_passes()
        with CaptureQueriesContext(connections["default"]) as primary:
            response = client.get("/api/v1/stocktaking/")
        assert response.status_code == 500
        assert response.json()["code"] == "server_error"
        assert not any(ENTRIES in query["sql"] for query in primary.captured_queries)
        assert "replica_wrong" not in _down_until  # it answers: it is not marked down
    finally:
        drop_alias("replica_wrong")


def test_migrations_and_writes_are_the_primarys():
    from wsis_portal.db_routing import ReplicaRouter

    router = ReplicaRouter()
    assert router.db_for_write(StocktakingEntry) == "default"
    assert router.allow_migrate("replica_1", "stocktaking") is False
    assert router.allow_migrate("default", "stocktaking") is True
    assert router.db_for_read(StocktakingEntry) == "default"  # outside a request
