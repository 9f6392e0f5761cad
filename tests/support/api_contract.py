"""The API contract: an endpoint's test declares what it serves and inherits the checks.

A subclass of ``ApiContract`` declares

- ``basename``: the router basename (``stocktaking-entry`` → ``/api/v1/stocktaking/``);
- ``make(n)``: create ``n`` objects every anonymous reader sees, return them;
- ``lookup(obj)``: the detail URL's key (code, acronym, slug, number or pk);
- ``filters``: ``{parameter: value}`` samples; ``make_pair()`` returns ``(match, other)`` and
  every sample must list ``match`` and not ``other`` (``Other(value)``: the reverse);
- ``ordering``: fields accepted by ``?ordering=``;
- ``key``: the name of the identifying field in the JSON (``id``, ``code``…).

and inherits: list, detail, one test per filter, ordering both ways, CSV (one row per item),
anonymous writes refused, and the same number of SQL queries for a list of 1 and of 100.
``tests/api/test_contracts.py`` fails when a router route has no contract.
"""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

CONTRACTS = {}


class Other:
    """A filter sample that selects ``other`` and not ``match`` (for range bounds: one pair
    can lie on only one side of a date)."""

    def __init__(self, value):
        self.value = value


class ApiContract:
    basename: str = ""
    key: str = "id"
    filters: dict = {}
    ordering: tuple = ()
    writable_methods: tuple = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.basename:
            CONTRACTS[cls.basename] = cls

    # --- declared by the endpoint's test ------------------------------------------------
    def make(self, n):  # pragma: no cover - declared by subclasses
        raise NotImplementedError

    def make_pair(self):  # pragma: no cover
        raise NotImplementedError

    def lookup(self, obj):
        return getattr(obj, self.key)

    # --- helpers ------------------------------------------------------------------------
    @property
    def list_url(self):
        return reverse(f"{self.basename}-list")

    def detail_url(self, obj):
        return reverse(f"{self.basename}-detail", args=[self.lookup(obj)])

    @pytest.fixture
    def client(self, db, settings):
        return APIClient()

    def keys(self, response):
        return [str(item[self.key]) for item in response.json()["results"]]

    # --- inherited tests ----------------------------------------------------------------
    def test_list(self, client):
        objects = self.make(3)
        response = client.get(self.list_url, {"page_size": 500})
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["count"] >= 3
        listed = self.keys(response)
        for obj in objects:
            assert str(self.lookup(obj)) in listed

    def test_detail(self, client):
        (obj,) = self.make(1)
        response = client.get(self.detail_url(obj))
        assert response.status_code == 200, response.content
        assert str(response.json()[self.key]) == str(self.lookup(obj))

    def test_unknown_detail_is_404(self, client):
        self.make(1)
        url = self.list_url + "no-such-thing-999999/"
        assert client.get(url).status_code == 404

    def test_filter(self, client, filter_name):
        match, other = self.make_pair()
        value = self.filters[filter_name]
        if isinstance(value, Other):
            match, other, value = other, match, value.value
        response = client.get(self.list_url, {filter_name: value, "page_size": 500})
        assert response.status_code == 200, response.content
        listed = self.keys(response)
        assert str(self.lookup(match)) in listed, f"{filter_name} lost the matching item"
        assert str(self.lookup(other)) not in listed, f"{filter_name} kept the other item"

    def test_ordering(self, client, ordering_field):
        self.make(3)
        for value in (ordering_field, f"-{ordering_field}"):
            response = client.get(self.list_url, {"ordering": value})
            assert response.status_code == 200, (value, response.content)

    def test_csv(self, client):
        objects = self.make(3)
        response = client.get(self.list_url, {"format": "csv", "page_size": 500})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        body = response.content.decode()
        rows = list(csv.reader(io.StringIO(body)))
        header, data = rows[0], rows[1:]
        assert self.key in header
        column = header.index(self.key)
        listed = [row[column] for row in data]
        assert len(listed) == len(set(listed)), "one row per item"
        for obj in objects:
            assert str(self.lookup(obj)) in listed

    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_anonymous_writes_refused(self, client, method):
        (obj,) = self.make(1)
        for url in (self.list_url, self.detail_url(obj)):
            response = getattr(client, method)(url, {"title": "x"}, format="json")
            assert response.status_code in (401, 405), (method, url, response.status_code)

    def test_query_count_does_not_grow_with_page_size(self, client):
        self.make(1)
        with CaptureQueriesContext(connection) as one:
            assert client.get(self.list_url, {"page_size": 100}).status_code == 200
        self.make(99)
        with CaptureQueriesContext(connection) as hundred:
            response = client.get(self.list_url, {"page_size": 100})
            assert response.status_code == 200
        assert len(response.json()["results"]) >= 100 or response.json()["count"] >= 100
        assert len(hundred) == len(one), [q["sql"] for q in hundred.captured_queries]


def parametrize_contract(metafunc):
    """Parametrise ``filter_name`` and ``ordering_field`` from the contract's declarations
    (called from ``tests/api/conftest.py``)."""
    cls = metafunc.cls
    if cls is None or not issubclass(cls, ApiContract):
        return
    if "filter_name" in metafunc.fixturenames:
        metafunc.parametrize(
            "filter_name",
            sorted(cls.filters) or [pytest.param(None, marks=pytest.mark.skip("no filters"))],
        )
    if "ordering_field" in metafunc.fixturenames:
        metafunc.parametrize(
            "ordering_field",
            list(cls.ordering) or [pytest.param(None, marks=pytest.mark.skip("no ordering"))],
        )
