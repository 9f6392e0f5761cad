"""``stats/stocktaking/?group_by=a,b`` (issue 19, item 4): an analyst's pivot table in one
request, counts checked against the database."""

import csv
import io
import itertools

import pytest

from stocktaking.api.views import GROUPS
from stocktaking.models import StocktakingEntry
from tests.api.conftest import client_for
from tests.api.test_stats import entries  # noqa: F401 - the fixture

ADDRESS = "/api/v1/stats/stocktaking/"


def pairs(client=None, **params):
    response = (client or client_for(None)).get(ADDRESS, params)
    assert response.status_code == 200, response.content
    body = response.json()
    return body, {(r["key"], r["key_2"]): r["count"] for r in body["results"]}


def expected_pairs(first, second, entries_qs):
    """The pairs counted in Python from the entries themselves."""

    def keys(entry, name):
        if name == "action_line":
            return [line.code for line in entry.action_lines.all()]
        if name == "sdg":
            return [str(goal.number) for goal in entry.sdgs.all()]
        if name == "country":
            return [country.code for country in entry.countries.all()]
        if name == "region":
            return [str(code) for code in entry.region_codes or []]
        if name == "year":
            return [str(entry.created_at.year)]
        return [getattr(entry, name)]

    counts = {}
    for entry in entries_qs:
        for pair in itertools.product(keys(entry, first), keys(entry, second)):
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def test_action_line_by_region(entries):  # noqa: F811
    body, rows = pairs(group_by="action_line,region")
    assert body["group_by"] == "action_line,region"
    assert body["total"] == 3
    assert rows == {
        ("C3", "2"): 2,
        ("C3", "14"): 2,
        ("C7-e-health", "2"): 1,
        ("C7-e-health", "14"): 1,
        ("C7-e-health", "150"): 1,
    }
    first = body["results"][0]
    assert first["label"] and first["label_2"] in ("Africa", "Eastern Africa", "Europe")


@pytest.mark.parametrize(("first", "second"), list(itertools.permutations(GROUPS, 2)))
def test_every_pair_matches_the_database(entries, first, second):  # noqa: F811
    published = StocktakingEntry.objects.filter(state="published")
    _body, rows = pairs(group_by=f"{first},{second}")
    assert rows == expected_pairs(first, second, published)


def test_filters_and_visibility_apply(entries, moderator):  # noqa: F811
    _body, rows = pairs(group_by="state,country", action_line="C7")
    assert rows == {("published", "FR"): 1, ("published", "KE"): 1}
    _body, rows = pairs(client_for(moderator), group_by="state,country", action_line="C7")
    assert rows == {("published", "FR"): 1, ("published", "KE"): 1, ("draft", "KE"): 1}


def test_long_format_csv(entries):  # noqa: F811
    response = client_for(None).get(ADDRESS, {"group_by": "sdg,year", "format": "csv"})
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0] == ["key", "label", "key_2", "label_2", "count"]
    assert table[1][0] == "3" and table[1][2] == "2024" and table[1][4] == "1"


@pytest.mark.parametrize(
    "group_by", ["region,region", "sdg,sdg,year", "sdg,colour", "sdg,", ",sdg"]
)
def test_bad_pairs_are_400(entries, group_by):  # noqa: F811
    response = client_for(None).get(ADDRESS, {"group_by": group_by})
    assert response.status_code == 400
    assert "group_by" in response.json()


def test_cached_and_cheap(entries, django_assert_max_num_queries):  # noqa: F811
    client = client_for(None)
    with django_assert_max_num_queries(5):  # the pairs, two label lookups, the total
        client.get(ADDRESS, {"group_by": "action_line,country"})
    with django_assert_max_num_queries(0):
        answer = client.get(ADDRESS, {"group_by": "action_line,country"})
    assert answer.status_code == 200


def test_schema_documents_pairs(db):
    schema = client_for(None).get("/api/schema/?format=json").json()
    parameters = schema["paths"][ADDRESS]["get"]["parameters"]
    group_by = next(p for p in parameters if p["name"] == "group_by")
    assert "action_line" in group_by["schema"]["items"]["enum"]
    assert group_by["schema"]["maxItems"] == 2 and group_by["explode"] is False
    assert "two" in group_by["description"]
