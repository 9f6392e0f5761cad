"""Paging answers alike and leads to every row, in JSON and CSV; HEAD reads no row; a Bearer
token is a token; small inconsistencies of bad input (issue 19, item 2).

Malformed ``page``, ``page_size`` and ``cursor`` are 400s naming the parameter (as every other
parameter with a bad value); a well-formed page past the last is DRF's 404.
"""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.services import create_token
from tests.api.conftest import client_for
from tests.support.factories import ActionLineFactory, StocktakingEntryFactory

pytestmark = pytest.mark.django_db


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def links(response):
    """{rel: url} of the response's Link header."""
    found = {}
    for part in filter(None, response.get("Link", "").split(",")):
        url, rel = part.split(";")
        found[rel.strip().removeprefix('rel="').removesuffix('"')] = url.strip()[1:-1]
    return found


@pytest.mark.parametrize("path", ["/api/v1/stocktaking/", "/api/v1/sdgs/", "/api/v1/mandates/"])
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=1.5", "page"),
        ("page_size=abc", "page_size"),
        ("page_size=-1", "page_size"),
    ],
)
def test_malformed_page_or_size_is_400_naming_it(path, query, parameter):
    response = client_for(None).get(f"{path}?{query}")
    assert response.status_code == 400, response.content
    assert parameter in response.json()


@pytest.mark.parametrize("path", ["/api/v1/stocktaking/", "/api/v1/sdgs/"])
def test_page_past_the_last_is_404(path):
    StocktakingEntryFactory(state="published")
    response = client_for(None).get(path, {"page": 999})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("cursor", ["%00", "not%20base64!", "%C3%A9t%C3%A9", "cD0x%3D%3D%3D"])
def test_malformed_cursor_is_400(cursor):
    StocktakingEntryFactory(state="published")
    response = client_for(None).get(f"/api/v1/stocktaking/harvest/?cursor={cursor}")
    assert response.status_code == 400, response.content
    # NUL is refused before any view by the portal's middleware, naming no parameter.
    assert "cursor" in response.json() or cursor == "%00"


@pytest.mark.parametrize("cursor", ["garbage", "AAAA", "cD0x%3D", "bz0tMQ==", "cD0x"])
def test_cursor_of_no_position_is_404_as_a_page_past_the_last(cursor):
    """Base64 text that is no position of this list names no page: 404, as ``page=999``."""
    StocktakingEntryFactory(state="published")
    response = client_for(None).get(f"/api/v1/stocktaking/harvest/?cursor={cursor}")
    assert response.status_code == 404, response.content
    assert response.json()["code"] == "not_found"


def test_empty_cursor_is_400_as_every_empty_parameter():
    StocktakingEntryFactory(state="published")
    response = client_for(None).get("/api/v1/stocktaking/harvest/?cursor=")
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_harvest_csv_links_to_the_rest_and_every_row_comes_once():
    entries = StocktakingEntryFactory.create_batch(7, state="published")
    client = client_for(None)
    url, seen, pages = "/api/v1/stocktaking/harvest/?format=csv&page_size=3", [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = csv_rows(response)
        seen += [row[rows[0].index("id")] for row in rows[1:]]
        assert len(rows) - 1 <= 3
        url, pages = links(response).get("next"), pages + 1
    assert sorted(seen) == sorted(str(entry.pk) for entry in entries)
    assert pages == 3


def test_list_csv_honours_page_size_and_links_to_the_next_page():
    StocktakingEntryFactory.create_batch(5, state="published")
    client = client_for(None)
    response = client.get("/api/v1/stocktaking/", {"format": "csv", "page_size": 2})
    rows = csv_rows(response)
    assert len(rows) == 3  # the header and two entries
    found = links(response)
    assert "page=2" in found["next"] and "format=csv" in found["next"]
    assert "page=" not in found["first"]
    last = client.get("/api/v1/stocktaking/", {"format": "csv", "page_size": 2, "page": 3})
    assert len(csv_rows(last)) == 2
    assert "next" not in links(last) and "page=2" in links(last)["prev"]


def test_json_pages_carry_the_link_header_too():
    StocktakingEntryFactory.create_batch(3, state="published")
    response = client_for(None).get("/api/v1/stocktaking/", {"page_size": 2})
    assert links(response)["next"] == response.json()["next"]


def test_head_of_a_list_reads_no_row():
    StocktakingEntryFactory.create_batch(3, state="published")
    client = client_for(None)
    for url in (
        "/api/v1/stocktaking/?q=water&page_size=500",
        "/api/v1/stocktaking/?format=csv",
        "/api/v1/stocktaking/harvest/",
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.head(url)
        assert response.status_code == 200, url
        assert not any("stocktaking_stocktakingentry" in q["sql"] for q in queries), url
    assert client.head("/api/v1/stocktaking/?format=csv")["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("query", ["page=abc", "zz=1", "sdg=99", "ordering=zz", "page_size=0"])
def test_head_refuses_what_get_refuses(query):
    assert client_for(None).head(f"/api/v1/stocktaking/?{query}").status_code == 400


def test_bearer_token_is_the_token(stakeholder):
    draft = StocktakingEntryFactory(submitter=stakeholder, state="draft")
    _token, key = create_token(stakeholder, name="script", expires_in_days=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    listed = [item["id"] for item in client.get("/api/v1/stocktaking/").json()["results"]]
    assert draft.pk in listed
    response = client.post(
        "/api/v1/stocktaking/",
        {
            "title": "t",
            "description": "d",
            "organization_name": "o",
            "stakeholder_type": "civil_society",
        },
        format="json",
    )
    assert response.status_code == 201, response.content


def test_unknown_bearer_token_is_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-key")
    response = client.get("/api/v1/stocktaking/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_action_line_code_in_any_case():
    line = ActionLineFactory(code="C7", slug="c7")
    entry = StocktakingEntryFactory(state="published")
    entry.action_lines.add(line)
    for value in ("c7", "C7"):
        response = client_for(None).get("/api/v1/stocktaking/", {"action_line": value})
        assert response.status_code == 200, response.content
        assert [item["id"] for item in response.json()["results"]] == [entry.pk]


def test_two_group_by_values_are_400():
    response = client_for(None).get("/api/v1/stats/stocktaking/?group_by=sdg&group_by=year")
    assert response.status_code == 400
    assert "group_by" in response.json()
