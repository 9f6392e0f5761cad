"""CSV exports at once are limited per client and in all (issue 19: exports must not take the
portal from other readers), counted in Redis, with slots a crashed worker held expiring, and
no limit at all when Redis is down (the portal serves rather than refuses)."""

import os
import time
import uuid

import pytest

from stocktaking.api.views import StocktakingEntryViewSet
from tests.api.conftest import client_for
from tests.stocktaking.test_redis_outage import free_port
from tests.support.factories import StocktakingEntryFactory
from wsis_portal.api.export_slots import ExportSlot, take_export_slot

LIST = "/api/v1/stocktaking/"
CSV = {"format": "csv"}
ANONYMOUS = "address:127.0.0.1"  # the test client's address, as the throttles count it


def redis_cache(location):
    return {
        "default": {
            "BACKEND": "wsis_portal.cache_backends.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"exports-{uuid.uuid4().hex}",  # this test's slots only
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def shared_redis(settings):
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs the Redis of REDIS_URL")
    settings.CACHES = redis_cache(url)
    settings.API_EXPORTS_PER_CLIENT, settings.API_EXPORTS_IN_ALL = 2, 3
    settings.API_EXPORT_RETRY_AFTER = 2


@pytest.fixture
def entries(db):
    return [StocktakingEntryFactory(state="published") for _ in range(3)]


def exports_under_way(client, count):
    """``count`` exports of ``client`` in progress elsewhere (other workers)."""
    slots = [take_export_slot(client) for _ in range(count)]
    assert all(isinstance(slot, ExportSlot) for slot in slots)
    return slots


def assert_refused(response, words):
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "2"
    body = response.json()
    assert body["code"] == "throttled" and words in body["detail"], body


def test_a_client_gets_two_exports_at_once_and_others_still_read(
    shared_redis, entries, stakeholder
):
    held = exports_under_way(ANONYMOUS, 2)
    anonymous = client_for(None)
    assert_refused(anonymous.get(LIST, CSV), "at most 2")
    assert_refused(anonymous.get("/api/v1/sdgs/", CSV), "at most 2")  # any CSV answer
    assert anonymous.get(LIST).status_code == 200  # JSON is no export
    assert anonymous.head(LIST, CSV).status_code == 200  # nor is a HEAD, which reads no row
    assert client_for(stakeholder).get(LIST, CSV).status_code == 200  # another client
    held[0].release()
    response = anonymous.get(LIST, CSV)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")


def test_exports_in_all_are_limited_too(shared_redis, entries, stakeholder):
    exports_under_way("user:somebody", 2)
    exports_under_way("address:192.0.2.7", 1)
    assert_refused(client_for(stakeholder).get(LIST, CSV), "as many CSV exports as it can")
    assert client_for(stakeholder).get(LIST).status_code == 200


def test_each_answer_gives_its_slot_back(shared_redis, settings, entries):
    settings.API_EXPORTS_PER_CLIENT = 1
    client = client_for(None)
    for _ in range(3):  # one at a time, as many as wanted
        assert client.get(LIST, CSV).status_code == 200
    assert client.get(LIST, {**CSV, "country": "ZZ"}).status_code == 400  # an error, too
    assert client.get(LIST, {**CSV, "page": 99}).status_code == 404
    assert client.get(LIST, CSV).status_code == 200
    # Nothing is left held: this client's one slot is free for an export elsewhere.
    assert isinstance(take_export_slot(ANONYMOUS), ExportSlot)


def test_the_slot_is_given_back_when_the_view_fails(shared_redis, settings, entries, monkeypatch):
    settings.API_EXPORTS_PER_CLIENT = 1
    client = client_for(None)
    client.raise_request_exception = False

    def fails(self, request, *args, **kwargs):
        raise RuntimeError("a bug")

    with monkeypatch.context() as patch:
        patch.setattr(StocktakingEntryViewSet, "list", fails)
        assert client.get(LIST, CSV).status_code == 500
    assert client.get(LIST, CSV).status_code == 200


def test_a_crashed_workers_slots_expire(shared_redis, settings, entries):
    settings.API_EXPORT_SLOT_SECONDS = 0.2
    exports_under_way(ANONYMOUS, 2)  # never given back: their workers died
    assert client_for(None).get(LIST, CSV).status_code == 429
    time.sleep(0.3)
    assert client_for(None).get(LIST, CSV).status_code == 200


def test_exports_are_served_without_a_limit_while_redis_is_down(settings, entries):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens
    settings.API_EXPORTS_PER_CLIENT = settings.API_EXPORTS_IN_ALL = 0
    client = client_for(None)
    for _ in range(2):
        response = client.get(LIST, CSV)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")


def test_without_a_redis_cache_there_is_no_limit(settings, entries):
    settings.API_EXPORTS_PER_CLIENT = settings.API_EXPORTS_IN_ALL = 0  # the API tests' locmem
    assert client_for(None).get(LIST, CSV).status_code == 200


def test_the_schema_documents_the_refusal(db):
    schema = client_for(None).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"][LIST]["get"]
    refusal = operation["responses"]["429"]
    assert "CSV exports at once" in refusal["description"]
    assert refusal["headers"]["Retry-After"]["schema"]["type"] == "integer"
    assert refusal["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    format_parameter = next(p for p in operation["parameters"] if p["name"] == "format")
    assert "429" in format_parameter["description"]
