"""The schema's closed sets (action lines, countries, regions, SDGs, organisations…) come from
the database when the schema is served. On a fresh installation, before ``load_reference``,
those tables are empty: the schema must still be a valid OpenAPI document that says what a
code looks like (a pattern, or bounds), never an empty ``enum`` that no value satisfies.

Codes are taken in any case everywhere (filters, bodies, addresses: ``c7`` is C7, ``ken`` is
KEN, ``itu`` is ITU), and the schema says exactly that: a pattern matching the known codes in
any case, which a value matches when, and only when, the server takes it.
"""

import re

import pytest
from drf_spectacular.validation import validate_schema

from actionlines.models import SDGTarget
from tests.api.conftest import client_for
from tests.support.factories import (
    ActionLineFactory,
    CountryFactory,
    OrganizationFactory,
    RegionFactory,
    SDGFactory,
    StocktakingEntryFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/stocktaking/"


def served_schema(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # raises on a document that is not valid OpenAPI 3
    return schema


def nodes(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from nodes(value)


def parameter(schema, path, name):
    """The schema of one value of ``path``'s GET parameter ``name`` (an item of a list)."""
    for item in schema["paths"][path]["get"]["parameters"]:
        if item["name"] == name:
            return item["schema"].get("items", item["schema"])
    raise AssertionError(f"{path} has no parameter {name}")


def write_field(schema, component, name):
    field = schema["components"]["schemas"][component]["properties"][name]
    return field.get("items", field)


def test_with_an_empty_database_the_schema_is_valid_and_says_what_a_code_looks_like(client):
    schema = served_schema(client)
    assert not any(node.get("enum") == [] for node in nodes(schema))
    assert not any("x-vocabulary" in node for node in nodes(schema))

    action_line = parameter(schema, LIST, "action_line")
    assert "enum" not in action_line and action_line["pattern"].startswith("^[Cc]")
    region = parameter(schema, LIST, "region")
    assert (region["type"], region["minimum"], region["maximum"]) == ("integer", 1, 999)
    sdgs = write_field(schema, "StocktakingEntryWriteRequest", "sdgs")
    assert (sdgs["minimum"], sdgs["maximum"]) == (1, 17)
    assert "pattern" in parameter(schema, LIST, "sdg_target")
    # Countries come from the ISO list shipped with the code, not from the database.
    assert re.match(parameter(schema, LIST, "country")["pattern"], "KEN")


def test_with_reference_data_the_schema_lists_the_codes(client):
    ActionLineFactory(code="C7", slug="c7")
    RegionFactory(code=2, name="Africa")
    SDGFactory(number=9)
    schema = served_schema(client)
    assert parameter(schema, LIST, "region")["enum"] == [2]
    sdgs = write_field(schema, "StocktakingEntryWriteRequest", "sdgs")
    assert sdgs["enum"] == [9] and "minimum" not in sdgs


@pytest.fixture
def reference(db):
    c7 = ActionLineFactory(code="C7", slug="c7")
    health = ActionLineFactory(code="C7-e-health", slug="c7-e-health", parent=c7)
    target = SDGTarget.objects.create(goal=SDGFactory(number=9), code="9.c", sort_order=1)
    kenya = CountryFactory(code="KE", alpha3="KEN", name="Kenya")
    itu = OrganizationFactory(acronym="ITU")
    entry = StocktakingEntryFactory(state="published", organization=itu)
    entry.action_lines.add(health)
    entry.sdg_targets.add(target)
    entry.countries.add(kenya)
    return entry


#: (parameter, values the server takes, values it refuses)
CODES = [
    ("action_line", ["C7", "c7", "c7-E-HEALTH"], ["C8", "c7-e", "C77"]),
    ("country", ["KE", "ken", "Ke"], ["KEE", "XQ"]),
    ("sdg_target", ["9.c", "9.C"], ["9.d", "9c"]),
]


@pytest.mark.parametrize(("name", "taken", "refused"), CODES)
def test_a_code_in_any_case_is_taken_exactly_when_the_schema_says_so(
    reference, client, name, taken, refused
):
    pattern = re.compile(parameter(served_schema(client), LIST, name)["pattern"])
    for value in taken:
        response = client.get(LIST, {name: value})
        assert response.status_code == 200, (value, response.content)
        assert [item["id"] for item in response.json()["results"]] == [reference.pk], value
        assert pattern.match(value), value
    for value in refused:
        response = client.get(LIST, {name: value})
        assert response.status_code == 400 and name in response.json(), value
        assert not pattern.match(value), value


def test_a_body_and_an_address_take_codes_in_any_case(reference, stakeholder):
    client = client_for(stakeholder)
    response = client.post(
        LIST,
        {
            "title": "Rural clinics online",
            "description": "Telemedicine for rural clinics.",
            "organization_name": "Health on Wheels",
            "stakeholder_type": "civil_society",
            "action_lines": ["c7-E-HEALTH"],
            "countries": ["ken"],
            "sdg_targets": ["9.C"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()  # read back as the codes are written
    assert (body["action_lines"], body["countries"], body["sdg_targets"]) == (
        ["C7-e-health"],
        ["KE"],
        ["9.c"],
    )
    refused = client.post(LIST, {**body, "action_lines": ["c8"]}, format="json")
    assert refused.status_code == 400 and "action_lines" in refused.json()

    for address, key, value in [
        ("/api/v1/action-lines/c7/", "code", "C7"),
        ("/api/v1/organizations/itu/", "acronym", "ITU"),
        ("/api/v1/countries/ke/", "code", "KE"),
    ]:
        response = client.get(address)
        assert response.status_code == 200 and response.json()[key] == value, address


def test_with_the_database_away_the_schema_asks_it_once_and_still_describes_every_code(
    monkeypatch,
):
    """``check --deploy`` and an offline ``spectacular`` build the schema with no database:
    the first set that cannot be read stands for all (each further attempt would wait for a
    connection, with the pool its whole timeout), and every code keeps its format."""
    from django.db import OperationalError

    from wsis_portal.api import vocabularies

    asked = []

    def away(name):
        def codes():
            asked.append(name)
            raise OperationalError("connection refused")

        return codes

    for name in ("first", "second"):
        monkeypatch.setitem(vocabularies._SETS, name, away(name))
        monkeypatch.setitem(vocabularies._FALLBACKS, name, {"pattern": "^[A-Z]+$"})
    document = {
        "a": vocabularies.vocabulary("first"),
        "b": [vocabularies.vocabulary("second"), vocabularies.vocabulary("first")],
    }
    result = vocabularies.closed_sets(document, None, None, True)

    assert asked == ["first"]
    assert result == {
        "a": {"type": "string", "pattern": "^[A-Z]+$"},
        "b": [
            {"type": "string", "pattern": "^[A-Z]+$"},
            {"type": "string", "pattern": "^[A-Z]+$"},
        ],
    }
