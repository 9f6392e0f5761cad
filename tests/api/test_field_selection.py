"""``?fields=`` (issue 19, item 3): an analyst asks for the columns they need, in JSON and CSV,
and a misspelt one is a 400 naming it, not a silently missing column."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import client_for
from tests.support.factories import SDGFactory, StocktakingEntryFactory


@pytest.fixture
def entries(db):
    SDGFactory(number=3)
    return [StocktakingEntryFactory(state="published") for _ in range(3)]


def test_list_json_has_only_the_fields_asked(entries):
    body = client_for(None).get("/api/v1/stocktaking/?fields=title,id").json()
    assert [set(row) for row in body["results"]] == [{"id", "title"}] * 3
    assert {row["id"] for row in body["results"]} == {e.pk for e in entries}
    assert body["count"] == 3  # the envelope is kept


def test_defaults_unchanged(entries):
    row = client_for(None).get("/api/v1/stocktaking/").json()["results"][0]
    assert {"id", "title", "countries", "web_url", "state"} <= set(row)


def test_csv_columns_follow(entries):
    text = client_for(None).get("/api/v1/stocktaking/?format=csv&fields=id,sdgs").content
    rows = list(csv.reader(io.StringIO(text.decode())))
    assert rows[0] == ["id", "sdgs"]
    assert len(rows) == 4


def test_detail_and_harvest_and_reference_lists(entries):
    client = client_for(None)
    detail = client.get(f"/api/v1/stocktaking/{entries[0].pk}/?fields=title")
    assert detail.json() == {"title": entries[0].title}
    harvest = client.get("/api/v1/stocktaking/harvest/?fields=id").json()
    assert [set(row) for row in harvest["results"]] == [{"id"}] * 3
    sdgs = client.get("/api/v1/sdgs/?fields=number").json()
    assert sdgs["results"] == [{"number": 3}]


@pytest.mark.parametrize("method", ["get", "head"])
def test_unknown_field_is_a_400_naming_it(entries, method):
    answer = getattr(client_for(None), method)("/api/v1/stocktaking/?fields=title,colour")
    assert answer.status_code == 400
    if method == "get":
        message = answer.json()["fields"][0]
        assert "colour" in message and "title" in message


def test_not_offered_where_nothing_is_chosen(entries):
    answer = client_for(None).get("/api/v1/stats/stocktaking/?group_by=sdg&fields=count")
    assert answer.status_code == 400
    assert "fields" in answer.json()


def test_selection_costs_no_more_queries(entries, django_assert_max_num_queries):
    client = client_for(None)
    full, chosen = "/api/v1/stocktaking/?page_size=2", "/api/v1/stocktaking/?page_size=2&fields=id"
    client.get(full), client.get(chosen)  # the counts are remembered after the first asking
    with CaptureQueriesContext(connection) as queries:
        client.get(full, HTTP_IF_NONE_MATCH="")
    with django_assert_max_num_queries(len(queries)):
        assert client.get(chosen).json()["results"][0].keys() == {"id"}


def test_schema_documents_it(db):
    schema = client_for(None).get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/stocktaking/"]["get"]["parameters"]
    fields = next(p for p in parameters if p["name"] == "fields")
    assert "title" in fields["description"]
    assert "pattern" in fields["schema"]
    stats = schema["paths"]["/api/v1/stats/stocktaking/"]["get"]["parameters"]
    assert "fields" not in [p["name"] for p in stats]
