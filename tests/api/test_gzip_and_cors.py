"""gzip for the API's JSON and CSV reads (never where a secret could leak through it), and
CORS for browser notebooks reading the API from another site (reads only, no cookies)."""

import gzip
import json

import pytest
from django.test import Client

from tests.api.conftest import client_for
from tests.support.factories import StocktakingEntryFactory

LIST = "/api/v1/stocktaking/"
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
NOTEBOOK = "https://notebook.example.org"


@pytest.fixture
def entries(db):
    return StocktakingEntryFactory.create_batch(5, state="published")


@pytest.mark.parametrize("format", ["json", "csv"])
def test_reads_are_gzipped_for_clients_that_accept_it(entries, format):
    client = client_for(None)
    plain = client.get(LIST, {"format": format})
    packed = client.get(LIST, {"format": format}, **GZIP)
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content)


def test_a_gzipped_answer_keeps_a_strong_etag_that_revalidates(entries):
    client = client_for(None)
    first = client.get(LIST, **GZIP)
    again = client.get(LIST, **GZIP)
    assert first["ETag"].startswith('"') and first["ETag"] == again["ETag"]
    assert first.content == again.content  # the same bytes: the strong tag is true
    assert first["ETag"] != client.get(LIST)["ETag"]  # the plain answer is another one
    assert client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"], **GZIP).status_code == 304


def test_answers_to_a_browser_session_are_not_compressed(entries, stakeholder):
    """A session cookie goes with every request a browser makes, a third party's included:
    its answers are never compressed (BREACH)."""
    client = Client()
    client.force_login(stakeholder)
    response = client.get(LIST, **GZIP)
    assert response.status_code == 200 and "Content-Encoding" not in response


def test_the_browsable_api_and_writes_are_not_compressed(entries, stakeholder):
    page = client_for(None).get(LIST, HTTP_ACCEPT="text/html", **GZIP)
    assert page["Content-Type"].startswith("text/html") and "Content-Encoding" not in page
    created = client_for(stakeholder).post(
        LIST,
        {
            "title": "A long enough title " * 10,
            "description": "Compressible " * 50,
            "organization_name": "Example",
            "stakeholder_type": "academia",
        },
        format="json",
        **GZIP,
    )
    assert created.status_code == 201 and "Content-Encoding" not in created


def test_a_notebook_on_another_site_may_read_the_api(entries):
    response = Client().get(LIST, HTTP_ORIGIN=NOTEBOOK)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    exposed = response["Access-Control-Expose-Headers"].lower().replace(" ", "").split(",")
    assert {"link", "etag", "ratelimit-remaining", "retry-after"} <= set(exposed)
    assert json.loads(response.content)["count"] == 5


@pytest.mark.parametrize(
    ("method", "allowed"), [("GET", True), ("POST", False), ("PATCH", False), ("DELETE", False)]
)
def test_the_preflight_offers_reads_only(db, method, allowed):
    response = Client().options(
        LIST,
        HTTP_ORIGIN=NOTEBOOK,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, if-none-match",
    )
    assert response.status_code == 200
    offered = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert offered == {"GET", "HEAD", "OPTIONS"}
    assert (method in offered) is allowed
    assert "authorization" in response["Access-Control-Allow-Headers"]


def test_pages_outside_the_api_get_no_cors_headers(db):
    response = Client().get("/", HTTP_ORIGIN=NOTEBOOK)
    assert "Access-Control-Allow-Origin" not in response
